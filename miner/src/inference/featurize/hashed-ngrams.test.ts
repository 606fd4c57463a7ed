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
