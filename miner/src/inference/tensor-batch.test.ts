import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { mlp } from "../../../test/miner/helpers/model-fixtures";
import { hashedNgrams, hashedNgramsSparse } from "./featurize/hashed-ngrams";
import { packRows, TensorBufferPool, unpackRows } from "./tensor-batch";

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

  it("unpacks only an output with the batch first and, when asked, the expected width per row", () => {
    const out = (data: number[], dims: number[]) => new ort.Tensor("float32", Float32Array.from(data), dims);
    expect(unpackRows(out([1, 2, 3, 4, 5, 6], [2, 3]), 2, 3).map((r) => Array.from(r))).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(() => unpackRows(out([1, 2, 3, 4, 5, 6], [2, 3]), 2, 2)).toThrow(
      "output [2, 3] has 3 values per row; the manifest expects 2",
    );
    // Six values split into two rows of three, but laid out [3, 2]: reading them as rows would mix samples.
    expect(() => unpackRows(out([1, 2, 3, 4, 5, 6], [3, 2]), 2)).toThrow(
      "output [3, 2] does not have the batch's 2 rows first",
    );
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

describe("TensorBufferPool", () => {
  it("reuses a batch's buffers once released, zeroed, and never lends one buffer twice at once", () => {
    const pool = new TensorBufferPool(4);
    const a = pool.lease();
    const first = a.take("x", 2, 3);
    first.fill(7);
    const b = pool.lease();
    const concurrent = b.take("x", 2, 3);
    expect(concurrent.buffer).not.toBe(first.buffer);
    a.release();
    const c = pool.lease();
    const again = c.take("x", 3, 3);
    expect(again.buffer).toBe(first.buffer);
    expect(Array.from(again)).toEqual(new Array(9).fill(0));
    expect(pool.lease().take("x", 5, 3).length).toBe(15); // over maxRows: a fresh, unpooled array
  });

  it("feeds onnxruntime exactly what fresh arrays do, whatever lies beyond the view", async () => {
    const session = await ort.InferenceSession.create(mlp([8, 4, 3], 1));
    const rows = Array.from({ length: 3 }, (_, r) => ({
      input: Float32Array.from({ length: 8 }, (_, i) => (r + i) / 10),
    }));
    const pool = new TensorBufferPool(16);
    const dirty = pool.lease();
    dirty.take("input", 16, 8).fill(99); // a previous, larger batch left garbage behind
    dirty.release();
    const lease = pool.lease();
    const pooled = await session.run(packRows(rows, {}, lease.take));
    lease.release();
    const fresh = await session.run(packRows(rows));
    expect(Array.from(pooled.probs?.data as Float32Array)).toEqual(
      Array.from(fresh.probs?.data as Float32Array),
    );
    await session.release();
  });
});
