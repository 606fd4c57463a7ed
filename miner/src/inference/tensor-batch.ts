import * as ort from "onnxruntime-node";

/**
 * Packing rows into batch tensors and unpacking outputs back to rows: the only place that knows tensor
 * layouts. A row is one sample: for each ONNX input name, a flat vector (float32 features, or int64 token ids
 * that are padded to the longest row of the batch).
 */

/**
 * A float32 vector given by its nonzero entries (hashed n-grams touch a few hundred of thousands of buckets):
 * packed straight into the zeroed batch tensor, so no dense copy is made per text.
 */
export interface SparseFeatures {
  width: number;
  indices: Int32Array;
  values: Float32Array;
}

/** One sample's inputs, keyed by ONNX input name. */
export type Row = Record<string, Float32Array | BigInt64Array | SparseFeatures>;

/** Where packRows gets a zeroed float32 buffer for `rows` x `width` values of an input. */
export type Float32Source = (name: string, rows: number, width: number) => Float32Array;

const freshFloat32: Float32Source = (_name, rows, width) => new Float32Array(rows * width);

/** Shapes a graph fixes (see `GraphContract`): the dims after the batch axis, and fixed sequence lengths. */
export interface FeedLayout {
  dims?: Record<string, readonly number[]>;
  seqLength?: Record<string, number>;
}

/**
 * Packs rows into one `[rows, width]` tensor per input (`[rows, ...layout.dims[name]]` where the graph wants
 * that, e.g. `[rows, c, h, w]` pixels); int64 rows are right-padded with `padValues[name]` to the longest row,
 * or to `layout.seqLength[name]`. Float32 data comes from `float32` (fresh arrays by default; a
 * `TensorBufferPool` reuses them).
 */
export function packRows(
  rows: readonly Row[],
  padValues: Record<string, bigint> = {},
  float32: Float32Source = freshFloat32,
  layout: FeedLayout = {},
): Record<string, ort.Tensor> {
  const first = rows[0];
  if (!first) throw new Error("cannot pack an empty batch");
  const feeds: Record<string, ort.Tensor> = {};
  for (const name of Object.keys(first)) {
    const sample = first[name];
    if (sample instanceof Float32Array || isSparse(sample)) {
      const width = sample instanceof Float32Array ? sample.length : sample.width;
      const data = float32(name, rows.length, width);
      rows.forEach((row, i) => {
        const v = row[name] as Float32Array | SparseFeatures;
        const w = v instanceof Float32Array ? v.length : v.width;
        if (w !== width) throw new Error(`input ${name}: row ${i} has width ${w}, expected ${width}`);
        if (v instanceof Float32Array) data.set(v, i * width);
        else scatter(v, data, i * width);
      });
      feeds[name] = new ort.Tensor("float32", data, [rows.length, ...(layout.dims?.[name] ?? [width])]);
    } else {
      const longest = Math.max(...rows.map((row) => (row[name] as BigInt64Array).length));
      const width = layout.seqLength?.[name] ?? longest;
      if (longest > width)
        throw new Error(`input ${name}: a row of ${longest} tokens exceeds the graph's ${width}`);
      const data = new BigInt64Array(rows.length * width).fill(padValues[name] ?? 0n);
      for (const [i, row] of rows.entries()) data.set(row[name] as BigInt64Array, i * width);
      feeds[name] = new ort.Tensor("int64", data, [rows.length, width]);
    }
  }
  return feeds;
}

/**
 * Reuses the batch tensors' float32 buffers. A batch of 64 rows of 4,096 features is 1 MB per input, and a
 * fresh one per batch is external memory V8 answers with a full mark-compact every ~100 ms under load,
 * stalling the inference thread for up to ~10 ms each. Buffers are sized for `maxRows` rows and handed out
 * as zeroed views, leased per batch and returned once its `session.run` is done (the native run reads them
 * synchronously). Larger one-off batches (an item over `maxRows`) get fresh arrays.
 */
export class TensorBufferPool {
  private readonly free = new Map<string, Float32Array[]>();

  constructor(private readonly maxRows: number) {}

  /** Buffers for one batch: `take` (a `Float32Source`) hands out zeroed views, `release` returns them all. */
  lease(): { take: Float32Source; release(): void } {
    const taken: { name: string; buffer: Float32Array }[] = [];
    return {
      take: (name, rows, width) => {
        const length = rows * width;
        if (rows > this.maxRows) return new Float32Array(length); // a one-off oversized batch: not pooled
        const list = this.free.get(name) ?? [];
        let buffer = list.pop();
        if (!buffer || buffer.length < length) buffer = new Float32Array(this.maxRows * width);
        taken.push({ name, buffer });
        const view = buffer.subarray(0, length);
        view.fill(0);
        return view;
      },
      release: () => {
        for (const { name, buffer } of taken.splice(0)) {
          const list = this.free.get(name) ?? [];
          list.push(buffer);
          this.free.set(name, list);
        }
      },
    };
  }
}

function isSparse(value: unknown): value is SparseFeatures {
  return typeof value === "object" && value !== null && "indices" in value && "values" in value;
}

function scatter(v: SparseFeatures, into: Float32Array, offset: number): void {
  for (let k = 0; k < v.indices.length; k++) {
    const index = v.indices[k] as number;
    if (index < 0 || index >= v.width) throw new Error(`sparse index ${index} outside width ${v.width}`);
    into[offset + index] = v.values[k] as number;
  }
}

/** The model's output cannot be read as the manifest says (wrong width or type): a fault of the model. */
export class ModelOutputError extends Error {
  override readonly name = "ModelOutputError";
}

/**
 * Splits an output tensor `[rows, ...]` into one flat Float32Array per row; with `width`, each row must hold
 * exactly that many values (a classifier's labels, a score's one), else `ModelOutputError`.
 */
export function unpackRows(tensor: ort.Tensor, rows: number, width?: number): Float32Array[] {
  const data = tensor.data;
  if (!(data instanceof Float32Array)) throw new ModelOutputError(`output ${tensor.type} is not float32`);
  if (rows === 0 || data.length % rows !== 0) {
    throw new ModelOutputError(`output of ${data.length} values does not split into ${rows} rows`);
  }
  // The first axis is the batch: an output laid out otherwise would be read across rows.
  if (tensor.dims.length > 0 && tensor.dims[0] !== rows) {
    throw new ModelOutputError(
      `output [${tensor.dims.join(", ")}] does not have the batch's ${rows} rows first`,
    );
  }
  const rowWidth = data.length / rows;
  if (width !== undefined && rowWidth !== width) {
    throw new ModelOutputError(
      `output [${tensor.dims.join(", ")}] has ${rowWidth} values per row; the manifest expects ${width}`,
    );
  }
  return Array.from({ length: rows }, (_, i) => data.slice(i * rowWidth, (i + 1) * rowWidth));
}
