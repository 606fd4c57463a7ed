/**
 * The drand beacon subtensor uses for commit-reveal v3: the quicknet network (BLS12-381, signatures on
 * G1, public key on G2, unchained: the message for round r is sha256(r as u64 big-endian)).
 * @see /work/shared/docs/chain.md ("Timelocked payload"), https://drand.love/docs/specification
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { hexToBytes } from "@noble/hashes/utils.js";

/** Quicknet's public key: a compressed G2 point (96 bytes). */
export const QUICKNET_PUBLIC_KEY_HEX =
  "83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a";

/** Quicknet's genesis time (unix seconds). */
export const QUICKNET_GENESIS_SECONDS = 1_692_803_367;

/** Seconds between quicknet rounds. */
export const QUICKNET_PERIOD_SECONDS = 3;

/** The published signature of quicknet round 1000 (compressed G1, 48 bytes): a fixed test vector. */
export const QUICKNET_ROUND_1000_SIGNATURE_HEX =
  "b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39";

/** Quicknet's public key as bytes. */
export function quicknetPublicKey(): Uint8Array {
  return hexToBytes(QUICKNET_PUBLIC_KEY_HEX);
}

/** The IBE identity of a round: sha256 of the round number as a u64, big-endian. */
export function roundIdentity(round: bigint | number): Uint8Array {
  const r = BigInt(round);
  if (r < 0n || r > 0xffff_ffff_ffff_ffffn) throw new RangeError(`drand round out of u64 range: ${round}`);
  const be = new Uint8Array(8);
  new DataView(be.buffer).setBigUint64(0, r, false);
  return sha256(be);
}

/** A round's randomness: sha256 of its signature (what the chain stores beside the signature). */
export function roundRandomness(signature: Uint8Array): Uint8Array {
  return sha256(signature);
}
