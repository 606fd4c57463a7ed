import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";

/**
 * SHA-256 of the exact body bytes, as lowercase hex: the first field of the Epistula message. Strings are
 * hashed as their UTF-8 bytes, which is what goes on the wire.
 */
export function sha256Hex(body: Uint8Array | string): string {
  return bytesToHex(sha256(typeof body === "string" ? new TextEncoder().encode(body) : body));
}

/** Same digest through crypto.subtle (native, async): faster for large bodies already in memory. */
export async function sha256HexSubtle(body: Uint8Array | string): Promise<string> {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return bytesToHex(new Uint8Array(digest));
}

/** The outcome of reading a body with a size limit. */
export type BoundedBody =
  | { ok: true; bytes: Uint8Array; sha256Hex: string }
  | { ok: false; reason: "too_large"; message: string };

/**
 * Reads a body stream up to `maxBytes`, hashing while it reads, and cancels the stream as soon as the limit
 * is passed. Gives the bytes and their SHA-256, so the signature is checked before anything parses them.
 */
export async function readBodyBounded(
  stream: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<BoundedBody> {
  const hasher = sha256.create();
  if (stream === null) return { ok: true, bytes: new Uint8Array(0), sha256Hex: bytesToHex(hasher.digest()) };
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, reason: "too_large", message: `body exceeds ${maxBytes} bytes` };
      }
      hasher.update(value);
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return { ok: true, bytes, sha256Hex: bytesToHex(hasher.digest()) };
}
