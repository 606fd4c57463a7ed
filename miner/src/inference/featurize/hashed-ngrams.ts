import { z } from "zod";

/**
 * Hashed word + character n-gram features (the "hashing trick"), shared by training and the miner so both see
 * byte-identical vectors. Steps, in order, so another implementation can reproduce them:
 * 1. NFKC-normalize; lowercase when `lowercase`.
 * 2. Words: split on runs of Unicode whitespace, punctuation and symbols. A word n-gram's key is `w:` + its
 *    words joined by one space.
 * 3. Characters: collapse whitespace runs to one space, drop a space between two Han/Kana characters (so
 *    segmented and unsegmented Chinese give the same grams), pad with one space each side. A char n-gram's
 *    key is `c:` + its code points; grams that are only spaces are skipped.
 * 4. h = FNV-1a 32-bit over the key's UTF-8 bytes, offset basis XOR `seed`; bucket = h mod dims; sign = +1
 *    when bit 31 of h is 0, else -1. Add the sign to the bucket.
 * 5. L2-normalize (an all-zero vector stays zero).
 */
export const hashedNgramsConfigSchema = z.strictObject({
  kind: z.literal("hashed-ngrams"),
  dims: z
    .number()
    .int()
    .min(16)
    .max(1 << 20),
  wordNgrams: z.array(z.number().int().min(1).max(5)).max(5),
  charNgrams: z.array(z.number().int().min(1).max(8)).max(8),
  lowercase: z.boolean(),
  seed: z.number().int().min(0).max(0xffffffff),
});
export type HashedNgramsConfig = z.infer<typeof hashedNgramsConfigSchema>;

/** A sparse feature vector: strictly increasing bucket indices and their values. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const SPLIT_WORDS = /[\p{White_Space}\p{P}\p{S}]+/u;
const WHITESPACE_RUN = /\s+/gu;
const HAN_KANA = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** The dense, L2-normalized feature vector of `text` (length `cfg.dims`), as the model contract defines it. */
export function hashedNgrams(text: string, cfg: HashedNgramsConfig): Float32Array {
  const sparse = hashedNgramsSparse(text, cfg);
  const out = new Float32Array(cfg.dims);
  for (let i = 0; i < sparse.indices.length; i++)
    out[sparse.indices[i] as number] = sparse.values[i] as number;
  return out;
}

/** The same vector as `hashedNgrams`, kept sparse: what the trainers use, since a text touches few buckets. */
export function hashedNgramsSparse(text: string, cfg: HashedNgramsConfig): SparseVector {
  let norm = text.normalize("NFKC");
  if (cfg.lowercase) norm = norm.toLowerCase();
  const counts = new Map<number, number>();
  const add = (h: number) => {
    const bucket = h % cfg.dims;
    counts.set(bucket, (counts.get(bucket) ?? 0) + (h >>> 31 === 0 ? 1 : -1));
  };
  if (cfg.wordNgrams.length > 0) {
    const words = norm.split(SPLIT_WORDS).filter((w) => w.length > 0);
    for (const n of cfg.wordNgrams) {
      for (let i = 0; i + n <= words.length; i++)
        add(fnv1a(`w:${words.slice(i, i + n).join(" ")}`, cfg.seed));
    }
  }
  if (cfg.charNgrams.length > 0) {
    const chars = Array.from(` ${collapseSpaces(norm)} `);
    for (const n of cfg.charNgrams) {
      for (let i = 0; i + n <= chars.length; i++) {
        const gram = chars.slice(i, i + n);
        if (gram.every((c) => c === " ")) continue;
        add(fnv1a(`c:${gram.join("")}`, cfg.seed));
      }
    }
  }
  const indices = Int32Array.from([...counts.keys()].filter((k) => counts.get(k) !== 0)).sort();
  const values = new Float32Array(indices.length);
  let sumSq = 0;
  indices.forEach((k, i) => {
    const v = counts.get(k) as number;
    values[i] = v;
    sumSq += v * v;
  });
  if (sumSq > 0) {
    const inv = 1 / Math.sqrt(sumSq);
    for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) * inv;
  }
  return { indices, values };
}

/** FNV-1a 32-bit over the UTF-8 bytes of `key`, offset basis XOR `seed` (seed 0 = standard FNV-1a). */
export function fnv1a(key: string, seed = 0): number {
  let h = (FNV_OFFSET ^ seed) >>> 0;
  const step = (byte: number) => {
    h = Math.imul(h ^ byte, FNV_PRIME) >>> 0;
  };
  for (const ch of key) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x80) step(cp);
    else if (cp < 0x800) {
      step(0xc0 | (cp >> 6));
      step(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      step(0xe0 | (cp >> 12));
      step(0x80 | ((cp >> 6) & 0x3f));
      step(0x80 | (cp & 0x3f));
    } else {
      step(0xf0 | (cp >> 18));
      step(0x80 | ((cp >> 12) & 0x3f));
      step(0x80 | ((cp >> 6) & 0x3f));
      step(0x80 | (cp & 0x3f));
    }
  }
  return h;
}

function collapseSpaces(text: string): string {
  const chars = Array.from(text.replace(WHITESPACE_RUN, " ").trim());
  return chars
    .filter((c, i) => !(c === " " && HAN_KANA.test(chars[i - 1] ?? "") && HAN_KANA.test(chars[i + 1] ?? "")))
    .join("");
}
