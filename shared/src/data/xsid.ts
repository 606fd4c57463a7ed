import type { NamedSource } from "./byte-source";
import { DataFormatError } from "./data-error";
import { lines } from "./lines";

/** One xSID utterance: its text and intent (`weather/find`), its `# id` and 0-based position in the file. */
export interface XsidExample {
  text: string;
  intent: string;
  /** The `# id =` value (null when the block has none). */
  id: string | null;
  /** The English original (`# text-en =`), which aligns translations of one utterance; null when absent. */
  textEn: string | null;
  index: number;
  lineNo: number;
}

/**
 * Streams an xSID CoNLL file (mainlp/xsid): blocks separated by blank lines, each with `# text = ...` and
 * `# intent = ...` comment lines followed by token rows. ja holds 150 utterances, the others 300. A block without text or intent throws `DataFormatError` at the block's first line.
 */
export async function* readXsid(source: NamedSource): AsyncGenerator<XsidExample> {
  let text: string | null = null;
  let intent: string | null = null;
  let id: string | null = null;
  let textEn: string | null = null;
  let start = 0;
  let index = 0;
  let inBlock = false;
  const finish = (): XsidExample => {
    if (text === null || intent === null) {
      throw new DataFormatError(
        source.name,
        start,
        `block lacks a '# ${text === null ? "text" : "intent"} =' line`,
      );
    }
    const example = {
      text,
      intent,
      id,
      textEn: textEn ?? (source.name.startsWith("en.") ? text : null),
      index: index++,
      lineNo: start,
    };
    text = intent = id = textEn = null;
    inBlock = false;
    return example;
  };
  for await (const { line, lineNo } of lines(source.bytes, source.name)) {
    if (line.trim() === "") {
      if (inBlock) yield finish();
      continue;
    }
    if (!inBlock) {
      inBlock = true;
      start = lineNo;
    }
    const comment = /^#\s*(text-en|text|intent|id)\s*[=:]\s?(.*)$/.exec(line);
    if (comment) {
      const value = (comment[2] as string).trim();
      if (comment[1] === "text") text = value;
      else if (comment[1] === "intent") intent = value;
      else if (comment[1] === "text-en") textEn = value;
      else id = value;
    }
  }
  if (inBlock) yield finish();
}
