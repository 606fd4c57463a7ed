import { readFile } from "node:fs/promises";
import type * as ort from "onnxruntime-node";
import type { RequestOf, TaskRequest, TaskResponse } from "../../../shared/src/protocol";
import {
  allowedLabels,
  classificationResponse,
  classify,
  rankByScore,
  rankingResponse,
  softmax,
} from "./answers";
import { MicroBatcher } from "./batcher";
import { InputError, type ModelDescription } from "./engine";
import { dialogueText, featurize, ImageDecodeError } from "./featurize";
import { hashedNgramsSparse } from "./featurize/hashed-ngrams";
import { checkGraphContract, type GraphContract } from "./graph-contract";
import { type LoadedModelFiles, type ModelManifest, sideFile } from "./manifest";
import {
  ModelOutputError,
  packRows,
  type Row,
  type SparseFeatures,
  TensorBufferPool,
  unpackRows,
} from "./tensor-batch";
import { warmUpRequests } from "./warm-up";
import { TokenizerError, WordPieceTokenizer } from "./wordpiece-tokenizer";

/**
 * One model serving one task type: turns a request into rows (one per sample; one per candidate for
 * response selection), queues them on its micro-batcher, and turns the output rows back into an answer.
 */

/** How a task model batches. */
export interface TaskModelOptions {
  windowMs: number;
  maxBatchRows: number;
  maxInFlight: number;
  onBatch?: (rows: number) => void;
  /** One line per thing about the model worth an operator's attention. */
  log?: (line: string) => void;
}

interface Item {
  rows: Row[];
}

/** A loaded model, ready to answer its task type. */
export class TaskModel {
  private readonly batcher: MicroBatcher<Item, Float32Array[]>;
  private readonly buffers: TensorBufferPool;

  private constructor(
    readonly manifest: ModelManifest,
    private readonly session: ort.InferenceSession,
    readonly provider: "cuda" | "cpu",
    private readonly tokenizer: WordPieceTokenizer | null,
    private readonly contract: GraphContract,
    options: TaskModelOptions,
  ) {
    this.buffers = new TensorBufferPool(options.maxBatchRows);
    this.batcher = new MicroBatcher((items) => this.runBatch(items), {
      windowMs: contract.batchOfOne ? 0 : options.windowMs,
      maxRows: contract.batchOfOne ? 1 : options.maxBatchRows,
      maxInFlight: options.maxInFlight,
      onBatch: options.onBatch,
    });
  }

  /** Wraps a session created from `files`; reads the tokenizer when the featurizer needs one. */
  static async create(
    files: LoadedModelFiles,
    session: ort.InferenceSession,
    provider: "cuda" | "cpu",
    options: TaskModelOptions,
  ): Promise<TaskModel> {
    const { manifest } = files;
    let tokenizer: WordPieceTokenizer | null = null;
    if (manifest.featurizer.kind === "tokenizer") {
      const path = sideFile(`${files.dir}/manifest.json`, files.dir, manifest.featurizer.tokenizerFile);
      try {
        tokenizer = WordPieceTokenizer.fromJson(await readFile(path, "utf8"));
      } catch (error) {
        throw new TokenizerError(`model ${manifest.id} (${files.dir}): ${(error as Error).message}`);
      }
    }
    const contract = checkGraphContract(manifest, session);
    if (contract.batchOfOne) {
      options.log?.(
        `model ${manifest.id}: the graph fixes its batch axis at 1, so it runs one row at a time ` +
          "(export it with a dynamic batch axis to batch requests)",
      );
    }
    return new TaskModel(manifest, session, provider, tokenizer, contract, options);
  }

  /** Rows waiting in this model's batcher. */
  get queueDepth(): number {
    return this.batcher.depth;
  }

  /** Answers one request of this model's task type; `caller` (a hotkey) takes its turn in the batcher. */
  async run(request: TaskRequest, caller?: string): Promise<TaskResponse> {
    const rows = this.rowsFor(request);
    const out = await this.batcher.submit({ rows }, rows.length, caller);
    // A made-up answer (uniform probabilities, the offered order) would be a wrong answer served as right.
    if (hasNonFinite(out)) {
      throw new ModelOutputError(`model ${this.manifest.id} gave a non-finite output (NaN or infinity)`);
    }
    if (request.taskType === "response_selection") {
      const scores = out.map((row) => row[0] ?? Number.NaN);
      return rankingResponse(
        request,
        rankByScore(
          request.candidates.map((c) => c.id),
          scores,
        ),
      );
    }
    const row = out[0] ?? new Float32Array(0);
    const probs = this.contract.output.role === "logits" ? softmax(row) : row;
    return classificationResponse(
      request,
      classify(allowedLabels(request), this.manifest.labels ?? [], probs),
    );
  }

