import type { InferenceSession } from "onnxruntime-node";
import { featureWidth } from "./featurize";
import type { ModelManifest } from "./manifest";

/**
 * Checks an operator's ONNX graph against its manifest when the model loads, from the inputs and outputs the
 * graph declares: a graph the miner would feed wrongly, or whose output it would misread, is refused at start
 * with the model and the manifest role named, instead of answering 500s under load or, worse, wrong answers
 * with 200. Dimensions the graph leaves symbolic are checked on every batch instead (`TaskModel`).
 */

/** How the miner feeds and reads a graph that passed the checks. */
export interface GraphContract {
  /** The graph fixes its batch axis at 1 (exported without a dynamic batch axis): one row per `session.run`. */
  batchOfOne: boolean;
  /** Per input name, the dims after the batch axis when the graph fixes them differently from `[width]`. */
  feedDims: Record<string, readonly number[]>;
  /** Per token input name, the sequence length the graph fixes (rows are padded to it). */
  fixedSeqLength: Record<string, number>;
  /** The output the miner reads, its role, and its values per row (a classifier's labels, a score's 1). */
  output: { name: string; role: "score" | "logits" | "probabilities"; width: number };
}

/** The graph does not fit the manifest; the message names the model, the role and what to change. */
export class GraphContractError extends Error {
  override readonly name = "GraphContractError";
}

/** The part of an onnxruntime session the checks read. */
export type GraphSignature = Pick<InferenceSession, "inputMetadata" | "outputMetadata">;

const TOKEN_ROLES = new Set(["input_ids", "attention_mask", "token_type_ids"]);

type Tensor = InferenceSession.TensorValueMetadata;
type Fail = (message: string) => never;

/** Checks `graph` against `manifest` and returns how to feed it; throws `GraphContractError`. */
export function checkGraphContract(manifest: ModelManifest, graph: GraphSignature): GraphContract {
  const fail: Fail = (message) => {
    throw new GraphContractError(`model ${manifest.id}: ${message}`);
  };
  checkNames(manifest, graph, fail);
  const outputRole =
    manifest.taskType === "response_selection"
      ? "score"
      : manifest.io.outputs.logits
        ? "logits"
        : "probabilities";
  const contract: GraphContract = {
    batchOfOne: false,
    feedDims: {},
    fixedSeqLength: {},
    output: {
      name: manifest.io.outputs[outputRole] as string,
      role: outputRole,
      width: outputRole === "score" ? 1 : (manifest.labels?.length ?? 0),
    },
  };
  const roleOf = new Map(Object.entries(manifest.io.inputs).map(([role, name]) => [name, role]));
  const batchAxes: (number | string | undefined)[] = [];
  for (const input of graph.inputMetadata) {
    const role = roleOf.get(input.name) as string;
    const shape = checkInput(manifest, role, input, contract, fail);
    if (shape.length > 0) batchAxes.push(shape[0]);
  }
  // Token inputs are padded together: one fixed sequence length holds for all of them.
  const lengths = [...new Set(Object.values(contract.fixedSeqLength))];
  if (lengths.length > 1)
    fail(`the graph fixes its token inputs at different lengths (${lengths.join(", ")})`);
  if (lengths[0] !== undefined) {
    for (const [role, name] of Object.entries(manifest.io.inputs))
      if (TOKEN_ROLES.has(role)) contract.fixedSeqLength[name] = lengths[0];
  }
  const output = graph.outputMetadata.find(
    (o) => o.name === contract.output.name,
  ) as InferenceSession.ValueMetadata;
  const outputShape = checkOutput(contract.output, output, fail);
  if (outputShape.length > 0) batchAxes.push(outputShape[0]);

  const fixed = [...new Set(batchAxes.filter((d): d is number => typeof d === "number"))];
  if (fixed.some((d) => d !== 1))
    fail(`the graph fixes its batch axis at ${fixed.join(", ")}; make it dynamic (or 1)`);
  contract.batchOfOne = fixed.length > 0;
  return contract;
}

