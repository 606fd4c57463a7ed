import { type ByteSource, chunks } from "./byte-source";
import { DataFormatError } from "./data-error";

/** One text line and its 1-based number. */
export interface NumberedLine {
  line: string;
  lineNo: number;
}

/** Longest line accepted; a longer one is a format error rather than an unbounded buffer. */
export const MAX_LINE_CHARS = 1 << 20;

/**
 * Splits a UTF-8 byte stream into lines (`\n` or `\r\n`), holding only the current partial line in memory.
 * A BOM at the start is dropped.
 */
export async function* lines(source: ByteSource, name: string): AsyncGenerator<NumberedLine> {
  const decoder = new TextDecoder("utf-8");
  let pending = "";
  let lineNo = 0;
  let first = true;
  const emit = function* (text: string): Generator<NumberedLine> {
    let start = 0;
    for (;;) {
      const nl = text.indexOf("\n", start);
      if (nl < 0) break;
      lineNo++;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield { line: text.slice(start, end), lineNo };
      start = nl + 1;
    }
    pending = text.slice(start);
    if (pending.length > MAX_LINE_CHARS)
      throw new DataFormatError(name, lineNo + 1, `line longer than ${MAX_LINE_CHARS} chars`);
  };
  for await (const chunk of chunks(source)) {
    let text = decoder.decode(chunk, { stream: true });
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    yield* emit(pending + text);
  }
  const rest = pending + decoder.decode();
  if (rest.length > 0) {
    yield* emit(`${rest}\n`);
  }
}
