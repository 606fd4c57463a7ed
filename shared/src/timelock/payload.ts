/**
 * The payload a validator timelock-encrypts for commit-reveal v3: SCALE encoding of the weights, laid out
 * the way the running runtime decodes it when the drand round arrives. Which layout is a runtime fact
 * (`runtimeFeatures(api).timelockedPayload`), never a default: a payload the chain cannot decode is
 * dropped silently at reveal time, so the commit lands but the weights never do.
 * @see /work/shared/docs/chain.md ("Timelocked payload")
 */

/**
 * `weights-only`: `{ uids: Vec<u16>, values: Vec<u16>, version_key: u64 }`, the only layout of runtimes
 * that offer just `commit_crv3_weights` (spec 293 and others up to 300).
 * `with-hotkey`: `{ hotkey: Vec<u8>, uids, values, version_key }`, from the runtimes that added
 * `commit_timelocked_weights` (spec 301): the chain checks the hotkey against the committer, so a copied
 * ciphertext cannot be replayed by another validator (those runtimes still fall back to `weights-only`).
 */
export type TimelockPayloadLayout = "weights-only" | "with-hotkey";

/** Fields of the timelocked weights payload. */
export interface TimelockedPayload {
  /** Which SCALE layout the runtime decodes. */
  layout: TimelockPayloadLayout;
  /** The validator hotkey's 32-byte public key (not its SS58 string); encoded only by `with-hotkey`. */
  hotkeyPublicKey: Uint8Array;
  /** Target uids (u16). */
  uids: readonly number[];
  /** u16 weights, one per uid. */
  values: readonly number[];
  /** Weights version key (u64). */
  versionKey: bigint | number;
}

/** SCALE compact encoding of a length (modes 0-2 cover everything below 2^30). */
export function compactLength(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n >= 2 ** 30)
    throw new RangeError(`compact length out of range: ${n}`);
  if (n < 64) return Uint8Array.of(n << 2);
  if (n < 2 ** 14) return Uint8Array.of(((n << 2) | 1) & 0xff, n >> 6);
  const v = n * 4 + 2;
  return Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
}

function u16Vec(name: string, xs: readonly number[]): Uint8Array {
  const len = compactLength(xs.length);
  const out = new Uint8Array(len.length + 2 * xs.length);
  out.set(len);
  const view = new DataView(out.buffer);
  xs.forEach((x, i) => {
    if (!Number.isInteger(x) || x < 0 || x > 65535) throw new RangeError(`${name}[${i}] is not a u16: ${x}`);
    view.setUint16(len.length + 2 * i, x, true);
  });
  return out;
}

/** SCALE-encodes the timelocked weights payload in `p.layout`; throws RangeError on out-of-range fields. */
export function encodeTimelockedPayload(p: TimelockedPayload): Uint8Array {
  if (p.layout !== "weights-only" && p.layout !== "with-hotkey") {
    throw new RangeError(`unknown timelocked payload layout: ${String(p.layout)}`);
  }
  if (p.hotkeyPublicKey.length !== 32) {
    throw new RangeError(`hotkeyPublicKey must be 32 bytes, got ${p.hotkeyPublicKey.length}`);
  }
  if (p.uids.length !== p.values.length) {
    throw new RangeError(`uids (${p.uids.length}) and values (${p.values.length}) differ in length`);
  }
  const version = BigInt(p.versionKey);
  if (version < 0n || version > 0xffff_ffff_ffff_ffffn) throw new RangeError("versionKey is not a u64");
  const hotkey = p.layout === "with-hotkey" ? [compactLength(32), p.hotkeyPublicKey] : [];
  const parts = [...hotkey, u16Vec("uids", p.uids), u16Vec("values", p.values)];
  const size = parts.reduce((s, x) => s + x.length, 0) + 8;
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  new DataView(out.buffer).setBigUint64(at, version, true);
  return out;
}
