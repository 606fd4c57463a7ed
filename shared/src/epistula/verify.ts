import { hexToBytes } from "@noble/hashes/utils.js";
import type { z } from "zod";
import { type Hotkey, hotkeyPublicKey } from "../keys/hotkey";
import type { Sr25519 } from "../keys/sr25519";
import { sha256HexSubtle } from "./body-hash";
import {
  EPISTULA_VERSION,
  type EpistulaHeaders,
  epistulaHeadersSchema,
  epistulaResponseHeadersSchema,
  type HeaderSource,
  pickHeaders,
} from "./headers";
import { epistulaMessageBytes } from "./message";
import { type ReplayGuard, replayKey } from "./replay-guard";

/**
 * Receiving side of Epistula v2 (docs/protocol.md). Checks, in order: every header present -> version "2" ->
 * header formats -> timestamp window -> Signed-For is us -> signature -> replay. The uuid is recorded in the
 * replay guard only after the signature verifies, so forged requests cannot poison the cache. Works on the
 * body's raw bytes or a SHA-256 computed while streaming, so callers verify before parsing anything.
 */

/** Why a signed request or response was refused. */
export type EpistulaFailureReason =
  | "missing_header"
  | "bad_version"
  | "malformed"
  | "expired"
  | "future"
  | "wrong_receiver"
  | "bad_signature"
  | "replayed";

/** A refusal, with a message fit to return to the sender (names what was wrong, never secrets). */
export type EpistulaFailure = { ok: false; reason: EpistulaFailureReason; message: string };

/** A request that passed every check, with who signed it. */
export type VerifiedRequest = { ok: true; signedBy: Hotkey; uuid: string; timestamp: number };

/** Why a response was refused: the request checks, plus a wrong signer or an answer to another request. */
export type ResponseFailure =
  | Exclude<EpistulaFailure, { reason: "replayed" }>
  | { ok: false; reason: "wrong_signer" | "wrong_request"; message: string };

/** A response that passed every check. */
export type VerifiedResponse = { ok: true; signedBy: Hotkey; uuid: string; timestamp: number };

/** The body as raw bytes, or its lowercase SHA-256 hex computed while streaming it. */
export type BodyInput =
  | { body: Uint8Array | string; bodySha256Hex?: undefined }
  | { bodySha256Hex: string; body?: undefined };

/** The acceptance window around `now`; defaults 8 s into the past (as implementations use) and 2 s ahead. */
export interface TimeWindow {
  now?: number;
  maxAgeMs?: number;
  maxFutureMs?: number;
}

/** Default oldest accepted timestamp: 8 s, as deployed implementations use (the spec says 5 s). */
export const EPISTULA_MAX_AGE_MS = 8_000;
/** Default furthest-ahead accepted timestamp, for senders whose clocks run fast. */
export const EPISTULA_MAX_FUTURE_MS = 2_000;
/** Extra replay-cache lifetime covering clock skew between receiver instances sharing one cache. */
const REPLAY_SKEW_MS = 1_000;

/** What `verifyRequest` needs: the receiver's own hotkey, a backend, and the replay guard. */
export type VerifyRequestOptions = BodyInput &
  TimeWindow & { headers: HeaderSource; receiver: Hotkey; sr25519: Sr25519; replay: ReplayGuard };

/**
 * Verifies a signed request. Failures are values; only an error of the replay guard's store (Redis down)
 * throws, which a gate should answer with 503.
 */
export async function verifyRequest(
  options: VerifyRequestOptions,
): Promise<VerifiedRequest | EpistulaFailure> {
  const parsed = parseSigned(options, epistulaHeadersSchema);
  if (!parsed.ok) return parsed;
  const { headers: h, timestamp } = parsed;
  if (!(await signatureMatches(options, h, h["epistula-request-signature"]))) return badSignature();
  const window = (options.maxAgeMs ?? EPISTULA_MAX_AGE_MS) + (options.maxFutureMs ?? EPISTULA_MAX_FUTURE_MS);
  const first = await options.replay.claim(
    replayKey(h["epistula-signed-by"], h["epistula-uuid"]),
    window + REPLAY_SKEW_MS,
  );
  if (!first) return fail("replayed", `uuid ${h["epistula-uuid"]} was already used by this sender`);
  return { ok: true, signedBy: h["epistula-signed-by"], uuid: h["epistula-uuid"], timestamp };
}

/** What `verifyResponse` needs: who should have answered (`signer`), us (`receiver`) and our request's uuid. */
export type VerifyResponseOptions = BodyInput &
  TimeWindow & {
    headers: HeaderSource;
    signer: Hotkey;
    receiver: Hotkey;
    requestUuid: string;
    sr25519: Sr25519;
  };

/**
 * Verifies a signed response (see sign.ts): Signed-By must be the miner asked, Signed-For us, and the uuid
 * the one of our request. No replay guard: binding to our own fresh request uuid already prevents replays.
 */
