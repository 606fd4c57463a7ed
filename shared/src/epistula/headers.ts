import { z } from "zod";
import { hotkeySchema } from "../keys/hotkey";

/**
 * Epistula v2 header names and their zod schemas (docs/protocol.md). Schemas use lowercase names because
 * Hono and fetch's Headers lowercase them; `EPISTULA_HEADERS` holds the canonical spelling for sending.
 */

/** The only version we speak. */
export const EPISTULA_VERSION = "2";

/** Canonical header names, as sent. */
export const EPISTULA_HEADERS = {
  version: "Epistula-Version",
  timestamp: "Epistula-Timestamp",
  uuid: "Epistula-Uuid",
  signedBy: "Epistula-Signed-By",
  signedFor: "Epistula-Signed-For",
  requestSignature: "Epistula-Request-Signature",
  /** Our extension: the miner's signature over its response (see sign.ts). */
  responseSignature: "Epistula-Response-Signature",
} as const;

/** A uuid v4 in its usual 8-4-4-4-12 hex form (either case; the signed message uses it verbatim). */
export const epistulaUuidSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i, "expected a uuid v4");

/** Unix time in milliseconds as a decimal string; at most 15 digits so it stays a safe integer. */
export const epistulaTimestampSchema = z
  .string()
  .regex(/^[0-9]{1,15}$/, "expected Unix time in milliseconds as a decimal string");

/** "0x" + 128 hex digits: a 64-byte sr25519 signature. */
export const epistulaSignatureSchema = z
  .string()
  .regex(/^0x[0-9a-fA-F]{128}$/, "expected 0x followed by 128 hex digits (a 64-byte sr25519 signature)");

const commonShape = {
  "epistula-version": z.literal(EPISTULA_VERSION),
  "epistula-timestamp": epistulaTimestampSchema,
  "epistula-uuid": epistulaUuidSchema,
  "epistula-signed-by": hotkeySchema,
  "epistula-signed-for": hotkeySchema,
};

/** The headers of a signed request, lowercase, with Signed-For required (the spec leaves it optional). */
export const epistulaHeadersSchema = z.object({
  ...commonShape,
  "epistula-request-signature": epistulaSignatureSchema,
});
export type EpistulaHeaders = z.infer<typeof epistulaHeadersSchema>;

/** The headers of a signed response: the same fields, with the signature under Epistula-Response-Signature. */
export const epistulaResponseHeadersSchema = z.object({
  ...commonShape,
  "epistula-response-signature": epistulaSignatureSchema,
});
export type EpistulaResponseHeaders = z.infer<typeof epistulaResponseHeadersSchema>;

/** Incoming headers as fetch, Hono (`c.req.header()`) or Node's IncomingHttpHeaders give them. */
export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

/**
 * Picks the given header names (lowercase) out of any header source, case-insensitively. A repeated header
 * (an array from Node) is kept as an array so that the schema rejects it rather than choosing one.
 */
export function pickHeaders(source: HeaderSource, names: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  if (typeof Headers !== "undefined" && source instanceof Headers) {
    for (const name of names) {
      const value = source.get(name);
      if (value !== null) picked[name] = value;
    }
    return picked;
  }
  const wanted = new Set(names);
  for (const [key, value] of Object.entries(source)) {
    const lower = key.toLowerCase();
    if (value !== undefined && wanted.has(lower)) picked[lower] = value;
  }
  return picked;
}
