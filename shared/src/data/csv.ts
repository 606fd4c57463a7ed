import { type ByteSource, chunks } from "./byte-source";
import { DataFormatError } from "./data-error";

/** One CSV record and the 1-based line it starts on. */
export interface CsvRecord {
  fields: string[];
  lineNo: number;
}

/** Largest record accepted, in chars; beyond it the file is treated as malformed instead of buffered. */
export const MAX_RECORD_CHARS = 1 << 20;

/**
 * Streams RFC 4180 CSV (https://www.rfc-editor.org/rfc/rfc4180): quoted fields may hold commas, `""` and
 * line breaks; records end at CRLF or LF. Only the current record is held in memory. A quote inside an
 * unquoted field, text after a closing quote, or an unterminated quote throws `DataFormatError`.
 */
export async function* readCsv(source: ByteSource, name: string): AsyncGenerator<CsvRecord> {
  const decoder = new TextDecoder("utf-8");
  let fields: string[] = [];
  let field = "";
  let size = 0;
  let inQuotes = false;
  let afterQuote = false; // just closed a quoted field: only a separator may follow
  let quoteSeen = false; // the previous char inside quotes was a quote (either an escape or the close)
  let line = 1;
  let recordLine = 1;
  let bom = true;
  let pendingCr = false;

  const endField = () => {
    fields.push(field);
    field = "";
    afterQuote = false;
  };
  for await (const chunk of chunks(source)) {
    let text = decoder.decode(chunk, { stream: true });
    if (bom && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      bom = false;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text[i] as string;
      if (++size > MAX_RECORD_CHARS)
        throw new DataFormatError(name, recordLine, `record longer than ${MAX_RECORD_CHARS} chars`);
      if (inQuotes) {
        if (quoteSeen) {
          quoteSeen = false;
          if (c === '"') {
            field += '"';
            continue;
          }
          inQuotes = false;
          afterQuote = true;
          // fall through: c is handled as outside quotes
        } else if (c === '"') {
          quoteSeen = true;
          continue;
        } else {
          if (c === "\n") line++;
          field += c;
          continue;
        }
      }
      if (pendingCr && c !== "\n") throw new DataFormatError(name, line, "bare CR outside quotes");
      if (c === ",") endField();
      else if (c === "\r") pendingCr = true;
      else if (c === "\n") {
        pendingCr = false;
        endField();
        const record = { fields, lineNo: recordLine };
        fields = [];
        size = 0;
        line++;
        recordLine = line;
        if (!(record.fields.length === 1 && record.fields[0] === "")) yield record;
      } else if (c === '"') {
        if (field.length > 0 || afterQuote)
          throw new DataFormatError(name, line, "quote inside an unquoted field");
        inQuotes = true;
      } else {
        if (afterQuote) throw new DataFormatError(name, line, "text after a closing quote");
        field += c;
      }
    }
  }
  if (inQuotes && !quoteSeen) throw new DataFormatError(name, recordLine, "unterminated quoted field");
  if (fields.length > 0 || field.length > 0 || afterQuote || quoteSeen) {
    fields.push(field);
    yield { fields, lineNo: recordLine };
  }
}

/**
 * Streams CSV records as objects keyed by the header row, checking that `required` columns exist and that
 * every record has as many fields as the header.
 */
export async function* readCsvObjects(
  source: ByteSource,
  name: string,
  required: readonly string[],
): AsyncGenerator<{ row: Record<string, string>; lineNo: number }> {
  let header: string[] | null = null;
  for await (const { fields, lineNo } of readCsv(source, name)) {
    if (!header) {
      header = fields.map((f) => f.trim());
      const missing = required.filter((r) => !header?.includes(r));
      if (missing.length > 0)
        throw new DataFormatError(name, lineNo, `header lacks column(s) ${missing.join(", ")}`);
      continue;
    }
    if (fields.length !== header.length) {
      throw new DataFormatError(name, lineNo, `expected ${header.length} fields, got ${fields.length}`);
    }
    const row: Record<string, string> = {};
    header.forEach((h, i) => {
      row[h] = fields[i] as string;
    });
    yield { row, lineNo };
  }
}