export async function verifyResponse(
  options: VerifyResponseOptions,
): Promise<VerifiedResponse | ResponseFailure> {
  const parsed = parseSigned(options, epistulaResponseHeadersSchema);
  if (!parsed.ok) return parsed;
  const { headers: h, timestamp } = parsed;
  if (h["epistula-signed-by"] !== options.signer) {
    return { ok: false, reason: "wrong_signer", message: `expected a response signed by ${options.signer}` };
  }
  if (h["epistula-uuid"] !== options.requestUuid) {
    return { ok: false, reason: "wrong_request", message: "Epistula-Uuid is not the uuid of our request" };
  }
  if (!(await signatureMatches(options, h, h["epistula-response-signature"]))) return badSignature();
  return { ok: true, signedBy: h["epistula-signed-by"], uuid: h["epistula-uuid"], timestamp };
}

/** HTTP status for a refusal: 400 for bad headers, 401 for failed authentication, 409 for a replay. */
export function epistulaFailureStatus(
  reason: EpistulaFailureReason | ResponseFailure["reason"],
): 400 | 401 | 409 {
  switch (reason) {
    case "missing_header":
    case "bad_version":
    case "malformed":
      return 400;
    case "replayed":
      return 409;
    default:
      return 401;
  }
}

/** The fields every signed message shares, after parsing. */
type SignedFields = Pick<
  EpistulaHeaders,
  "epistula-timestamp" | "epistula-uuid" | "epistula-signed-by" | "epistula-signed-for"
>;

type Parsed<T> = { ok: true; headers: T; timestamp: number } | EpistulaFailure;

/**
 * The checks of `verifyRequest` that need neither the body nor crypto (headers, version, formats, timestamp
 * window, Signed-For), so a server can refuse a stale or misdirected request before reading its body.
 * `verifyRequest` runs them again; they cost microseconds.
 */
export function checkRequestHeaders(
  options: TimeWindow & { headers: HeaderSource; receiver: Hotkey },
): { ok: true } | EpistulaFailure {
  const parsed = parseSigned(options, epistulaHeadersSchema);
  return parsed.ok ? { ok: true } : parsed;
}

/** Headers present -> version -> formats -> timestamp window -> Signed-For; no crypto yet. */
function parseSigned<S extends typeof epistulaHeadersSchema | typeof epistulaResponseHeadersSchema>(
  options: TimeWindow & { headers: HeaderSource; receiver: Hotkey },
  schema: S,
): Parsed<z.infer<S>> {
  const names = Object.keys(schema.shape);
  const raw = pickHeaders(options.headers, names);
  const missing = names.filter((name) => raw[name] === undefined);
  if (missing.length > 0) return fail("missing_header", `missing header(s): ${missing.join(", ")}`);
  if (raw["epistula-version"] !== EPISTULA_VERSION) {
    return fail("bad_version", `Epistula-Version must be "${EPISTULA_VERSION}"`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return fail("malformed", describeIssue(parsed.error));
  const h = parsed.data as z.infer<S> & SignedFields;
  const now = options.now ?? Date.now();
  const timestamp = Number(h["epistula-timestamp"]);
  const maxAgeMs = options.maxAgeMs ?? EPISTULA_MAX_AGE_MS;
  const maxFutureMs = options.maxFutureMs ?? EPISTULA_MAX_FUTURE_MS;
  if (now - timestamp > maxAgeMs) return fail("expired", `timestamp is more than ${maxAgeMs} ms old`);
  if (timestamp - now > maxFutureMs) return fail("future", `timestamp is more than ${maxFutureMs} ms ahead`);
  if (h["epistula-signed-for"] !== options.receiver) {
    return fail("wrong_receiver", `Epistula-Signed-For is not this receiver (${options.receiver})`);
  }
  return { ok: true, headers: h, timestamp };
}

async function signatureMatches(
  options: BodyInput & { sr25519: Sr25519 },
  h: SignedFields,
  signatureHex: string,
): Promise<boolean> {
  const message = epistulaMessageBytes({
    bodySha256Hex: await bodyHash(options),
    uuid: h["epistula-uuid"],
    timestamp: h["epistula-timestamp"],
    signedFor: h["epistula-signed-for"],
  });
  const signature = hexToBytes(signatureHex.slice(2).toLowerCase());
  return options.sr25519.verify(message, signature, hotkeyPublicKey(h["epistula-signed-by"]));
}

function badSignature(): EpistulaFailure {
  return fail("bad_signature", "signature does not match the body, headers and Epistula-Signed-By");
}

async function bodyHash(input: BodyInput): Promise<string> {
  if (input.bodySha256Hex !== undefined) {
    // A wrong-format digest is the caller's bug, not the sender's: fail loudly.
    if (!/^[0-9a-f]{64}$/.test(input.bodySha256Hex))
      throw new TypeError("bodySha256Hex must be 64 lowercase hex");
    return input.bodySha256Hex;
  }
  return sha256HexSubtle(input.body);
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid headers";
  return `${String(issue.path[0] ?? "headers")}: ${issue.message}`;
}

function fail(reason: EpistulaFailureReason, message: string): EpistulaFailure {
  return { ok: false, reason, message };
}
