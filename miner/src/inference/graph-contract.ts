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

/** Checks `graph` against `manifest` and returns how to feed it; throws `GraphContractError`. */
export function checkGraphContract(manifest: ModelManifest, graph: GraphSignature): GraphContract {
  const fail = (message: string): never => {
    throw new GraphContractError(`model ${manifest.id}: ${message}`);
  };
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
  const roleOf = new Map(Object.entries(manifest.io.inputs).map(([role, name]) => [name, role]));
  for (const input of graph.inputMetadata) {
    if (!roleOf.has(input.name)) {
      fail(
        `the graph input "${input.name}" is not named in io.inputs, so the miner cannot feed it ` +
          `(name it under one of its roles, or export the graph without it)`,
      );
    }
  }

  const batchAxes: (number | string | undefined)[] = [];
  const role =
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
      name: manifest.io.outputs[role] as string,
      role,
      width: role === "score" ? 1 : (manifest.labels?.length ?? 0),
    },
  };
  for (const input of graph.inputMetadata) {
    const role = roleOf.get(input.name) as string;
    const where = `io.inputs.${role} ("${input.name}")`;
    if (!input.isTensor) fail(`${where} is not a tensor in the graph`);
    const { type, shape } = input as InferenceSession.TensorValueMetadata;
    const want = TOKEN_ROLES.has(role) ? "int64" : "float32";
    if (type !== want) {
      fail(
        `${where} is ${type} in the graph; the miner feeds ${want}${want === "int64" ? " (export token ids as torch.long)" : ""}`,
      );
    }
    if (shape.length === 0) continue; // shape not declared: checked by the run itself
    batchAxes.push(shape[0]);
    const rest = shape.slice(1);
    if (TOKEN_ROLES.has(role)) {
      if (rest.length !== 1) fail(`${where} has shape ${show(shape)}; token inputs are [batch, sequence]`);
      const seq = rest[0];
      if (typeof seq === "number") {
        const maxLength = manifest.featurizer.kind === "tokenizer" ? manifest.featurizer.maxLength : 0;
        if (maxLength > seq) {
          fail(
            `the graph fixes the sequence length of ${where} at ${seq}; set featurizer.maxLength <= ${seq}`,
          );
        }
        contract.fixedSeqLength[input.name] = seq;
      }
      continue;
    }
    if (manifest.featurizer.kind === "tokenizer") continue;
    const width = featureWidth(manifest.featurizer);
    const f = manifest.featurizer;
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
  }

  const { name: outputName, role: outputRole, width: outputWidth } = contract.output;
  const output = graph.outputMetadata.find((o) => o.name === outputName) as InferenceSession.ValueMetadata;
  const where = `io.outputs.${outputRole} ("${outputName}")`;
  if (!output.isTensor) fail(`${where} is not a tensor in the graph`);
  const { type, shape } = output as InferenceSession.TensorValueMetadata;
  if (type !== "float32")
    fail(`${where} is ${type} in the graph; the miner reads float32 (cast it in the graph)`);
  if (shape.length > 0) {
    batchAxes.push(shape[0]);
    // Axes of size 1 are layout ([batch, 1] scores, [batch, 1, labels]); what is left is one row's values.
    const rest = shape.slice(1).filter((d) => d !== 1);
    const fits =
      outputRole === "score"
        ? rest.length === 0 || (rest.length === 1 && typeof rest[0] === "string")
        : rest.length === 1 && (typeof rest[0] === "string" || rest[0] === outputWidth);
    if (!fits) {
      const hint =
        outputRole === "score"
          ? rest[0] === 2
            ? " (a two-logit cross-encoder: export the relevant class's logit alone, e.g. logits[:, 1:])"
            : ""
          : ` (${outputWidth} labels in the manifest)`;
      fail(
        `${where} has shape ${show(shape)}; expected ${outputRole === "score" ? "[batch] or [batch, 1]" : "[batch, labels]"}${hint}`,
      );
    }
  }

  const fixed = batchAxes.filter((d): d is number => typeof d === "number");
  if (fixed.some((d) => d !== 1))
    fail(`the graph fixes its batch axis at ${show(fixed)}; make it dynamic (or 1)`);
  contract.batchOfOne = fixed.length > 0;
  return contract;
}

function show(dims: readonly (number | string | undefined)[]): string {
  return `[${dims.join(", ")}]`;
}
