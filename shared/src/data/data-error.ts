/** A data file broke its format; `file:line` point at the offending record. */
export class DataFormatError extends Error {
  override name = "DataFormatError";
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
  }
}
