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

/**
 * The same vector as `hashedNgrams`, kept sparse: what the trainers use, since a text touches few buckets.
 * This runs on the miner's request path (eleven texts per response-selection task), so the grams are never
 * built as strings: FNV-1a is extended byte by byte from each start position, one pass giving every n.
 */
export function hashedNgramsSparse(text: string, cfg: HashedNgramsConfig): SparseVector {
  let norm = text.normalize("NFKC");
  if (cfg.lowercase) norm = norm.toLowerCase();
  const counts = scratchCounts(cfg.dims);
  const touched: number[] = [];
  const add = (h: number) => {
    const bucket = h % cfg.dims;
    if (counts.touched[bucket] === 0) {
      counts.touched[bucket] = 1;
      touched.push(bucket);
    }
    counts.sums[bucket] = (counts.sums[bucket] as number) + (h >>> 31 === 0 ? 1 : -1);
  };
  const basis = (FNV_OFFSET ^ cfg.seed) >>> 0;
  if (cfg.wordNgrams.length > 0) {
    const words = norm.split(SPLIT_WORDS).filter((w) => w.length > 0);
    const wanted = lengthMask(cfg.wordNgrams);
    const start = fnvString(basis, "w:");
    for (let i = 0; i < words.length; i++) {
      let h = start;
      for (let n = 1; n <= wanted.max && i + n <= words.length; n++) {
        if (n > 1) h = fnvByte(h, 0x20); // the words of a gram are joined by one space
        h = fnvString(h, words[i + n - 1] as string);
        if (wanted.mask & (1 << n)) add(h);
      }
    }
  }
  if (cfg.charNgrams.length > 0) {
    const chars = codePoints(` ${collapseSpaces(norm)} `);
    const wanted = lengthMask(cfg.charNgrams);
    const start = fnvString(basis, "c:");
    for (let i = 0; i < chars.length; i++) {
      let h = start;
      let onlySpaces = true;
      for (let n = 1; n <= wanted.max && i + n <= chars.length; n++) {
        const cp = chars[i + n - 1] as number;
        h = fnvCodePoint(h, cp);
        if (cp !== 0x20) onlySpaces = false;
        if (wanted.mask & (1 << n) && !onlySpaces) add(h);
      }
    }
  }
  const sorted = Int32Array.from(touched).sort(); // typed arrays sort numerically, and fast
  const indices = new Int32Array(sorted.length);
  const values = new Float32Array(sorted.length);
  let kept = 0;
  let sumSq = 0;
  for (const bucket of sorted) {
    const v = counts.sums[bucket] as number;
    counts.sums[bucket] = 0;
    counts.touched[bucket] = 0;
    if (v === 0) continue; // n-grams whose signs cancelled
    indices[kept] = bucket;
    values[kept] = v;
    sumSq += v * v;
    kept++;
  }
  if (sumSq > 0) {
    const inv = 1 / Math.sqrt(sumSq);
    for (let i = 0; i < kept; i++) values[i] = (values[i] as number) * inv;
  }
  return { indices: indices.subarray(0, kept), values: values.subarray(0, kept) };
}

/** FNV-1a 32-bit over the UTF-8 bytes of `key`, offset basis XOR `seed` (seed 0 = standard FNV-1a). */
export function fnv1a(key: string, seed = 0): number {
  return fnvString((FNV_OFFSET ^ seed) >>> 0, key);
}

function fnvByte(h: number, byte: number): number {
  return Math.imul(h ^ byte, FNV_PRIME) >>> 0;
}

/** Extends `h` by one code point's UTF-8 bytes (a lone surrogate encodes as its 3 bytes, as JS strings do). */
function fnvCodePoint(h: number, cp: number): number {
  if (cp < 0x80) return fnvByte(h, cp);
  if (cp < 0x800) return fnvByte(fnvByte(h, 0xc0 | (cp >> 6)), 0x80 | (cp & 0x3f));
  if (cp < 0x10000) {
    return fnvByte(fnvByte(fnvByte(h, 0xe0 | (cp >> 12)), 0x80 | ((cp >> 6) & 0x3f)), 0x80 | (cp & 0x3f));
  }
  const h2 = fnvByte(fnvByte(h, 0xf0 | (cp >> 18)), 0x80 | ((cp >> 12) & 0x3f));
  return fnvByte(fnvByte(h2, 0x80 | ((cp >> 6) & 0x3f)), 0x80 | (cp & 0x3f));
}

function fnvString(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i) as number;
    if (cp > 0xffff) i++; // the low surrogate of a pair
    h = fnvCodePoint(h, cp);
  }
  return h;
}

function codePoints(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i) as number;
    if (cp > 0xffff) i++;
    out.push(cp);
  }
  return out;
}

/** The configured gram lengths as a bit mask (bit n set for length n) and the longest. */
function lengthMask(lengths: readonly number[]): { mask: number; max: number } {
  let mask = 0;
  for (const n of lengths) mask |= 1 << n;
  return { mask, max: Math.max(...lengths) };
}

/**
 * Per-bucket sums and marks, reused across calls (zeroed again after each: only touched buckets are), so a
 * 2^20-bucket config does not allocate megabytes per text. Calls never interleave: JS runs one at a time.
 */
let scratch: { sums: Int32Array; touched: Uint8Array } | null = null;
function scratchCounts(dims: number): { sums: Int32Array; touched: Uint8Array } {
  if (!scratch || scratch.sums.length < dims)
    scratch = { sums: new Int32Array(dims), touched: new Uint8Array(dims) };
  return scratch;
}

function collapseSpaces(text: string): string {
  const chars = Array.from(text.replace(WHITESPACE_RUN, " ").trim());
  return chars
    .filter((c, i) => !(c === " " && HAN_KANA.test(chars[i - 1] ?? "") && HAN_KANA.test(chars[i + 1] ?? "")))
    .join("");
}
