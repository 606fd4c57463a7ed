import { describe, expect, it } from "vitest";
import { hashedNgrams, hashedNgramsSparse } from "./featurize/hashed-ngrams";
import { packRows, unpackRows } from "./tensor-batch";

const cfg = {
  kind: "hashed-ngrams" as const,
  dims: 512,
  wordNgrams: [1, 2],
  charNgrams: [1, 2, 3],
  lowercase: true,
  seed: 0,
};
const texts = ["where is my order", "退货怎么办", "", "Größe 42 bitte"];

describe("packRows", () => {
  it("packs sparse rows exactly as their dense vectors, mixed in one batch", () => {
    const dense = packRows(texts.map((t) => ({ x: hashedNgrams(t, cfg) })));
    const sparse = packRows(
      texts.map((t, i) => ({
        x: i % 2 ? hashedNgrams(t, cfg) : { width: 512, ...hashedNgramsSparse(t, cfg) },
      })),
    );
    expect(sparse.x?.dims).toEqual([4, 512]);
    expect(Array.from(sparse.x?.data as Float32Array)).toEqual(Array.from(dense.x?.data as Float32Array));
  });

  it("pads int64 rows to the longest and splits outputs back into rows", () => {
    const packed = packRows([{ ids: BigInt64Array.from([1n, 2n, 3n]) }, { ids: BigInt64Array.from([4n]) }], {
      ids: 9n,
    });
    expect(Array.from(packed.ids?.data as BigInt64Array)).toEqual([1n, 2n, 3n, 4n, 9n, 9n]);
    const rows = unpackRows(
      packRows([{ y: Float32Array.from([1, 2]) }, { y: Float32Array.from([3, 4]) }]).y as never,
      2,
    );
    expect(rows.map((r) => Array.from(r))).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("refuses rows of another width and sparse indices outside the width", () => {
    expect(() =>
      packRows([
        { x: new Float32Array(4) },
        { x: { width: 5, indices: new Int32Array(0), values: new Float32Array(0) } },
      ]),
    ).toThrow(/row 1 has width 5, expected 4/);
    expect(() =>
      packRows([{ x: { width: 4, indices: Int32Array.from([4]), values: Float32Array.from([1]) } }]),
    ).toThrow(/sparse index 4 outside width 4/);
  });
});
