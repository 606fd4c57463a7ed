import { bytesToHex } from "@noble/hashes/utils.js";
import type { Hotkey } from "../keys/hotkey";
import type { HotkeyPair } from "../keys/hotkey-pair";
import type { Sr25519 } from "../keys/sr25519";
import { sha256Hex } from "./body-hash";
import { EPISTULA_HEADERS, EPISTULA_VERSION, epistulaUuidSchema } from "./headers";
import { epistulaMessageBytes } from "./message";

/**
 * Signing side of Epistula v2 (docs/protocol.md), for requests and, as our extension, for responses.
 *
 * A signed response carries the same Epistula-* headers as a request, except that its signature goes in
 * `Epistula-Response-Signature`; Signed-By is the miner, Signed-For the validator that asked, Timestamp the
 * time of the answer, and Uuid is the REQUEST's uuid. Because the uuid is inside the signed message, the
 * response is bound to that one request and cannot be replayed as the answer to another.
 */

/** What `signRequest` needs; `now` and `uuid` are injectable for tests. */
export interface SignRequestOptions {
  body: Uint8Array | string;
  signer: HotkeyPair;
  signedFor: Hotkey;
  sr25519: Sr25519;
  now?: number;
  uuid?: string;
}

/** Signs a request body: returns the six Epistula v2 headers to send with exactly these body bytes. */
export function signRequest(options: SignRequestOptions): Record<string, string> {
  const fields = resolve(options, options.uuid ?? crypto.randomUUID());
  return { ...commonHeaders(fields), [EPISTULA_HEADERS.requestSignature]: signFields(fields) };
}

/** What `signResponse` needs: `requestUuid` is the Epistula-Uuid of the request being answered. */
export interface SignResponseOptions {
  body: Uint8Array | string;
  signer: HotkeyPair;
  signedFor: Hotkey;
  requestUuid: string;
  sr25519: Sr25519;
  now?: number;
}

/** Signs a response body for the validator that sent request `requestUuid`; returns the headers to send. */
export function signResponse(options: SignResponseOptions): Record<string, string> {
  const fields = resolve(options, options.requestUuid);
  return { ...commonHeaders(fields), [EPISTULA_HEADERS.responseSignature]: signFields(fields) };
}

interface Fields {
  body: Uint8Array | string;
  signer: HotkeyPair;
  signedFor: Hotkey;
  sr25519: Sr25519;
  timestamp: string;
  uuid: string;
}

function resolve(options: Omit<Fields, "timestamp" | "uuid"> & { now?: number }, uuid: string): Fields {
  if (!epistulaUuidSchema.safeParse(uuid).success) throw new TypeError("uuid must be a uuid v4");
  const now = options.now ?? Date.now();
  if (!Number.isSafeInteger(now) || now < 0) throw new TypeError("now must be a non-negative integer of ms");
  const { body, signer, signedFor, sr25519 } = options;
  return { body, signer, signedFor, sr25519, timestamp: String(now), uuid };
}

function signFields(fields: Fields): string {
  const message = epistulaMessageBytes({
    bodySha256Hex: sha256Hex(fields.body),
    uuid: fields.uuid,
    timestamp: fields.timestamp,
    signedFor: fields.signedFor,
  });
  return `0x${bytesToHex(fields.sr25519.sign(message, fields.signer))}`;
}

function commonHeaders(fields: Fields): Record<string, string> {
  return {
    [EPISTULA_HEADERS.version]: EPISTULA_VERSION,
    [EPISTULA_HEADERS.timestamp]: fields.timestamp,
    [EPISTULA_HEADERS.uuid]: fields.uuid,
    [EPISTULA_HEADERS.signedBy]: fields.signer.ss58,
    [EPISTULA_HEADERS.signedFor]: fields.signedFor,
  };
}
