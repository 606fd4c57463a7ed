import { describe, expect, it } from "vitest";
import { readBanking77 } from "./banking77";
import { readBitext } from "./bitext";
import { textSource } from "./byte-source";
import { readCsv } from "./csv";
import { DataFormatError } from "./data-error";

const collect = async <T>(it: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

describe("readCsv (RFC 4180)", () => {
  it("reads quoted commas, doubled quotes, CRLF and line breaks inside quotes, with start lines", async () => {
    const src = textSource("t.csv", 'a,b,c\r\n"x, y","say ""hi""","multi\nline\r\nfield"\n1,,3\n\n"",z,"q"');
    const rows = await collect(readCsv(src.bytes, src.name));
    expect(rows.map((r) => r.fields)).toEqual([
      ["a", "b", "c"],
      ["x, y", 'say "hi"', "multi\nline\r\nfield"],
      ["1", "", "3"],
      ["", "z", "q"],
    ]);
    expect(rows.map((r) => r.lineNo)).toEqual([1, 2, 5, 7]);
  });
  it("names file and line of an unterminated quote", async () => {
    const src = textSource("bad.csv", 'a,b\n1,2\n3,"open\nstill open');
    await expect(collect(readCsv(src.bytes, src.name))).rejects.toThrow(
      "bad.csv:3: unterminated quoted field",
    );
  });
  it("refuses a quote inside an unquoted field and text after a closing quote", async () => {
    const a = textSource("a.csv", 'x,y\nab"c,d\n');
    await expect(collect(readCsv(a.bytes, a.name))).rejects.toThrow(/a\.csv:2: quote inside/);
    const b = textSource("b.csv", 'x,y\n"ab"c,d\n');
    await expect(collect(readCsv(b.bytes, b.name))).rejects.toBeInstanceOf(DataFormatError);
  });
});

describe("readBanking77 / readBitext", () => {
  it("maps banking77 rows and refuses a row with the wrong field count", async () => {
    const ok = textSource(
      "train.csv",
      'text,category\n"Where is my card, please?",card_arrival\nHi,greeting\n',
    );
    expect((await collect(readBanking77(ok))).map((r) => [r.text, r.label, r.lineNo])).toEqual([
      ["Where is my card, please?", "card_arrival", 2],
      ["Hi", "greeting", 3],
    ]);
    const bad = textSource("test.csv", "text,category\nfine,a\ntoo,many,fields\n");
    await expect(collect(readBanking77(bad))).rejects.toThrow("test.csv:3: expected 2 fields, got 3");
  });
  it("maps Bitext rows whose response spans lines", async () => {
    const csv =
      'flags,instruction,category,intent,response\nB,"cancel order {{Order Number}}",ORDER,cancel_order,"Sure.\n\nSteps:\n1. go"\n';
    const rows = await collect(readBitext(textSource("bitext.csv", csv)));
    expect(rows).toEqual([
      {
        text: "cancel order {{Order Number}}",
        intent: "cancel_order",
        category: "ORDER",
        response: "Sure.\n\nSteps:\n1. go",
        lineNo: 2,
      },
    ]);
    await expect(collect(readBitext(textSource("b.csv", "instruction,intent\nx,y\n")))).rejects.toThrow(
      /header lacks column/,
    );
  });
});
