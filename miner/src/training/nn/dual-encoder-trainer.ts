import { createRng } from "../../../../shared/src/tasks/seeded-random";
import type { SparseVector } from "../../inference/featurize/hashed-ngrams";
import { Adam } from "./adam";
import { affineSparse, type DualEncoderParams, dot, sparseDot } from "./forward";
import { RowGradients } from "./sparse-classifier";

/** A (context, true response) pair, both featurized. */
export interface PairExample {
  context: SparseVector;
  response: SparseVector;
}

/** Settings of `trainDualEncoder`. */
export interface DualEncoderTrainOptions {
  dims: number;
  projDims: number;
  epochs: number;
  lr: number;
  batchSize?: number;
  /** Starting weight of the lexical (raw feature dot product) term; it is trained along with the towers. */
  lexicalWeight?: number;
  /** Multiplies scores before the softmax (a fixed inverse temperature). */
  scale?: number;
  seed?: number;
  onEpoch?: (epoch: number, loss: number) => void;
}

/**
 * Trains a bilinear dual encoder with in-batch negatives (each context's softmax runs over every response in
 * its batch; Henderson et al. 2017, https://arxiv.org/abs/1705.00652): two linear towers over hashed features
 * plus a learned weight on the raw lexical overlap. Lazy Adam on the rows each batch touches.
 */
export function trainDualEncoder(
  data: readonly PairExample[],
  o: DualEncoderTrainOptions,
): DualEncoderParams {
  const rng = createRng(o.seed ?? 1);
  const init = () => (rng.next() - 0.5) * 0.2;
  const params: DualEncoderParams = {
    dims: o.dims,
    projDims: o.projDims,
    contextWeights: Float32Array.from({ length: o.dims * o.projDims }, init),
    candidateWeights: Float32Array.from({ length: o.dims * o.projDims }, init),
    lexicalWeight: o.lexicalWeight ?? 1,
  };
  const adamC = new Adam(params.contextWeights, { lr: o.lr });
  const adamR = new Adam(params.candidateWeights, { lr: o.lr });
  const lexical = Float32Array.of(params.lexicalWeight);
  const adamL = new Adam(lexical, { lr: o.lr });
  const batchSize = o.batchSize ?? 64;
  const scale = o.scale ?? 5;
  const k = o.projDims;
  const rowsC = new RowGradients(o.dims, k);
  const rowsR = new RowGradients(o.dims, k);

  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const order = rng.shuffle(data.map((_, i) => i));
    let lossSum = 0;
    for (let start = 0; start + 1 < order.length; start += batchSize) {
      const batch = order.slice(start, start + batchSize).map((i) => data[i] as PairExample);
      const n = batch.length;
      const u = batch.map((b) => affineSparse(b.context, params.contextWeights, null, k));
      const v = batch.map((b) => affineSparse(b.response, params.candidateWeights, null, k));
      const gu = batch.map(() => new Float32Array(k));
      const gv = batch.map(() => new Float32Array(k));
      let gLex = 0;
      for (let i = 0; i < n; i++) {
        const lex = batch.map((b) => sparseDot((batch[i] as PairExample).context, b.response));
        const s = v.map(
          (vj, j) => scale * (dot(u[i] as Float32Array, vj) + (lexical[0] as number) * (lex[j] as number)),
        );
        const max = Math.max(...s);
        const e = s.map((x) => Math.exp(x - max));
        const z = e.reduce((a, b) => a + b, 0);
        lossSum -= Math.log((e[i] as number) / z);
        for (let j = 0; j < n; j++) {
          const g = (((e[j] as number) / z - (i === j ? 1 : 0)) * scale) / n;
          if (g === 0) continue;
          const ui = u[i] as Float32Array;
          const vj = v[j] as Float32Array;
          const gui = gu[i] as Float32Array;
          const gvj = gv[j] as Float32Array;
          for (let d = 0; d < k; d++) {
            gui[d] = (gui[d] as number) + g * (vj[d] as number);
            gvj[d] = (gvj[d] as number) + g * (ui[d] as number);
          }
          gLex += g * (lex[j] as number);
        }
      }
      batch.forEach((b, i) => {
        rowsC.accumulate(b.context, gu[i] as Float32Array);
        rowsR.accumulate(b.response, gv[i] as Float32Array);
      });
      rowsC.step(adamC);
      rowsR.step(adamR);
      adamL.step(Float32Array.of(gLex));
    }
    params.lexicalWeight = lexical[0] as number;
    o.onEpoch?.(epoch, lossSum / data.length);
  }
  params.lexicalWeight = lexical[0] as number;
  return params;
}
