/**
 * Adam (Kingma & Ba, https://arxiv.org/abs/1412.6980) over flat Float32Array parameters. `stepRows` updates only
 * the rows a sparse batch touched ("lazy" Adam), which is what keeps hashed-feature training fast: a batch
 * touches a few thousand of the embedding table's rows, not all of them.
 */
export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** Decoupled weight decay (AdamW), applied to the updated entries only. */
  weightDecay?: number;
}

/** Optimizer state for one parameter tensor. */
export class Adam {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private t = 0;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly eps: number;

  constructor(
    readonly param: Float32Array,
    readonly opts: AdamOptions,
  ) {
    this.m = new Float32Array(param.length);
    this.v = new Float32Array(param.length);
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.eps = opts.eps ?? 1e-8;
  }

  /** One step over the whole tensor with gradient `grad` (same length). */
  step(grad: Float32Array, lr = this.opts.lr): void {
    this.t++;
    this.update(grad, 0, this.param.length, 0, lr);
  }

  /** One step over the listed rows only; `grad` holds `rows.length` rows of width `width`, in that order. */
  stepRows(rows: readonly number[] | Int32Array, grad: Float32Array, width: number, lr = this.opts.lr): void {
    this.t++;
    for (let r = 0; r < rows.length; r++)
      this.update(grad, (rows[r] as number) * width, width, r * width, lr);
  }

  /**
   * One step over the listed rows, reading each row's gradient in place from a full-size buffer (`row * width`).
   * Avoids copying a batch's gradient into a compact array.
   */
  stepRowsInPlace(
    rows: Int32Array,
    count: number,
    grad: Float32Array,
    width: number,
    lr = this.opts.lr,
  ): void {
    this.t++;
    for (let r = 0; r < count; r++) {
      const start = (rows[r] as number) * width;
      this.update(grad, start, width, start, lr);
    }
  }

  private update(grad: Float32Array, start: number, count: number, gradStart: number, lr: number): void {
    const { m, v, param, beta1, beta2, eps } = this;
    const c1 = 1 - beta1 ** this.t;
    const c2 = 1 - beta2 ** this.t;
    const decay = (this.opts.weightDecay ?? 0) * lr;
    for (let i = 0; i < count; i++) {
      const p = start + i;
      const g = grad[gradStart + i] as number;
      const mi = beta1 * (m[p] as number) + (1 - beta1) * g;
      const vi = beta2 * (v[p] as number) + (1 - beta2) * g * g;
      m[p] = mi;
      v[p] = vi;
      param[p] = (param[p] as number) * (1 - decay) - (lr * (mi / c1)) / (Math.sqrt(vi / c2) + eps);
    }
  }
}
