import type { SparseVector } from "../../inference/featurize/hashed-ngrams";

/**
 * Reference forward passes in plain TypeScript, matching the graphs the ONNX builders write. Trainers use them
 * for evaluation; tests pin the ONNX files to them.
 */

/** A dense MLP (softmax regression when it has one layer): `weights[i]` is row-major `[in, out]`. */
export interface MlpParams {
  sizes: readonly number[];
  weights: Float32Array[];
  biases: Float32Array[];
  activation: "relu" | "tanh";
}

/** Class probabilities for one dense input. */
export function mlpForward(p: MlpParams, x: Float32Array): Float32Array {
  let h: Float32Array = x;
  for (let l = 0; l < p.weights.length; l++) {
    h = affineDense(h, p.weights[l] as Float32Array, p.biases[l] as Float32Array);
    if (l < p.weights.length - 1) activate(h, p.activation);
  }
  return softmaxInPlace(h);
}

/** Class probabilities for one sparse input (same result as `mlpForward` on its dense form). */
export function mlpForwardSparse(p: MlpParams, x: SparseVector): Float32Array {
  let h = affineSparse(x, p.weights[0] as Float32Array, p.biases[0] as Float32Array);
  for (let l = 1; l < p.weights.length; l++) {
    activate(h, p.activation);
    h = affineDense(h, p.weights[l] as Float32Array, p.biases[l] as Float32Array);
  }
  return softmaxInPlace(h);
}

/** `x W + b` for a dense `x`. */
export function affineDense(x: Float32Array, w: Float32Array, b: Float32Array): Float32Array {
  const out = Float32Array.from(b);
  const n = b.length;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i] as number;
    if (xi === 0) continue;
    const row = i * n;
    for (let j = 0; j < n; j++) out[j] = (out[j] as number) + xi * (w[row + j] as number);
  }
  return out;
}

/** `x W + b` for a sparse `x`: touches only the rows of its non-zero buckets. */
export function affineSparse(
  x: SparseVector,
  w: Float32Array,
  b: Float32Array | null,
  n = b?.length ?? 0,
): Float32Array {
  const out = b ? Float32Array.from(b) : new Float32Array(n);
  for (let k = 0; k < x.indices.length; k++) {
    const xi = x.values[k] as number;
    const row = (x.indices[k] as number) * n;
    for (let j = 0; j < n; j++) out[j] = (out[j] as number) + xi * (w[row + j] as number);
  }
  return out;
}

/** Applies the hidden activation in place. */
export function activate(h: Float32Array, activation: "relu" | "tanh"): void {
  for (let j = 0; j < h.length; j++) {
    const v = h[j] as number;
    h[j] = activation === "relu" ? Math.max(v, 0) : Math.tanh(v);
  }
}

/** Numerically stable softmax, in place; returns its argument. */
export function softmaxInPlace(z: Float32Array): Float32Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (let j = 0; j < z.length; j++) {
    const e = Math.exp((z[j] as number) - max);
    z[j] = e;
    sum += e;
  }
  for (let j = 0; j < z.length; j++) z[j] = (z[j] as number) / sum;
  return z;
}

/** Dual-encoder parameters: `score = <ctx·Wc, cand·Wr> + lexicalWeight · <ctx, cand>`. */
export interface DualEncoderParams {
  dims: number;
  projDims: number;
  contextWeights: Float32Array;
  candidateWeights: Float32Array;
  lexicalWeight: number;
}

/** The dual-encoder score of one (context, candidate) pair, both sparse. */
export function dualEncoderScore(p: DualEncoderParams, ctx: SparseVector, cand: SparseVector): number {
  const a = affineSparse(ctx, p.contextWeights, null, p.projDims);
  const b = affineSparse(cand, p.candidateWeights, null, p.projDims);
  return dot(a, b) + p.lexicalWeight * sparseDot(ctx, cand);
}

/** Dense dot product. */
export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/** Dot product of two sparse vectors with sorted indices. */
export function sparseDot(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let s = 0;
  while (i < a.indices.length && j < b.indices.length) {
    const ai = a.indices[i] as number;
    const bj = b.indices[j] as number;
    if (ai === bj) s += (a.values[i++] as number) * (b.values[j++] as number);
    else if (ai < bj) i++;
    else j++;
  }
  return s;
}
