import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { type DualEncoderParams, dualEncoderScore, type MlpParams, mlpForward } from "../nn/forward";
import { buildDualEncoder, buildMlpClassifier, buildModel, OnnxGraphError } from "./index";

// A small seeded generator so the weights differ per test but the test is repeatable.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}
const randomArray = (n: number, r: () => number) => Float32Array.from({ length: n }, () => r());

async function run(
  model: Uint8Array,
  feeds: Record<string, ort.Tensor>,
): Promise<ort.InferenceSession.OnnxValueMapType> {
  const session = await ort.InferenceSession.create(model);
  return session.run(feeds);
}

describe("buildMlpClassifier", () => {
  it("writes a two-layer MLP that onnxruntime runs and whose probabilities match the TS forward pass", async () => {
    const r = rng(1);
    const params: MlpParams = {
      sizes: [12, 7, 4],
      weights: [randomArray(12 * 7, r), randomArray(7 * 4, r)],
      biases: [randomArray(7, r), randomArray(4, r)],
      activation: "relu",
    };
    const model = buildMlpClassifier({ weights: params.weights, biases: params.biases });
    const batch = [randomArray(12, r), randomArray(12, r), randomArray(12, r)];
    const flat = new Float32Array(36);
    for (const [i, x] of batch.entries()) flat.set(x, i * 12);
    const out = await run(model, { input: new ort.Tensor("float32", flat, [3, 12]) });
    const probs = out.probs as ort.Tensor;
    expect(probs.dims).toEqual([3, 4]);
    batch.forEach((x, i) => {
      const expected = mlpForward(params, x);
      for (let j = 0; j < 4; j++)
        expect((probs.data as Float32Array)[i * 4 + j]).toBeCloseTo(expected[j] as number, 5);
    });
  });

  it("writes softmax regression (one layer) with tanh ignored and custom io names", async () => {
    const r = rng(2);
    const params: MlpParams = {
      sizes: [5, 3],
      weights: [randomArray(15, r)],
      biases: [randomArray(3, r)],
      activation: "tanh",
    };
    const model = buildMlpClassifier({ ...params, inputName: "features", outputName: "p" });
    const x = randomArray(5, r);
    const out = await run(model, { features: new ort.Tensor("float32", x, [1, 5]) });
    const p = (out.p as ort.Tensor).data as Float32Array;
    const expected = mlpForward(params, x);
    expect(Array.from(p).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    for (let j = 0; j < 3; j++) expect(p[j]).toBeCloseTo(expected[j] as number, 5);
  });

  it("refuses layers whose sizes do not chain", () => {
    expect(() =>
      buildMlpClassifier({
        weights: [new Float32Array(6), new Float32Array(8)],
        biases: [new Float32Array(3), new Float32Array(2)],
      }),
    ).toThrow(OnnxGraphError);
  });
});

describe("buildDualEncoder", () => {
  const dims = 16;
  const projDims = 4;
  const sparse = (x: Float32Array) => {
    const indices = Int32Array.from([...x.keys()].filter((i) => x[i] !== 0));
    return { indices, values: Float32Array.from(indices, (i) => x[i] as number) };
  };

  for (const variant of ["separate towers + lexical term", "shared tower, no lexical term"] as const) {
    it(`scores pairs like the TS forward pass (${variant})`, async () => {
      const r = rng(variant.length);
      const wc = randomArray(dims * projDims, r);
      const shared = variant.startsWith("shared");
      const params: DualEncoderParams = {
        dims,
        projDims,
        contextWeights: wc,
        candidateWeights: shared ? wc : randomArray(dims * projDims, r),
        lexicalWeight: shared ? 0 : 0.75,
      };
      const model = buildDualEncoder(params);
      const pairs = 5;
      const ctx = new Float32Array(pairs * dims);
      const cand = new Float32Array(pairs * dims);
      for (let i = 0; i < ctx.length; i++) {
        ctx[i] = r() > 0.2 ? 0 : r();
        cand[i] = r() > 0.2 ? 0 : r();
      }
      const out = await run(model, {
        context: new ort.Tensor("float32", ctx, [pairs, dims]),
        candidate: new ort.Tensor("float32", cand, [pairs, dims]),
      });
      const score = out.score as ort.Tensor;
      expect(score.dims).toEqual([pairs]);
      for (let i = 0; i < pairs; i++) {
        const expected = dualEncoderScore(
          params,
          sparse(ctx.subarray(i * dims, (i + 1) * dims)),
          sparse(cand.subarray(i * dims, (i + 1) * dims)),
        );
        expect((score.data as Float32Array)[i]).toBeCloseTo(expected, 4);
      }
    });
  }
});

describe("buildModel", () => {
  it("writes Sigmoid, Tanh, Identity, Add and a ReduceSum with int64 axes", async () => {
    const model = buildModel({
      inputs: [{ name: "x", elemType: "float32", shape: ["batch", 3] }],
      outputs: [{ name: "y", elemType: "float32", shape: ["batch"] }],
      initializers: [
        { name: "one", elemType: "float32", dims: [3], data: Float32Array.of(1, 1, 1) },
        { name: "axes", elemType: "int64", dims: [1], data: BigInt64Array.of(-1n) },
      ],
      nodes: [
        { op: "Sigmoid", inputs: ["x"], outputs: ["s"] },
        { op: "Tanh", inputs: ["x"], outputs: ["t"] },
        { op: "Add", inputs: ["s", "t"], outputs: ["st"] },
        { op: "Add", inputs: ["st", "one"], outputs: ["st1"] },
        { op: "Identity", inputs: ["st1"], outputs: ["i"] },
        { op: "ReduceSum", inputs: ["i", "axes"], outputs: ["y"], attributes: { keepdims: { int: 0 } } },
      ],
    });
    const x = Float32Array.of(0.5, -1, 2, 0, 0, 0);
    const out = await run(model, { x: new ort.Tensor("float32", x, [2, 3]) });
    const y = (out.y as ort.Tensor).data as Float32Array;
    const f = (v: number) => 1 / (1 + Math.exp(-v)) + Math.tanh(v) + 1;
    expect(y[0]).toBeCloseTo(f(0.5) + f(-1) + f(2), 5);
    expect(y[1]).toBeCloseTo(3 * f(0), 5);
  });

  it("names a tensor that is read before anything defines it", () => {
    expect(() =>
      buildModel({
        inputs: [{ name: "x", elemType: "float32", shape: [1] }],
        outputs: [{ name: "y", elemType: "float32", shape: [1] }],
        nodes: [{ op: "Add", inputs: ["x", "missing"], outputs: ["y"] }],
      }),
    ).toThrow(/reads 'missing'/);
  });

  it("refuses an initializer whose data does not fill its dims", () => {
    expect(() =>
      buildModel({
        inputs: [{ name: "x", elemType: "float32", shape: [2] }],
        outputs: [{ name: "y", elemType: "float32", shape: [2] }],
        initializers: [{ name: "w", elemType: "float32", dims: [3], data: new Float32Array(2) }],
        nodes: [{ op: "Add", inputs: ["x", "w"], outputs: ["y"] }],
      }),
    ).toThrow(OnnxGraphError);
  });
});
