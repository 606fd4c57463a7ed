import { createReadStream, existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { NamedSource } from "./byte-source";

/** Where each dataset lives inside the data directory (see /work/shared/data/README.md). */
export const DATASET_FILES = {
  edcDev: "edc/dev.txt",
  edcTrain5k: "edc/train-5k-unsegmented.txt",
  edcTrain10kPositive: "edc/train-10k-positive-unsegmented.txt",
  bitext: "bitext/Bitext_Sample_Customer_Support_Training_Dataset.csv",
  banking77Train: "banking77/train.csv",
  banking77Test: "banking77/test.csv",
  fashionImages: "fashion-mnist/train-images-idx3-ubyte.gz",
  fashionLabels: "fashion-mnist/train-labels-idx1-ubyte.gz",
  xsidDir: "xsid",
} as const;

/** The data directory: `MIAOAI_DATA_DIR`, else `../shared/data` next to the repository. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MIAOAI_DATA_DIR) return resolve(env.MIAOAI_DATA_DIR);
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
  return resolve(repoRoot, "../shared/data");
}

/** The absolute path of a dataset file, or null when it is absent (callers skip with a message). */
export function datasetPath(relative: string, dir = dataDir()): string | null {
  const p = join(dir, relative);
  return existsSync(p) ? p : null;
}

/** Streams a local file as a named source (Node file stream, 64 KiB chunks). */
export function fileSource(path: string): NamedSource {
  return { name: basename(path), bytes: createReadStream(path, { highWaterMark: 1 << 16 }) };
}
