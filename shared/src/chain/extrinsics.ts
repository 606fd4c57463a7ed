import type { ApiPromise } from "@polkadot/api";
import type { SubmittableExtrinsic } from "@polkadot/api/types";
import { encodeIp, type IpType, isChainRejectedIp } from "./axon-ip";
import { runtimeFeatures } from "./runtime-features";

/** A call ready to sign and submit. */
export type Extrinsic = SubmittableExtrinsic<"promise">;

/** Arguments of set_weights (u16 uids and values, as from `convertWeightsAndUidsForEmit`). */
export interface SetWeightsArgs {
  netuid: number;
  uids: readonly number[];
  values: readonly number[];
  versionKey: bigint;
  /** Mechanism id, used only where the runtime has set_mechanism_weights; default 0. */
  mecid?: number;
}

/** set_weights, or set_mechanism_weights(mecid) on runtimes that replaced it. */
export function buildSetWeights(api: ApiPromise, a: SetWeightsArgs): Extrinsic {
  checkU16s(a.uids, "uids");
  checkU16s(a.values, "values");
  const m = pallet(api);
  if (runtimeFeatures(api).setWeights === "set_mechanism_weights" && m.setMechanismWeights) {
    return m.setMechanismWeights(a.netuid, a.mecid ?? 0, [...a.uids], [...a.values], a.versionKey);
  }
  if ((a.mecid ?? 0) !== 0) throw new RangeError("this runtime has no mechanisms; mecid must be 0");
  return need(m.setWeights, "setWeights")(a.netuid, [...a.uids], [...a.values], a.versionKey);
}

/** commit_weights(netuid, commit_hash); the hash comes from `computeCommitHash`. */
export function buildCommitWeights(
  api: ApiPromise,
  a: { netuid: number; commitHash: Uint8Array },
): Extrinsic {
  if (a.commitHash.length !== 32) throw new RangeError("commit hash must be 32 bytes");
  return need(pallet(api).commitWeights, "commitWeights")(a.netuid, a.commitHash);
}

/** reveal_weights(netuid, uids, values, salt, version_key): what was committed, in the clear. */
export function buildRevealWeights(
  api: ApiPromise,
  a: {
    netuid: number;
    uids: readonly number[];
    values: readonly number[];
    salt: readonly number[];
    versionKey: bigint;
  },
): Extrinsic {
  checkU16s(a.uids, "uids");
  checkU16s(a.values, "values");
  checkU16s(a.salt, "salt");
  return need(pallet(api).revealWeights, "revealWeights")(
    a.netuid,
    [...a.uids],
    [...a.values],
    [...a.salt],
    a.versionKey,
  );
}

/** Arguments of serve_axon; `ip` is text ("203.0.113.7", "2001:db8::1"). */
export interface ServeAxonArgs {
  netuid: number;
  ip: string;
  port: number;
  /** Axon version (u32); by convention major*1000000 + minor*1000 + patch. */
  version: number;
  /** 0 = HTTP, 4 = gRPC in the SDK's convention; default 4. */
  protocol?: number;
}

/** serve_axon, or the chain's own error name for arguments it would refuse. */
export type ServeAxonBuild =
  | { kind: "ok"; tx: Extrinsic; ip: bigint; ipType: IpType }
  | { kind: "invalid"; error: "InvalidIpAddress" | "InvalidPort"; detail: string };

/**
 * Builds serve_axon with the address encoded as the chain wants it (u128 + ip_type), refusing up front
 * what subtensor would refuse: unparsable, 0, 127.0.0.1 and ::1 (`InvalidIpAddress`), port 0 (`InvalidPort`).
 */
export function buildServeAxon(api: ApiPromise, a: ServeAxonArgs): ServeAxonBuild {
  const enc = encodeIp(a.ip);
  if (!enc) return { kind: "invalid", error: "InvalidIpAddress", detail: `not an IP address: ${a.ip}` };
  if (isChainRejectedIp(enc.ip, enc.ipType)) {
    return { kind: "invalid", error: "InvalidIpAddress", detail: `${a.ip} is refused by the chain` };
  }
  if (!Number.isInteger(a.port) || a.port < 1 || a.port > 65535) {
    return { kind: "invalid", error: "InvalidPort", detail: `port ${a.port} is not in 1..65535` };
  }
  const tx = need(pallet(api).serveAxon, "serveAxon")(
    a.netuid,
    a.version,
    enc.ip,
    a.port,
    enc.ipType,
    a.protocol ?? 4,
    0,
    0,
  );
  return { kind: "ok", tx, ip: enc.ip, ipType: enc.ipType };
}

function pallet(api: ApiPromise) {
  return need(api.tx.subtensorModule, "(pallet)");
}

function need<T>(fn: T | undefined, name: string): T {
  if (!fn) throw new Error(`this runtime has no SubtensorModule.${name}`);
  return fn;
}

function checkU16s(values: readonly number[], what: string): void {
  if (values.some((v) => !Number.isInteger(v) || v < 0 || v > 0xffff)) {
    throw new RangeError(`${what} must be u16 integers`);
  }
}
