import type { NamedSource } from "./byte-source";
import { readCsvObjects } from "./csv";
import { DataFormatError } from "./data-error";

/** One banking77 query and its intent. */
export interface LabeledText {
  text: string;
  label: string;
  lineNo: number;
}

/** Streams banking77's `text,category` CSV (PolyAI). An empty text or category throws `DataFormatError`. */
export async function* readBanking77(source: NamedSource): AsyncGenerator<LabeledText> {
  for await (const { row, lineNo } of readCsvObjects(source.bytes, source.name, ["text", "category"])) {
    const text = (row.text ?? "").trim();
    const label = (row.category ?? "").trim();
    if (!text || !label) throw new DataFormatError(source.name, lineNo, "empty text or category");
    yield { text, label, lineNo };
  }
}