  /**
   * Runs the warm-up requests (`warmUpRequests`) as batches, bypassing the queue: short with maximum-length, and
   * short alone (padding differs), and checks the outputs. A graph that cannot batch, fails on a long input, or
   * gives numbers that are not what its manifest says stops the miner at start with the model named.
   */
  async warmUp(): Promise<void> {
    const [short, long] = warmUpRequests(this.manifest.taskType).map((request) => ({
      rows: this.rowsFor(request),
    })) as [Item, Item];
    try {
      for (const batch of [[short, long], [short]]) {
        const rows = (await this.runBatch(batch)).flat();
        if (hasNonFinite(rows)) throw new ModelOutputError("non-finite output (NaN or infinity)");
        if (this.contract.output.role === "probabilities" && !rows.every(isDistribution)) {
          throw new ModelOutputError(
            "io.outputs.probabilities is not a probability distribution (values in [0, 1] summing to 1): " +
              "if the graph ends without a softmax, name that output io.outputs.logits",
          );
        }
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
      throw new ModelOutputError(
        `model ${this.manifest.id} failed its warm-up (batches of short and maximum-length inputs): ${reason}`,
      );
    }
  }

  /** What /v1/info shows about this model. */
  describe(): ModelDescription {
    const m = this.manifest;
    return {
      id: m.id,
      taskType: m.taskType,
      languages: m.languages,
      sha256: m.sha256,
      provider: this.provider,
      ...(m.trainedOn ? { trainedOn: m.trainedOn } : {}),
      ...(m.metrics ? { metrics: m.metrics } : {}),
    };
  }

  /** Releases the native session. */
  close(): Promise<void> {
    return this.session.release();
  }

  private async runBatch(items: readonly Item[]): Promise<Float32Array[][]> {
    const rows = items.flatMap((item) => item.rows);
    // A graph with its batch axis fixed at 1 gets one run per row (a response selection has several).
    const outRows = this.contract.batchOfOne
      ? (await Promise.all(rows.map((row) => this.runRows([row])))).flat()
      : await this.runRows(rows);
    let at = 0;
    return items.map((item) => {
      const mine = outRows.slice(at, at + item.rows.length);
      at += item.rows.length;
      return mine;
    });
  }

  /** One `session.run` over `rows`, shaped as the graph wants; one output row per input row. */
  private async runRows(rows: readonly Row[]): Promise<Float32Array[]> {
    const { output, feedDims, fixedSeqLength } = this.contract;
    const pad = this.tokenizer
      ? { [this.manifest.io.inputs.input_ids ?? ""]: BigInt(this.tokenizer.padId) }
      : {};
    const lease = this.buffers.lease();
    let result: ort.InferenceSession.OnnxValueMapType;
    try {
      const feeds = packRows(rows, pad, lease.take, { dims: feedDims, seqLength: fixedSeqLength });
      result = await this.session.run(feeds, [output.name]);
    } finally {
      lease.release();
    }
    return unpackRows(result[output.name] as ort.Tensor, rows.length, output.width);
  }

  private rowsFor(request: TaskRequest): Row[] {
    const inputs = this.manifest.io.inputs;
    switch (request.taskType) {
      case "response_selection":
        return this.pairRows(request);
      case "product_image": {
        const bytes = decodeBase64(request.image.data);
        try {
          const pixels = featurize(this.manifest.featurizer, {
            kind: "image",
            bytes,
            mediaType: request.image.mediaType,
          });
          return [{ [(inputs.pixels ?? inputs.features) as string]: pixels }];
        } catch (error) {
          if (error instanceof ImageDecodeError) throw new InputError("image.data", error.message);
          throw error;
        }
      }
      default:
        return [this.textRow(request.text)];
    }
  }

  private textRow(text: string): Row {
    const inputs = this.manifest.io.inputs;
    if (this.tokenizer && this.manifest.featurizer.kind === "tokenizer") {
      return this.tokenRow(this.tokenizer.encode(text, this.manifest.featurizer.maxLength));
    }
    return { [inputs.features as string]: this.textFeatures(text) };
  }

  /** A text's features: kept sparse for hashed n-grams (packed straight into the batch tensor). */
  private textFeatures(text: string): Float32Array | SparseFeatures {
    const cfg = this.manifest.featurizer;
    if (cfg.kind === "hashed-ngrams") return { width: cfg.dims, ...hashedNgramsSparse(text, cfg) };
    return featurize(cfg, { kind: "text", text });
  }

  private pairRows(request: RequestOf<"response_selection">): Row[] {
    const inputs = this.manifest.io.inputs;
    const context = dialogueText(request.turns);
    if (this.tokenizer && this.manifest.featurizer.kind === "tokenizer") {
      const tok = this.tokenizer;
      const max = this.manifest.featurizer.maxLength;
      return request.candidates.map((c) => this.tokenRow(tok.encodePair(context, c.text, max)));
    }
    const ctx = this.textFeatures(context);
    return request.candidates.map((c) => ({
      [inputs.context as string]: ctx,
      [inputs.candidate as string]: this.textFeatures(c.text),
    }));
  }

  private tokenRow(encoding: { ids: number[]; attentionMask: number[]; typeIds: number[] }): Row {
    const inputs = this.manifest.io.inputs;
    const row: Row = { [inputs.input_ids as string]: BigInt64Array.from(encoding.ids, BigInt) };
    if (inputs.attention_mask)
      row[inputs.attention_mask] = BigInt64Array.from(encoding.attentionMask, BigInt);
    if (inputs.token_type_ids) row[inputs.token_type_ids] = BigInt64Array.from(encoding.typeIds, BigInt);
    return row;
  }
}

function decodeBase64(data: string): Uint8Array {
  return new Uint8Array(Buffer.from(data, "base64"));
}

function hasNonFinite(rows: readonly Float32Array[]): boolean {
  return rows.some((row) => row.some((x) => !Number.isFinite(x)));
}

/** A row of probabilities: each in [0, 1], summing to 1 (within float32 rounding). */
function isDistribution(row: Float32Array): boolean {
  let sum = 0;
  for (const p of row) {
    if (p < 0 || p > 1) return false;
    sum += p;
  }
  return Math.abs(sum - 1) < 1e-3;
}
