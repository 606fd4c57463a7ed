import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readBanking77 } from "./banking77";
import { readBitext } from "./bitext";
import { readEdc } from "./edc";
import { DATASET_FILES, dataDir, datasetPath, fileSource } from "./files.node.js";
import { readIdxImages } from "./mnist-idx";
import { readXsid } from "./xsid";

// These read the real datasets in place (MIAOAI_DATA_DIR or ../shared/data); absent data skips with a note.
const dir = dataDir();
const present = datasetPath(DATASET_FILES.edcDev, dir) !== null;
if (!present)
  console.warn(`real-data loader tests skipped: no datasets in ${dir} (set MIAOAI_DATA_DIR to enable)`);
const path = (rel: string) => datasetPath(rel, dir) as string;

async function count<T>(it: AsyncIterable<T>, check?: (x: T) => void): Promise<number> {
  let n = 0;
  for await (const x of it) {
    check?.(x);
    n++;
  }
  return n;
}

describe.skipIf(!present)("loaders on the real data files", () => {
  it("EDC dev.txt: 10,000 lines with labels 0/1 and at least one turn", async () => {
    let positives = 0;
    const n = await count(readEdc(fileSource(path(DATASET_FILES.edcDev))), (x) => {
      positives += x.label;
      expect(x.context.length).toBeGreaterThan(0);
    });
    expect(n).toBe(10_000);
    expect(positives).toBe(5_000);
  });
  it("EDC training subsets: 10,078 and 10,000 lines", async () => {
    expect(await count(readEdc(fileSource(path(DATASET_FILES.edcTrain5k))))).toBe(10_078);
    expect(await count(readEdc(fileSource(path(DATASET_FILES.edcTrain10kPositive))))).toBe(10_000);
  });
  it("Bitext: 4,514 requests in 27 intents", async () => {
    const intents = new Set<string>();
    expect(
      await count(readBitext(fileSource(path(DATASET_FILES.bitext))), (x) => intents.add(x.intent)),
    ).toBe(4_514);
    expect(intents.size).toBe(27);
  });
  it("banking77: 10,003 train / 3,080 test, 77 intents", async () => {
    const labels = new Set<string>();
    expect(
      await count(readBanking77(fileSource(path(DATASET_FILES.banking77Train))), (x) => labels.add(x.label)),
    ).toBe(10_003);
    expect(await count(readBanking77(fileSource(path(DATASET_FILES.banking77Test))))).toBe(3_080);
    expect(labels.size).toBe(77);
  });
  it("xSID: 300 utterances per language (ja: 150), 15 intents in the valid split (the README counts 16 over all of xSID)", async () => {
    const files = readdirSync(join(dir, DATASET_FILES.xsidDir)).filter((f) => f.endsWith(".valid.conll"));
    expect(files.length).toBe(12);
    const intents = new Set<string>();
    for (const f of files) {
      const n = await count(readXsid(fileSource(join(dir, DATASET_FILES.xsidDir, f))), (x) => {
        intents.add(x.intent);
        expect(x.text.length).toBeGreaterThan(0);
      });
      expect(n).toBe(f.startsWith("ja.") ? 150 : 300);
    }
    expect(intents.size).toBe(15);
  });
  it("Fashion-MNIST: 60,000 28x28 images, 6,000 per class", async () => {
    const perClass = new Array<number>(10).fill(0);
    const n = await count(
      readIdxImages(
        fileSource(path(DATASET_FILES.fashionImages)),
        fileSource(path(DATASET_FILES.fashionLabels)),
      ),
      (x) => {
        perClass[x.label] = (perClass[x.label] as number) + 1;
      },
    );
    expect(n).toBe(60_000);
    expect(perClass).toEqual(new Array<number>(10).fill(6_000));
  });
});
