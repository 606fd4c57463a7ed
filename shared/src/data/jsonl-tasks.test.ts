import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { textSource } from "./byte-source";
import { readJsonlTasks } from "./jsonl-tasks";
import { readIdxImages } from "./mnist-idx";

const collect = async <T>(it: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

describe("readJsonlTasks", () => {
  it("reads every record kind and skips blanks and // comments", async () => {
    const jsonl = [
      "// a comment",
      '{"kind":"intent","language":"en","text":"where is my parcel","label":"order_status"}',
      "",
      '{"kind":"sentiment","language":"de","text":"Danke!","label":"positive"}',
      '{"kind":"dialogue","language":"zh","turns":[{"speaker":"customer","text":"发货了吗"}],"response":"今天发货哦"}',
    ].join("\n");
    const rows = await collect(readJsonlTasks(textSource("t.jsonl", jsonl)));
    expect(rows.map((r) => [r.kind, r.lineNo])).toEqual([
      ["intent", 2],
      ["sentiment", 4],
      ["dialogue", 5],
    ]);
  });
  it("names file and line of bad JSON and of a schema failure", async () => {
    await expect(collect(readJsonlTasks(textSource("a.jsonl", '{"kind":"intent",\n')))).rejects.toThrow(
      /a\.jsonl:1: invalid JSON/,
    );
    const wrong =
      '{"kind":"intent","language":"en","text":"x","label":"ok"}\n{"kind":"sentiment","language":"en","text":"x","label":"meh"}';
    await expect(collect(readJsonlTasks(textSource("b.jsonl", wrong)))).rejects.toThrow(/b\.jsonl:2: label/);
  });
});

describe("readIdxImages", () => {
  const idx = (magic: number, dims: number[], body: number[]) => {
    const head = new Uint8Array(4 + dims.length * 4);
    const v = new DataView(head.buffer);
    v.setUint32(0, magic);
    for (const [i, d] of dims.entries()) v.setUint32(4 + i * 4, d);
    return gzipSync(Uint8Array.from([...head, ...body]));
  };
  const source = (name: string, bytes: Uint8Array) => ({
    name,
    bytes: (async function* () {
      for (let i = 0; i < bytes.length; i += 5) yield bytes.subarray(i, i + 5);
    })(),
  });

  it("streams image/label pairs from gzip'd idx files", async () => {
    const images = idx(0x803, [3, 2, 2], [0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23]);
    const labels = idx(0x801, [3], [7, 8, 9]);
    const rows = await collect(readIdxImages(source("img.gz", images), source("lab.gz", labels)));
    expect(rows.map((r) => [Array.from(r.pixels), r.label, r.index])).toEqual([
      [[0, 1, 2, 3], 7, 0],
      [[10, 11, 12, 13], 8, 1],
      [[20, 21, 22, 23], 9, 2],
    ]);
  });
  it("refuses mismatched counts, wrong magic and truncated files", async () => {
    const images = idx(0x803, [2, 1, 1], [1, 2]);
    await expect(
      collect(readIdxImages(source("img.gz", images), source("lab.gz", idx(0x801, [3], [1, 2, 3])))),
    ).rejects.toThrow("lab.gz:0: 3 labels for 2 images");
    await expect(
      collect(
        readIdxImages(
          source("img.gz", idx(0x801, [2, 1, 1], [1, 2])),
          source("lab.gz", idx(0x801, [2], [1, 2])),
        ),
      ),
    ).rejects.toThrow(/magic/);
    await expect(
      collect(
        readIdxImages(
          source("img.gz", idx(0x803, [2, 1, 1], [1])),
          source("lab.gz", idx(0x801, [2], [1, 2])),
        ),
      ),
    ).rejects.toThrow("img.gz:2: file ends early");
  });
});
