import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, join, normalize, sep } from "node:path";
import { z } from "zod";
import { SENTIMENT_LABELS, taskTypeSchema } from "../../../shared/src/protocol";
import { featurizerConfigSchema } from "./featurize";

/**
 * The model manifest: what a model folder holds and how the miner feeds it (contract: docs/running_miner.md,
 * "Bring your own ONNX"). Validated once at load; a model whose bytes do not match `sha256` is refused.
 */

/** Roles a model input may play; the miner fills each from the task. */
export const INPUT_ROLES = [
  "features",
  "context",
  "candidate",
  "input_ids",
  "attention_mask",
  "token_type_ids",
  "pixels",
] as const;
/** Roles a model output may play: a classifier gives `probabilities` (softmax in the graph) or raw `logits`. */
export const OUTPUT_ROLES = ["probabilities", "logits", "score"] as const;

const onnxName = z.string().min(1).max(128);

/** A model's manifest.json, schema first (the contract is written out in docs/running_miner.md). */
export const modelManifestSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9._-]{1,64}$/, "model ids are 1-64 of [a-z0-9._-]"),
    taskType: taskTypeSchema,
    languages: z
      .array(z.string().regex(/^(\*|[a-z]{2,3})$/, "a BCP-47 primary subtag or '*'"))
      .min(1)
      .max(64),
    file: z.string().min(1).max(255),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, "64 lowercase hex digits"),
    labels: z.array(z.string().min(1).max(64)).min(2).max(1024).optional(),
    featurizer: featurizerConfigSchema,
    io: z.strictObject({
      inputs: z.partialRecord(z.enum(INPUT_ROLES), onnxName),
      outputs: z.partialRecord(z.enum(OUTPUT_ROLES), onnxName),
    }),
    trainedOn: z.string().max(500).optional(),
    metrics: z.record(z.string().max(64), z.number()).optional(),
  })
  .superRefine((m, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: "custom", path, message });
    const classifier = m.taskType !== "response_selection";
    if (classifier && !m.labels) issue(["labels"], "a classifier must list its output labels");
    const labels = m.labels ?? [];
    const repeated = labels.filter((label, i) => labels.indexOf(label) !== i);
    if (repeated.length > 0) issue(["labels"], `labels must be distinct (${repeated.join(", ")} repeated)`);
    // Sentiment answers use the protocol's labels; a model's own names (LABEL_0, POSITIVE) would never match.
    const foreign = labels.filter((label) => !(SENTIMENT_LABELS as readonly string[]).includes(label));
    if (m.taskType === "sentiment" && foreign.length > 0) {
      issue(
        ["labels"],
        `sentiment labels are the protocol's ${SENTIMENT_LABELS.join(", ")} (rename ${foreign.join(", ")} to ` +
          "the one each output column means)",
      );
    }
    const { probabilities, logits } = m.io.outputs;
    if (classifier && !probabilities && !logits)
      issue(
        ["io", "outputs"],
        "a classifier needs a probabilities (softmax in the graph) or a logits output",
      );
    if (probabilities && logits)
      issue(["io", "outputs"], "name probabilities or logits, not both (the miner reads one of them)");
    if (!classifier && !m.io.outputs.score)
      issue(["io", "outputs", "score"], "required for response_selection");
    if (m.featurizer.kind === "tokenizer") {
      if (!m.io.inputs.input_ids)
        issue(["io", "inputs", "input_ids"], "required by the tokenizer featurizer");
    } else if (!classifier) {
      if (!m.io.inputs.context || !m.io.inputs.candidate)
        issue(["io", "inputs"], "needs context and candidate");
    } else if (!m.io.inputs.features && !m.io.inputs.pixels) {
      issue(["io", "inputs", "features"], "a classifier needs a features (or pixels) input");
    }
    if (m.taskType === "product_image" && m.featurizer.kind !== "image") {
      issue(["featurizer", "kind"], "product_image models take the image featurizer");
    }
    if (m.taskType !== "product_image" && m.featurizer.kind === "image") {
      issue(["featurizer", "kind"], "the image featurizer is only for product_image");
    }
  });
export type ModelManifest = z.infer<typeof modelManifestSchema>;

/** A manifest that is unreadable, invalid, or whose model bytes do not match; names the file and the field. */
export class ManifestError extends Error {
  override readonly name = "ManifestError";
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

/** A model folder checked and read into memory: the manifest, the ONNX bytes, and the folder for side files. */
export interface LoadedModelFiles {
  manifest: ModelManifest;
  dir: string;
  modelBytes: Uint8Array;
}

const MAX_MANIFEST_BYTES = 256 * 1024;

/** Reads `<dir>/manifest.json`, validates it, reads the ONNX file and checks its sha256. */
export async function loadModelFiles(manifestPathOrDir: string): Promise<LoadedModelFiles> {
  const file = manifestPathOrDir.endsWith(".json")
    ? manifestPathOrDir
    : join(manifestPathOrDir, "manifest.json");
  const dir = dirname(file);
  const text = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new ManifestError(file, error.code === "ENOENT" ? "not found" : `cannot read (${error.code})`);
  });
  if (text.length > MAX_MANIFEST_BYTES) throw new ManifestError(file, "too large for a manifest");
  let raw: unknown;
  try {
    raw = JSON.parse(text.toString("utf8"));
  } catch {
    throw new ManifestError(file, "is not JSON");
  }
  const parsed = modelManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(manifest)"}: ${i.message}`);
    throw new ManifestError(file, issues.join("; "));
  }
  const manifest = parsed.data;
  const modelPath = sideFile(file, dir, manifest.file);
  const modelBytes = new Uint8Array(
    await readFile(modelPath).catch(() => {
      throw new ManifestError(file, `model file ${manifest.file} not found`);
    }),
  );
  const actual = sha256Hex(modelBytes);
  if (actual !== manifest.sha256) {
    throw new ManifestError(
      file,
      `sha256 mismatch for ${manifest.file}: manifest ${manifest.sha256}, file ${actual}`,
    );
  }
  return { manifest, dir, modelBytes };
}

/** Resolves a file named by a manifest inside the model folder; refuses paths that escape it. */
export function sideFile(manifestFile: string, dir: string, name: string): string {
  if (isAbsolute(name)) throw new ManifestError(manifestFile, `${name}: must be relative to the manifest`);
  const path = normalize(join(dir, name));
  if (!path.startsWith(normalize(dir) + sep))
    throw new ManifestError(manifestFile, `${name}: escapes the model folder`);
  return path;
}

/** Lowercase hex sha256 of bytes: the model "version hash" shown in /v1/info. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