/** Every name the manifest gives is in the graph, and every graph input has a role the miner can feed. */
function checkNames(manifest: ModelManifest, graph: GraphSignature, fail: Fail): void {
  const inputNames = graph.inputMetadata.map((m) => m.name);
  const outputNames = graph.outputMetadata.map((m) => m.name);
  const unknown = [
    ...Object.values(manifest.io.inputs).filter((name) => !inputNames.includes(name)),
    ...Object.values(manifest.io.outputs).filter((name) => !outputNames.includes(name)),
  ];
  if (unknown.length > 0) {
    fail(
      `manifest names ${unknown.join(", ")}, not in the ONNX graph ` +
        `(inputs ${inputNames.join(", ")}; outputs ${outputNames.join(", ")})`,
    );
  }
  const named = new Set(Object.values(manifest.io.inputs));
  for (const name of inputNames) {
    if (!named.has(name)) {
      fail(
        `the graph input "${name}" is not named in io.inputs, so the miner cannot feed it ` +
          "(name it under one of its roles, or export the graph without it)",
      );
    }
  }
}

/** One input's type and shape against its role and the featurizer; records how to feed it. Returns its shape. */
function checkInput(
  manifest: ModelManifest,
  role: string,
  input: InferenceSession.ValueMetadata,
  contract: GraphContract,
  fail: Fail,
): readonly (number | string)[] {
  const where = `io.inputs.${role} ("${input.name}")`;
  if (!input.isTensor) fail(`${where} is not a tensor in the graph`);
  const { type, shape } = input as Tensor;
  const token = TOKEN_ROLES.has(role);
  const want = token ? "int64" : "float32";
  if (type !== want) {
    fail(
      `${where} is ${type} in the graph; the miner feeds ${want}${token ? " (export token ids as torch.long)" : ""}`,
    );
  }
  if (shape.length === 0) return shape; // not declared: the run itself will tell
  const rest = shape.slice(1);
  const f = manifest.featurizer;
  if (token) {
    if (rest.length !== 1) fail(`${where} has shape ${show(shape)}; token inputs are [batch, sequence]`);
    const seq = rest[0];
    if (typeof seq === "number") {
      if (f.kind === "tokenizer" && f.maxLength > seq) {
        fail(`the graph fixes the sequence length of ${where} at ${seq}; set featurizer.maxLength <= ${seq}`);
      }
      contract.fixedSeqLength[input.name] = seq;
    }
    return shape;
  }
  if (f.kind === "tokenizer") return shape;
  const width = featureWidth(f);
  const accepted: readonly number[][] =
    f.kind === "image" ? [[width], [f.channels, f.height, f.width]] : [[width]];
  const fits = accepted.find(
    (dims) =>
      dims.length === rest.length && dims.every((d, i) => typeof rest[i] !== "number" || rest[i] === d),
  );
  if (!fits) {
    const expected = accepted.map((dims) => show(["batch", ...dims])).join(" or ");
    fail(`${where} has shape ${show(shape)}; the featurizer gives ${expected}`);
  }
  if (fits && fits.length > 1) contract.feedDims[input.name] = fits;
  return shape;
}

/** The output the miner reads: float32, one row per input row of the expected width. Returns its shape. */
function checkOutput(
  expected: GraphContract["output"],
  output: InferenceSession.ValueMetadata,
  fail: Fail,
): readonly (number | string)[] {
  const where = `io.outputs.${expected.role} ("${expected.name}")`;
  if (!output.isTensor) fail(`${where} is not a tensor in the graph`);
  const { type, shape } = output as Tensor;
  if (type !== "float32")
    fail(`${where} is ${type} in the graph; the miner reads float32 (cast it in the graph)`);
  if (shape.length === 0) return shape;
  // Axes of size 1 are layout ([batch, 1] scores, [batch, 1, labels]); what is left is one row's values, and a
  // symbolic axis there is checked on every batch.
  const rest = shape.slice(1).filter((d) => d !== 1);
  const score = expected.role === "score";
  const fits = score
    ? rest.length === 0 || (rest.length === 1 && typeof rest[0] === "string")
    : rest.length === 1 && (typeof rest[0] === "string" || rest[0] === expected.width);
  if (!fits) {
    const hint = score
      ? rest[0] === 2
        ? " (a two-logit cross-encoder: export the relevant class's logit alone, e.g. logits[:, 1:])"
        : ""
      : ` (${expected.width} labels in the manifest)`;
    fail(
      `${where} has shape ${show(shape)}; expected ${score ? "[batch] or [batch, 1]" : "[batch, labels]"}${hint}`,
    );
  }
  return shape;
}

function show(dims: readonly (number | string | undefined)[]): string {
  return `[${dims.join(", ")}]`;
}
