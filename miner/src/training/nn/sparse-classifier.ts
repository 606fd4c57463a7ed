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
  // Scale the first layer by the inputs' typical L2 norm: 1 for hashed n-grams, ~10 for 28x28 pixels.
  const sample = data.slice(0, 1000);
  const meanNorm =
    sample.reduce((s, e) => s + Math.hypot(...e.x.values), 0) / Math.max(sample.length, 1) || 1;
  const weights = sizes.slice(1).map((out, l) => {
    const inDim = sizes[l] as number;
    // He init past the first layer; the first gives pre-activations of std ~0.5 whatever the input scale.
    const scale = l === 0 ? 0.5 / meanNorm : Math.sqrt(2 / inDim);
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
  const rows = new RowGradients(o.dims, h1);

  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const order = rng.shuffle(data.map((_, i) => i));
    let lossSum = 0;
    for (let start = 0; start < order.length; start += batchSize) {
      const batch = order.slice(start, start + batchSize);
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
        rows.accumulate(ex.x, gFirst);
      }
      rows.step(adamW[0] as Adam);
      for (let l = 1; l < weights.length; l++) (adamW[l] as Adam).step(gW[l - 1] as Float32Array);
      for (let l = 0; l < biases.length; l++) (adamB[l] as Adam).step(gB[l] as Float32Array);
    }
    o.onEpoch?.(epoch, lossSum / data.length);
  }
  return params;
}

/**
 * The first layer's gradient for one batch: a reusable full-size buffer plus the list of rows touched, so a
 * batch costs O(non-zeros x width) and clearing touches only those rows.
 */
export class RowGradients {
  readonly grad: Float32Array;
  private readonly touched: Uint8Array;
  private readonly rows: Int32Array;
  private count = 0;

  constructor(
    dims: number,
    private readonly width: number,
  ) {
    this.grad = new Float32Array(dims * width);
    this.touched = new Uint8Array(dims);
    this.rows = new Int32Array(dims);
  }

  /** Adds x ⊗ g to the rows of x's non-zeros. */
  accumulate(x: SparseVector, g: Float32Array): void {
    const { grad, width } = this;
    for (let k = 0; k < x.indices.length; k++) {
      const row = x.indices[k] as number;
      if (this.touched[row] === 0) {
        this.touched[row] = 1;
        this.rows[this.count++] = row;
      }
      const xv = x.values[k] as number;
      const base = row * width;
      for (let j = 0; j < width; j++) grad[base + j] = (grad[base + j] as number) + xv * (g[j] as number);
    }
  }

  /** Applies one lazy Adam step to the touched rows, then clears them for the next batch. */
  step(adam: Adam): void {
    adam.stepRowsInPlace(this.rows, this.count, this.grad, this.width);
    for (let r = 0; r < this.count; r++) {
      const row = this.rows[r] as number;
      this.grad.fill(0, row * this.width, (row + 1) * this.width);
      this.touched[row] = 0;
    }
    this.count = 0;
  }
}
