import { describe, expect, it } from "vitest";
import { fnv1a, type HashedNgramsConfig, hashedNgrams, hashedNgramsSparse } from "./hashed-ngrams";

const cfg: HashedNgramsConfig = {
  kind: "hashed-ngrams",
  dims: 1024,
  wordNgrams: [1, 2],
  charNgrams: [1, 2, 3],
  lowercase: true,
  seed: 0,
};
const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe("fnv1a (FNV-1a 32-bit, draft-eastlake-fnv test vectors)", () => {
  it("matches the published vectors with seed 0", () => {
    expect(fnv1a("")).toBe(0x811c9dc5);
    expect(fnv1a("a")).toBe(0xe40c292c);
    expect(fnv1a("foobar")).toBe(0xbf9cf968);
  });
  it("hashes UTF-8 bytes (a 3-byte code point equals its byte sequence)", () => {
    // "中" is E4 B8 AD in UTF-8; hash the same bytes through latin-1 chars built by hand.
    let h = 0x811c9dc5;
    for (const b of [0xe4, 0xb8, 0xad]) h = Math.imul(h ^ b, 0x01000193) >>> 0;
    expect(fnv1a("中")).toBe(h);
  });
  it("changes with the seed", () => expect(fnv1a("a", 7)).not.toBe(fnv1a("a", 0)));
});

describe("hashedNgrams", () => {
  it("is deterministic, dims long and L2-normalized", () => {
    const a = hashedNgrams("Where is my order #12345?", cfg);
    const b = hashedNgrams("Where is my order #12345?", cfg);
    expect(a).toHaveLength(1024);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(norm(a)).toBeCloseTo(1, 5);
  });
  it("puts one signed count per n-gram before normalizing (single char, chars only)", () => {
    const c: HashedNgramsConfig = { ...cfg, wordNgrams: [], charNgrams: [1] };
    // " a " padded: grams " ", "a", " " -> spaces skipped, one gram "c:a".
    const v = hashedNgramsSparse("a", c);
    const h = fnv1a("c:a");
    expect(Array.from(v.indices)).toEqual([h % 1024]);
    expect(Array.from(v.values)).toEqual([h >>> 31 === 0 ? 1 : -1]);
  });
  it("ignores case when lowercase is set, and not otherwise", () => {
    expect(Array.from(hashedNgrams("REFUND", cfg))).toEqual(Array.from(hashedNgrams("refund", cfg)));
    const cased = { ...cfg, lowercase: false };
    expect(Array.from(hashedNgrams("REFUND", cased))).not.toEqual(Array.from(hashedNgrams("refund", cased)));
  });
  it("gives segmented and unsegmented Chinese the same char n-grams", () => {
    const c: HashedNgramsConfig = { ...cfg, wordNgrams: [] };
    expect(Array.from(hashedNgrams("要 买 一把 茶刀", c))).toEqual(
      Array.from(hashedNgrams("要买一把茶刀", c)),
    );
  });
  it("gives similar texts a higher cosine than unrelated ones", () => {
    const q = hashedNgrams("I want a refund for my order", cfg);
    const near = hashedNgrams("refund my order please", cfg);
    const far = hashedNgrams("what colours does the jacket come in", cfg);
    const cos = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * (b[i] as number), 0);
    expect(cos(q, near)).toBeGreaterThan(cos(q, far) + 0.2);
  });
  it("returns a zero vector for text with no grams", () => {
    const v = hashedNgrams("   ", cfg);
    expect(norm(v)).toBe(0);
  });
  it("sparse and dense forms agree", () => {
    const text = "注文はいつ届きますか";
    const dense = hashedNgrams(text, cfg);
    const sparse = hashedNgramsSparse(text, cfg);
    const rebuilt = new Float32Array(1024);
    sparse.indices.forEach((k, i) => {
      rebuilt[k] = sparse.values[i] as number;
    });
    expect(Array.from(rebuilt)).toEqual(Array.from(dense));
    expect([...sparse.indices].every((k, i, a) => i === 0 || k > (a[i - 1] as number))).toBe(true);
  });
});

