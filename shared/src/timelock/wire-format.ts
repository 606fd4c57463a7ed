/**
 * The timelock ciphertext layout subtensor accepts (arkworks compressed serialization of the `tle`
 * crate's TLECiphertext, timelock 0.0.1 as used by spec 293):
 *   U: G2 point, 96 bytes | v: Vec<u8> (u64 LE length, 32 bytes) | w: Vec<u8> (u64 LE length, 32 bytes)
 *   | body: Vec<u8> holding AESOutput { ciphertext: Vec<u8>, nonce: Vec<u8> (12 bytes) }
 *   | cipher_suite: Vec<u8> ("AES_GCM_").
 * Vec lengths are 8-byte little-endian. Newer timelock releases made v and w fixed arrays; the chain
 * rejects those.
 */

/** A parsed timelock ciphertext. */
export interface TimelockCiphertextParts {
  /** Compressed G2 point (96 bytes). */
  u: Uint8Array;
  /** 32 bytes. */
  v: Uint8Array;
  /** 32 bytes. */
  w: Uint8Array;
  /** AES-GCM output: encrypted message followed by its 16-byte tag. */
  aesCiphertext: Uint8Array;
  /** AES-GCM nonce (12 bytes). */
  nonce: Uint8Array;
  /** Cipher suite name, "AES_GCM_". */
  cipherSuite: string;
}

/** Why a byte string is not a well-formed ciphertext. */
export type ParseCiphertextResult =
  | { ok: true; parts: TimelockCiphertextParts }
  | { ok: false; error: string };

/** Ciphertext size for a plaintext of `n` bytes: 96 + 40 + 40 + (8 + 8 + n + 16 + 8 + 12) + 16. */
export function ciphertextLength(plaintextLength: number): number {
  return 96 + 40 + 40 + (8 + (8 + plaintextLength + 16) + (8 + 12)) + (8 + 8);
}

/** Splits a ciphertext into its fields, checking every length against the layout above. */
export function parseTimelockCiphertext(bytes: Uint8Array): ParseCiphertextResult {
  let at = 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const take = (n: number): Uint8Array | null => {
    if (at + n > bytes.length) return null;
    const out = bytes.subarray(at, at + n);
    at += n;
    return out;
  };
  const vec = (): Uint8Array | null => {
    if (at + 8 > bytes.length) return null;
    const len = view.getBigUint64(at, true);
    at += 8;
    return len > BigInt(bytes.length) ? null : take(Number(len));
  };
  const u = take(96);
  const v = vec();
  const w = vec();
  const body = vec();
  const suite = vec();
  if (!u || !v || !w || !body || !suite) return { ok: false, error: "truncated ciphertext" };
  if (at !== bytes.length) return { ok: false, error: `${bytes.length - at} trailing bytes` };
  if (v.length !== 32 || w.length !== 32) return { ok: false, error: "v and w must be 32 bytes" };
  const inner = parseTimelockCiphertextBody(body);
  if (!inner) return { ok: false, error: "malformed AES body" };
  return {
    ok: true,
    parts: { u, v, w, ...inner, cipherSuite: new TextDecoder().decode(suite) },
  };
}

function parseTimelockCiphertextBody(
  body: Uint8Array,
): { aesCiphertext: Uint8Array; nonce: Uint8Array } | null {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  if (body.length < 8) return null;
  const ctLen = Number(view.getBigUint64(0, true));
  if (8 + ctLen + 8 > body.length) return null;
  const nonceLen = Number(view.getBigUint64(8 + ctLen, true));
  if (8 + ctLen + 8 + nonceLen !== body.length || nonceLen !== 12) return null;
  return {
    aesCiphertext: body.subarray(8, 8 + ctLen),
    nonce: body.subarray(8 + ctLen + 8),
  };
}
