import type { NamedSource } from "./byte-source";
import { readCsvObjects } from "./csv";
import { DataFormatError } from "./data-error";

/** One Bitext customer-support request with its intent, category and agent response. */
export interface BitextExample {
  text: string;
  intent: string;
  category: string;
  response: string;
  lineNo: number;
}

/**
 * Streams the Bitext customer-support CSV (columns include instruction, intent, category, response; quoted
 * fields span lines). A record with an empty instruction or intent throws `DataFormatError`.
 */
export async function* readBitext(source: NamedSource): AsyncGenerator<BitextExample> {
  const columns = ["instruction", "intent", "category", "response"];
  for await (const { row, lineNo } of readCsvObjects(source.bytes, source.name, columns)) {
    const text = (row.instruction ?? "").trim();
    const intent = (row.intent ?? "").trim().toLowerCase();
    if (!text || !intent) throw new DataFormatError(source.name, lineNo, "empty instruction or intent");
    yield { text, intent, category: (row.category ?? "").trim(), response: row.response ?? "", lineNo };
  }
}
