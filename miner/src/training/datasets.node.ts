import { readdirSync } from "node:fs";
import { join } from "node:path";
import { readBanking77 } from "../../../shared/src/data/banking77";
import { readBitext } from "../../../shared/src/data/bitext";
import { readEdc } from "../../../shared/src/data/edc";
import { DATASET_FILES, datasetPath, fileSource } from "../../../shared/src/data/files.node.js";
import { readIdxImages } from "../../../shared/src/data/mnist-idx";
import { readXsid } from "../../../shared/src/data/xsid";
import { FASHION_CLASSES } from "../../../shared/src/tasks/fashion-classes";
import { toLabel } from "../../../shared/src/tasks/item-pool";
import { createRng, seedFrom } from "../../../shared/src/tasks/seeded-random";

/**
 * Loads the real datasets into train / held-out splits for the trainers and `eval`. Every split is seeded and
 * documented in `describe`, so reported numbers say exactly what was trained on and what was held out.
 */

/** A labelled text (intent or sentiment); `language` is its BCP-47 primary subtag. */
export interface TextExample {
  text: string;
  label: string;
  language: string;
}

/** A response-selection item: the context's turns, candidates and which one is true. */
export interface RankingExample {
  turns: string[];
  candidates: string[];
  trueIndex: number;
}

/** A labelled 28x28 gray image. */
export interface ImageExample {
  pixels: Uint8Array;
  label: string;
}

/** A dataset file is missing; the message names it and how to point at the data. */
export class DatasetMissingError extends Error {
  override name = "DatasetMissingError";
}

function need(dir: string, relative: string): string {
  const p = datasetPath(relative, dir);
  if (!p) throw new DatasetMissingError(`${join(dir, relative)} not found (set MIAOAI_DATA_DIR or --data)`);
  return p;
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

// Seeded split by a key's hash: every example with the same key lands on the same side.
const heldOut = (key: string, share: number, salt: string) => (seedFrom(salt, key) % 10_000) / 10_000 < share;

/** Bitext: 80% train / 20% held out, split by a seeded hash of the request text. */
export async function loadBitext(
  dir: string,
): Promise<{ train: TextExample[]; test: TextExample[]; describe: string }> {
  const all = await collect(readBitext(fileSource(need(dir, DATASET_FILES.bitext))));
  const rows = all.map((x) => ({ text: x.text, label: toLabel(x.intent), language: "en" }));
  return {
    train: rows.filter((r) => !heldOut(r.text, 0.2, "bitext")),
    test: rows.filter((r) => heldOut(r.text, 0.2, "bitext")),
    describe: "bitext: 80% train / 20% held out (seeded hash of the text)",
  };
}

/** banking77: the official train.csv / test.csv. */
export async function loadBanking77(
  dir: string,
): Promise<{ train: TextExample[]; test: TextExample[]; describe: string }> {
  const read = async (rel: string) =>
    (await collect(readBanking77(fileSource(need(dir, rel))))).map((x) => ({
      text: x.text,
      label: toLabel(x.label),
      language: "en",
    }));
  return {
    train: await read(DATASET_FILES.banking77Train),
    test: await read(DATASET_FILES.banking77Test),
    describe: "banking77: official train (10,003) / test (3,080)",
  };
}

/**
 * xSID valid files (12 languages): utterances are split by their English original (`# text-en`), the rest train /
 * `heldOutShare` (default 20%) held out, so no translation of a held-out utterance is ever trained on, in any language.
 */
export async function loadXsid(
  dir: string,
  heldOutShare = 0.2,
): Promise<{ train: TextExample[]; test: TextExample[]; describe: string }> {
  const xsidDir = join(dir, DATASET_FILES.xsidDir);
  need(dir, DATASET_FILES.xsidDir);
  const train: TextExample[] = [];
  const test: TextExample[] = [];
  for (const file of readdirSync(xsidDir)
    .filter((f) => f.endsWith(".valid.conll"))
    .sort()) {
    const language = file.split(".")[0] as string;
    for await (const x of readXsid(fileSource(join(xsidDir, file)))) {
      const row = { text: x.text, label: toLabel(x.intent), language };
      (heldOut((x.textEn ?? x.text).toLowerCase(), heldOutShare, "xsid") ? test : train).push(row);
    }
  }
  return {
    train,
    test,
    describe: `xSID valid (12 languages): ${100 - Math.round(heldOutShare * 100)}% train / ${Math.round(heldOutShare * 100)}% held out, split by English original (no translation of a held-out utterance is trained on), all languages together`,
  };
}

/** EDC training pairs (train-* files, contexts seen in dev removed) and dev pools of 10 candidates. */
export async function loadEdc(
  dir: string,
  opts: { poolSize?: number; seed?: number } = {},
): Promise<{ train: { turns: string[]; response: string }[]; test: RankingExample[]; describe: string }> {
  const squash = (turns: string[]) => turns.join("|").replace(/\s+/g, "");
  const dev = await collect(readEdc(fileSource(need(dir, DATASET_FILES.edcDev))));
  const devContexts = new Set(dev.map((x) => squash(x.context)));
  const train: { turns: string[]; response: string }[] = [];
  let filtered = 0;
  for (const rel of [DATASET_FILES.edcTrain5k, DATASET_FILES.edcTrain10kPositive]) {
    for await (const x of readEdc(fileSource(need(dir, rel)))) {
      if (x.label !== 1) continue;
      if (devContexts.has(squash(x.context))) {
        filtered++;
        continue;
      }
      train.push({ turns: x.context, response: x.response });
    }
  }
  const poolSize = opts.poolSize ?? 10;
  const rng = createRng(opts.seed ?? seedFrom("edc-dev-pools"));
  const positives = dev.filter((x) => x.label === 1);
  const test = positives.map((x, i) => {
    const negatives: string[] = [];
    while (negatives.length < poolSize - 1) {
      const j = rng.int(dev.length);
      const r = (dev[j] as { response: string }).response;
      if (j !== i && r !== x.response && !negatives.includes(r)) negatives.push(r);
    }
    const candidates = rng.shuffle([x.response, ...negatives]);
    return { turns: x.context, candidates, trueIndex: candidates.indexOf(x.response) };
  });
  return {
    train,
    test,
    describe: `EDC: train on train-5k + train-10k positives (${train.length} pairs, ${filtered} with a dev context removed); test = dev.txt positives (${test.length}), each ranked among itself + ${poolSize - 1} responses drawn at random from other dev lines`,
  };
}

/** Fashion-MNIST train file: shuffled with a fixed seed (it is grouped by class), 50,000 train / 10,000 held out. */
export async function loadFashion(
  dir: string,
): Promise<{ train: ImageExample[]; test: ImageExample[]; describe: string }> {
  const all: ImageExample[] = [];
  const images = fileSource(need(dir, DATASET_FILES.fashionImages));
  const labels = fileSource(need(dir, DATASET_FILES.fashionLabels));
  for await (const x of readIdxImages(images, labels))
    all.push({ pixels: x.pixels, label: FASHION_CLASSES[x.label] as string });
  const shuffled = createRng(seedFrom("fashion-split")).shuffle(all);
  return {
    train: shuffled.slice(0, 50_000),
    test: shuffled.slice(50_000),
    describe: "Fashion-MNIST train file shuffled (seeded): 50,000 train / 10,000 held out",
  };
}
