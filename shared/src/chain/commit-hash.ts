import { blake2b } from "@noble/hashes/blake2.js";
import { concatBytes } from "../bytes/concat-bytes";

/** What commit_weights hides and reveal_weights later discloses. */
export interface WeightCommit {
  /** The hotkey's 32-byte public key (AccountId32). */
  hotkey: Uint8Array;
  netuid: number;
  /** Mechanism id on runtimes with mechanisms; 0 (the default) is the subnet itself. */
  mecid?: number;
  uids: readonly number[];
  values: readonly number[];
  salt: readonly number[];
  versionKey: bigint;
}

/**
 * The commit hash subtensor checks on reveal: blake2b-256 of the SCALE encoding of
 * (AccountId32, u16 netuid_index, Vec<u16> uids, Vec<u16> values, Vec<u16> salt, u64 version_key),
 * with netuid_index = mecid * 4096 + netuid (docs/chain.md). Returns the 32-byte hash.
 */
export function computeCommitHash(c: WeightCommit): Uint8Array {
  if (c.hotkey.length !== 32) throw new RangeError("hotkey must be a 32-byte public key");
  const netuidIndex = (c.mecid ?? 0) * 4096 + c.netuid;
  const bytes = concatBytes([
    c.hotkey,
    u16(netuidIndex),
    vecU16(c.uids),
    vecU16(c.values),
    vecU16(c.salt),
    u64(c.versionKey),
  ]);
  return blake2b(bytes, { dkLen: 32 });
}

function u16(v: number): Uint8Array {
  if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw new RangeError(`${v} is not a u16`);
  return new Uint8Array([v & 0xff, v >> 8]);
}

function u64(v: bigint): Uint8Array {
  if (v < 0n || v >= 1n << 64n) throw new RangeError(`${v} is not a u64`);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, v, true);
  return out;
}

/** SCALE compact length prefix (lengths here stay below 2^30). */
export function compactLength(n: number): Uint8Array {
  if (n < 1 << 6) return new Uint8Array([n << 2]);
  if (n < 1 << 14) return new Uint8Array([((n << 2) | 1) & 0xff, n >> 6]);
  if (n < 1 << 30) {
    const v = (n << 2) | 2;
    return new Uint8Array([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff]);
  }
  throw new RangeError("vector too long");
}

function vecU16(values: readonly number[]): Uint8Array {
  return concatBytes([compactLength(values.length), ...values.map(u16)]);
}
