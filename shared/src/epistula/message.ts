/** The four fields an Epistula signature covers, as they appear in the headers (strings, verbatim). */
export interface EpistulaMessageFields {
  bodySha256Hex: string;
  uuid: string;
  timestamp: string;
  signedFor: string;
}

/**
 * The Epistula v2 signed message: `<sha256 hex of body>.<uuid>.<timestamp>.<signed_for>` (docs/protocol.md).
 * It is signed as its raw UTF-8 bytes, without polkadot's `<Bytes>` wrapping.
 */
export function epistulaMessage(fields: EpistulaMessageFields): string {
  return `${fields.bodySha256Hex}.${fields.uuid}.${fields.timestamp}.${fields.signedFor}`;
}

/** The UTF-8 bytes of `epistulaMessage`, which is what sr25519 signs. */
export function epistulaMessageBytes(fields: EpistulaMessageFields): Uint8Array {
  return new TextEncoder().encode(epistulaMessage(fields));
}
