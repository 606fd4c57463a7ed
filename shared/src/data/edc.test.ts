import { describe, expect, it } from "vitest";
import { textSource } from "./byte-source";
import { readEdc } from "./edc";
import { lines } from "./lines";
import { readXsid } from "./xsid";

const collect = async <T>(it: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

describe("lines", () => {
  it("splits LF and CRLF across chunk boundaries, drops a BOM, keeps a last line without newline", async () => {
    const src = textSource("l.txt", "\uFEFF第一行\r\nsecond 行\n\nlast");
    expect(await collect(lines(src.bytes, src.name))).toEqual([
      { line: "第一行", lineNo: 1 },
      { line: "second 行", lineNo: 2 },
      { line: "", lineNo: 3 },
      { line: "last", lineNo: 4 },
    ]);
  });
});

describe("readEdc", () => {
  it("reads label, turns and response", async () => {
    const src = textSource("dev.txt", "1\t要 买 茶刀\t免邮 了 哦\t好 的\t不 客气 哦\n0\t在吗\t恩 呢\n");
    const rows = await collect(readEdc(src));
    expect(rows).toEqual([
      { label: 1, context: ["要 买 茶刀", "免邮 了 哦", "好 的"], response: "不 客气 哦", lineNo: 1 },
      { label: 0, context: ["在吗"], response: "恩 呢", lineNo: 2 },
    ]);
  });
  it("names file and line of a malformed line", async () => {
    await expect(collect(readEdc(textSource("dev.txt", "1\ta\tb\n2\ta\tb\n")))).rejects.toThrow(
      "dev.txt:2: label must be 0 or 1, got '2'",
    );
    await expect(collect(readEdc(textSource("t.txt", "1\ta\tb\n\n1\tonly\n")))).rejects.toThrow(
      /t\.txt:3: expected label/,
    );
  });
});

describe("readXsid", () => {
  it("reads text and intent per block, ignoring text-en and token rows", async () => {
    const conll =
      "# id = 1\n# text-en = Is it raining?\n# text = 下雨吗？\n# intent = weather/find\n1\t下雨吗\tweather/find\tO\n\n# text = 设置闹钟\n# intent = alarm/set_alarm\n1\t设置\talarm/set_alarm\tO\n";
    const rows = await collect(readXsid(textSource("zh.valid.conll", conll)));
    expect(rows.map((r) => [r.text, r.intent, r.id, r.index, r.lineNo])).toEqual([
      ["下雨吗？", "weather/find", "1", 0, 1],
      ["设置闹钟", "alarm/set_alarm", null, 1, 7],
    ]);
  });
  it("names the block that lacks an intent", async () => {
    const conll = "# text = a\n# intent = x\n\n# text = b\n1\tb\tx\tO\n";
    await expect(collect(readXsid(textSource("en.valid.conll", conll)))).rejects.toThrow(
      "en.valid.conll:4: block lacks a '# intent =' line",
    );
  });
});
