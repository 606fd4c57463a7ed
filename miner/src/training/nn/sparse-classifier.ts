import { createRng } from "../../../../shared/src/tasks/seeded-random";
import type { SparseVector } from "../../inference/featurize/hashed-ngrams";
import { Adam } from "./adam";
import { activate, affineDense, affineSparse, type MlpParams, softmaxInPlace } from "./forward";

/** One training example: a sparse feature vector and its class index. */
export interface ClassExample {
  x: SparseVector;
  y: number;
}

/** Settings of `trainClassifier`. */
export interface ClassifierTrainOptions {
  dims: number;
  classes: number;
  /** Hidden units; 0 trains softmax regression. */
  hidden: number;
  epochs: number;
  lr: number;
  batchSize?: number;
  weightDecay?: number;
  /** Drop probability on the hidden layer while training (inverted dropout). */
  dropout?: number;
  seed?: number;
  /** Called after each epoch with the mean training loss (progress lines in the CLI). */
  onEpoch?: (epoch: number, loss: number) => void;
}

/**
 * Trains a softmax-regression or one-hidden-layer ReLU classifier on sparse inputs with mini-batch Adam and
 * cross-entropy. The first layer is updated lazily (touched rows only), so cost scales with non-zeros, not dims.
 */
export function trainClassifier(data: readonly ClassExample[], o: ClassifierTrainOptions): MlpParams {
  const rng = createRng(o.seed ?? 1);
  const gauss = () => {
    const u = Math.max(rng.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
  };
  const sizes = o.hidden > 0 ? [o.dims, o.hidden, o.classes] : [o.dims, o.classes];
  const weights = sizes.slice(1).map((out, l) => {
    const inDim = sizes[l] as number;
    // He init for the ReLU layer; hashed inputs are L2-normalized, so the first layer's fan-in is ~1.
    const scale = l === 0 ? 0.5 : Math.sqrt(2 / inDim);
    return Float32Array.from(
      { length: inDim * out },
      () => gauss() * scale * (l === 0 && o.hidden === 0 ? 0 : 1),
    );
  });
  const biases = sizes.slice(1).map((out) => new Float32Array(out));
  const params: MlpParams = { sizes, weights, biases, activation: "relu" };
  const opt = { lr: o.lr, weightDecay: o.weightDecay ?? 0 };
  const adamW = weights.map((w) => new Adam(w, opt));
  const adamB = biases.map((b) => new Adam(b, { lr: o.lr }));
  const batchSize = o.batchSize ?? 32;
  const h1 = sizes[1] as number;
  const dropout = o.dropout ?? 0;

  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const order = rng.shuffle(data.map((_, i) => i));
    let lossSum = 0;
    for (let start = 0; start < order.length; start += batchSize) {
      const batch = order.slice(start, start + batchSize);
      // Rows of W0 this batch touches, and their accumulated gradient.
      const rowIndex = new Map<number, number>();
      const rowGrads: number[] = [];
      const gW = weights.slice(1).map((w) => new Float32Array(w.length));
      const gB = biases.map((b) => new Float32Array(b.length));
      for (const i of batch) {
        const ex = data[i] as ClassExample;
        const z0 = affineSparse(ex.x, weights[0] as Float32Array, biases[0] as Float32Array);
        let out: Float32Array;
        let hidden: Float32Array | null = null;
        let mask: Float32Array | null = null;
        if (o.hidden > 0) {
          hidden = z0;
          activate(hidden, "relu");
          if (dropout > 0) {
            mask = Float32Array.from({ length: h1 }, () => (rng.next() < dropout ? 0 : 1 / (1 - dropout)));
            for (let j = 0; j < h1; j++) hidden[j] = (hidden[j] as number) * (mask[j] as number);
          }
          out = affineDense(hidden, weights[1] as Float32Array, biases[1] as Float32Array);
        } else out = z0;
        const p = softmaxInPlace(out);
        lossSum -= Math.log(Math.max(p[ex.y] as number, 1e-12));
        p[ex.y] = (p[ex.y] as number) - 1; // dL/dlogits
        const scale = 1 / batch.length;
        let gFirst: Float32Array;
        if (hidden) {
          const w1 = weights[1] as Float32Array;
          const g1 = gW[0] as Float32Array;
          gFirst = new Float32Array(h1);
          for (let j = 0; j < h1; j++) {
            const hj = hidden[j] as number;
            let back = 0;
            for (let c = 0; c < o.classes; c++) {
              const d = (p[c] as number) * scale;
              g1[j * o.classes + c] = (g1[j * o.classes + c] as number) + hj * d;
              back += (w1[j * o.classes + c] as number) * d;
            }
            // ReLU and dropout gates (a zero hidden unit passes no gradient).
            gFirst[j] = hj > 0 ? back * (mask ? (mask[j] as number) : 1) : 0;
          }
          const gb1 = gB[1] as Float32Array;
          for (let c = 0; c < o.classes; c++) gb1[c] = (gb1[c] as number) + (p[c] as number) * scale;
        } else {
          gFirst = p.map((v) => v * scale);
        }
        const gb0 = gB[0] as Float32Array;
        for (let j = 0; j < h1; j++) gb0[j] = (gb0[j] as number) + (gFirst[j] as number);
        for (let k = 0; k < ex.x.indices.length; k++) {
          const row = ex.x.indices[k] as number;
          let r = rowIndex.get(row);
          if (r === undefined) {
            r = rowIndex.size;
            rowIndex.set(row, r);
            for (let j = 0; j < h1; j++) rowGrads.push(0);
          }
          const xv = ex.x.values[k] as number;
          for (let j = 0; j < h1; j++)
            rowGrads[r * h1 + j] = (rowGrads[r * h1 + j] as number) + xv * (gFirst[j] as number);
        }
      }
      (adamW[0] as Adam).stepRows([...rowIndex.keys()], Float32Array.from(rowGrads), h1);
      for (let l = 1; l < weights.length; l++) (adamW[l] as Adam).step(gW[l - 1] as Float32Array);
      for (let l = 0; l < biases.length; l++) (adamB[l] as Adam).step(gB[l] as Float32Array);
    }
    o.onEpoch?.(epoch, lossSum / data.length);
  }
  return params;
}
