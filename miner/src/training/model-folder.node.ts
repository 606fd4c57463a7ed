import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ModelManifest } from "../inference/manifest";

/** A trained model ready to write: the manifest minus the fields the writer computes, and the ONNX bytes. */
export interface ModelArtifact {
  manifest: Omit<ModelManifest, "file" | "sha256">;
  onnx: Uint8Array;
}

/** Writes `<dir>/model.onnx` and `<dir>/manifest.json` (with the file's sha256), as the model contract defines. */
export async function writeModelFolder(dir: string, artifact: ModelArtifact): Promise<ModelManifest> {
  await mkdir(dir, { recursive: true });
  const manifest: ModelManifest = {
    ...artifact.manifest,
    file: "model.onnx",
    sha256: createHash("sha256").update(artifact.onnx).digest("hex"),
  };
  await writeFile(join(dir, "model.onnx"), artifact.onnx);
  await writeFile(join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
