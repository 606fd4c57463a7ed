/**
 * Turns Redis replies (ioredis buffer mode: Buffer, number, null, nested arrays) into the JSON values of
 * an Upstash REST response.
 *
 * With `Upstash-Encoding: base64` every string is base64 of its raw bytes, so binary values survive
 * JSON. The one exception mirrors Upstash and what @upstash/redis decodes (pkg/http.ts `decode`): a
 * top-level `OK` stays plain, because the client passes a top-level "OK" through undecoded. Inside
 * arrays the client decodes every string, so there "OK" must be encoded like any other.
 */

/** A JSON value as it appears in a `{ result }`. */
export type JsonReply = string | number | null | JsonReply[];

/** How strings are written: UTF-8 text (lossy for invalid UTF-8, as on Upstash) or base64 bytes. */
export type ReplyEncoding = "utf8" | "base64";

/** Encodes one command's reply; `top` marks the outermost value, where a plain `OK` is kept. */
export function encodeReply(reply: unknown, encoding: ReplyEncoding, top = true): JsonReply {
  if (reply === null || reply === undefined) return null;
  if (typeof reply === "number") return reply;
  if (typeof reply === "bigint") return Number(reply);
  if (Array.isArray(reply)) return reply.map((item) => encodeReply(item, encoding, false));
  if (reply instanceof Error) return encodeBytes(Buffer.from(reply.message, "utf8"), encoding, false);
  if (Buffer.isBuffer(reply)) return encodeBytes(reply, encoding, top);
  if (typeof reply === "string") return encodeBytes(Buffer.from(reply, "utf8"), encoding, top);
  throw new TypeError(`unexpected Redis reply of type ${typeof reply}`);
}

function encodeBytes(bytes: Buffer, encoding: ReplyEncoding, top: boolean): string {
  if (encoding === "utf8") return bytes.toString("utf8");
  if (top && bytes.length === 2 && bytes[0] === 0x4f && bytes[1] === 0x4b) return "OK";
  return bytes.toString("base64");
}

/** Reads the `Upstash-Encoding` request header (only `base64` changes anything, as on Upstash). */
export function replyEncodingFrom(header: string | undefined): ReplyEncoding {
  return header?.trim().toLowerCase() === "base64" ? "base64" : "utf8";
}
