import type { NamedSource } from "./byte-source";
import { DataFormatError } from "./data-error";
import { lines } from "./lines";

/** One E-commerce Dialogue Corpus line: is `response` the true reply to `context`? */
export interface EdcExample {
  label: 0 | 1;
  /** The dialogue turns, oldest first (speakers alternate, customer first). */
  context: string[];
  response: string;
  lineNo: number;
}

/**
 * Streams an EDC file (`label \t turn_1 \t ... \t turn_n \t response`, Zhang et al. COLING 2018) one line at a
 * time, so the full 1M-line training file never sits in memory. Blank lines are skipped; a line with fewer
 * than three fields or a label other than 0/1 throws `DataFormatError` naming file and line.
 */
export async function* readEdc(source: NamedSource): AsyncGenerator<EdcExample> {
  for await (const { line, lineNo } of lines(source.bytes, source.name)) {
    if (line.trim() === "") continue;
    const fields = line.split("\t");
    if (fields.length < 3)
      throw new DataFormatError(
        source.name,
        lineNo,
        `expected label, turns and a response; got ${fields.length} field(s)`,
      );
    const label = fields[0]?.trim();
    if (label !== "0" && label !== "1")
      throw new DataFormatError(source.name, lineNo, `label must be 0 or 1, got '${label}'`);
    yield {
      label: label === "1" ? 1 : 0,
      context: fields.slice(1, -1),
      response: fields[fields.length - 1] as string,
      lineNo,
    };
  }
}
