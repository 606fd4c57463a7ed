import { createHash, type Hash } from "node:crypto";
import type { IncomingMessage } from "node:http";

/**
 * Reads a request body up to `maxBytes`, hashing it (SHA-256, for Epistula) as it streams. A declared
 * Content-Length over the cap is refused before a single byte is read; a body that grows past the cap while
 * streaming is abandoned at that chunk, so an oversized body is never buffered. A body that has not fully
 * arrived within `timeoutMs` is abandoned too: its signature cannot be checked before it is complete, so a
 * sender trickling bodies would otherwise hold sockets for the whole request timeout without proving anything.
 */

/** Bounds of one body read. */
export type BodyLimits = { maxBytes: number; timeoutMs: number };

/** The body and its digest, or why it was refused. */
export type BodyRead =
  | { ok: true; bytes: Uint8Array; sha256Hex: string }
  | { ok: false; reason: "too_large"; readBytes: number }
  | { ok: false; reason: "aborted" }
  | { ok: false; reason: "too_slow" };

/** Reads the body of a Node request (the fast path under @hono/node-server). */
export function readIncomingBounded(
  incoming: IncomingMessage,
  { maxBytes, timeoutMs }: BodyLimits,
): Promise<BodyRead> {
  const declared = declaredLength(incoming.headers["content-length"]);
  if (declared !== null && declared > maxBytes)
    return Promise.resolve({ ok: false, reason: "too_large", readBytes: 0 });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const hash = createHash("sha256");
    let total = 0;
    const timer = setTimeout(() => {
      incoming.pause();
      finish({ ok: false, reason: "too_slow" });
    }, timeoutMs);
    const finish = (result: BodyRead) => {
      clearTimeout(timer);
      incoming.off("data", onData);
      incoming.off("end", onEnd);
      incoming.off("error", onError);
      incoming.off("aborted", onError);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) {
        incoming.pause();
        finish({ ok: false, reason: "too_large", readBytes: total });
        return;
      }
      hash.update(chunk);
      chunks.push(chunk);
    };
    const onEnd = () => finish(done(chunks, total, hash));
    const onError = () => finish({ ok: false, reason: "aborted" });
    incoming.on("data", onData);
    incoming.once("end", onEnd);
    incoming.once("error", onError);
    incoming.once("aborted", onError);
  });
}

/** Reads a fetch `Request` body (tests through `app.request`, other runtimes) with the same bound. */
export async function readRequestBounded(
  request: Request,
  { maxBytes, timeoutMs }: BodyLimits,
): Promise<BodyRead> {
  const declared = declaredLength(request.headers.get("content-length") ?? undefined);
  if (declared !== null && declared > maxBytes) return { ok: false, reason: "too_large", readBytes: 0 };
  const hash = createHash("sha256");
  const chunks: Buffer[] = [];
  let total = 0;
  if (!request.body) return done(chunks, total, hash);
  const reader = request.body.getReader();
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<"too_slow">((resolve) => {
    timer = setTimeout(() => resolve("too_slow"), timeoutMs);
  });
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), slow]);
      if (next === "too_slow") {
        await reader.cancel().catch(() => {});
        return { ok: false, reason: "too_slow" };
      }
      const { done: end, value } = next;
      if (end) break;
      total += value.length;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        return { ok: false, reason: "too_large", readBytes: total };
      }
      const chunk = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
      hash.update(chunk);
      chunks.push(chunk);
    }
  } catch {
    return { ok: false, reason: "aborted" };
  } finally {
    clearTimeout(timer);
  }
  return done(chunks, total, hash);
}

function done(chunks: Buffer[], total: number, hash: Hash): BodyRead {
  const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
  return {
    ok: true,
    bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    sha256Hex: hash.digest("hex"),
  };
}

/** A digits-only Content-Length (Node's parser refuses other forms); more than 15 digits is simply too large. */
function declaredLength(header: string | undefined): number | null {
  if (header === undefined || !/^\d+$/.test(header)) return null;
  const digits = header.replace(/^0+(?=\d)/, "");
  return digits.length > 15 ? Number.POSITIVE_INFINITY : Number(digits);
}