/**
 * The contract's steps written the plain way (strings per gram), as the oracle for the allocation-free
 * implementation: trained models depend on every bucket and sign staying exactly where they were.
 */
function referenceSparse(text: string, c: HashedNgramsConfig): Map<number, number> {
  let norm = text.normalize("NFKC");
  if (c.lowercase) norm = norm.toLowerCase();
  const counts = new Map<number, number>();
  const add = (key: string) => {
    const h = fnv1a(key, c.seed);
    counts.set(h % c.dims, (counts.get(h % c.dims) ?? 0) + (h >>> 31 === 0 ? 1 : -1));
  };
  const words = norm.split(/[\p{White_Space}\p{P}\p{S}]+/u).filter((w) => w.length > 0);
  for (const n of c.wordNgrams)
    for (let i = 0; i + n <= words.length; i++) add(`w:${words.slice(i, i + n).join(" ")}`);
  const hanKana = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
  const spaced = Array.from(norm.replace(/\s+/gu, " ").trim());
  const collapsed = spaced
    .filter(
      (ch, i) => !(ch === " " && hanKana.test(spaced[i - 1] ?? "") && hanKana.test(spaced[i + 1] ?? "")),
    )
    .join("");
  const chars = Array.from(` ${collapsed} `);
  for (const n of c.charNgrams)
    for (let i = 0; i + n <= chars.length; i++) {
      const gram = chars.slice(i, i + n);
      if (!gram.every((ch) => ch === " ")) add(`c:${gram.join("")}`);
    }
  const sumSq = [...counts.values()].reduce((s, v) => s + v * v, 0);
  const inv = sumSq > 0 ? 1 / Math.sqrt(sumSq) : 0;
  return new Map([...counts].filter(([, v]) => v !== 0).map(([k, v]) => [k, Math.fround(v * inv)]));
}

describe("hashedNgrams against the plain reference", () => {
  const texts = [
    "Where is my order #12345? I paid 2 days ago!!",
    "要 买 一把 茶刀，多少钱？",
    "注文はいつ届きますか　カタカナ　ﾊﾝｶｸ",
    "배송이 언제 도착하나요? 환불해 주세요",
    "¿Dónde está mi pedido? Straße, Größe, ÇÀ ÉTÉ",
    "emoji 👍🏽 and 𝒳𝒴 astral, a lone \ud800 high and \udc00 low surrogate",
    "   ",
    "",
    "a",
    "the the the the the the",
  ];
  // Random texts over a mixed alphabet, for the cases nobody thought of.
  let seed = 12345;
  const rand = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const alphabet = Array.from("ab cdé 中文 かな 한글 !?,. \t\n👍𝒳-_'");
  for (let t = 0; t < 200; t++) {
    const len = Math.floor(rand() * 60);
    texts.push(Array.from({ length: len }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(""));
  }
  const configs: HashedNgramsConfig[] = [
    cfg,
    { ...cfg, dims: 4096, seed: 0xdeadbeef },
    { ...cfg, dims: 16, wordNgrams: [1, 2, 3, 4, 5], charNgrams: [2, 5, 8], lowercase: false, seed: 1 },
    { ...cfg, dims: 1 << 20, wordNgrams: [3], charNgrams: [] },
    { ...cfg, wordNgrams: [], charNgrams: [1, 4] },
  ];

  it("gives exactly the reference's buckets and float32 values for every text and config", () => {
    for (const c of configs) {
      for (const text of texts) {
        const got = hashedNgramsSparse(text, c);
        const want = referenceSparse(text, c);
        expect([...got.indices], JSON.stringify(text)).toEqual([...want.keys()].sort((a, b) => a - b));
        expect([...got.values]).toEqual([...got.indices].map((k) => want.get(k)));
      }
    }
  });

  it("leaves no state behind between calls (the scratch buffers are reset)", () => {
    const first = Array.from(hashedNgrams("refund my order", cfg));
    hashedNgramsSparse("something else entirely, with 中文", { ...cfg, dims: 1 << 20 });
    expect(Array.from(hashedNgrams("refund my order", cfg))).toEqual(first);
  });
});
