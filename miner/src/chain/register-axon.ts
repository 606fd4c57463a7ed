import { Keyring } from "@polkadot/keyring";
import {
  buildServeAxon,
  chainErrorName,
  connectChain,
  encodeIp,
  isChainRejectedIp,
  pairAccount,
  type SubmitOutcome,
  submitAndWatch,
} from "../../../shared/src/chain";
import type { HotkeyPair } from "../../../shared/src/keys/hotkey-pair";

type ChainApi = Extract<Awaited<ReturnType<typeof connectChain>>, { kind: "connected" }>["api"];

/** Whether `hotkey` holds a uid on `netuid` (storage SubtensorModule.NetworksAdded and Uids). */
async function registrationOn(
  api: ChainApi,
  netuid: number,
  hotkey: string,
): Promise<"registered" | "notRegistered" | "noSubnet"> {
  const module = api.query.subtensorModule;
  if (!module?.networksAdded || !module.uids)
    throw new Error("runtime lacks SubtensorModule.NetworksAdded/Uids");
  const added = await module.networksAdded(netuid);
  if (added.toJSON() !== true) return "noSubnet";
  const uid = (await module.uids(netuid, hotkey)) as unknown as { isSome: boolean };
  return uid.isSome ? "registered" : "notRegistered";
}

/** What `registerAxon` needs: where the miner listens as the world sees it, and who announces it. */
export interface RegisterAxonOptions {
  endpoints: readonly string[];
  netuid: number;
  hotkey: HotkeyPair;
  ip: string;
  port: number;
  /** Axon version, major*1_000_000 + minor*1_000 + patch. */
  version: number;
  timeoutMs?: number;
}

/** The outcome, told apart so the CLI can print one clear line. */
export type RegisterAxonOutcome =
  | { kind: "served"; blockNumber: number; blockHash: string }
  | { kind: "refused"; error: string; detail: string }
  | { kind: "unreachable"; detail: string }
  | { kind: "timeout"; afterMs: number };

/**
 * Announces ip:port with `serve_axon`, signed by the miner's hotkey (docs/chain.md: the chain refuses 0,
 * 127.0.0.1 and ::1 with InvalidIpAddress; those are refused here before submitting).
 */
export async function registerAxon(options: RegisterAxonOptions): Promise<RegisterAxonOutcome> {
  const encoded = encodeIp(options.ip);
  if (!encoded) {
    return {
      kind: "refused",
      error: "InvalidIpAddress",
      detail: `${options.ip} is not an IPv4 or IPv6 address (the chain stores addresses, not host names)`,
    };
  }
  if (isChainRejectedIp(encoded.ip, encoded.ipType)) {
    return {
      kind: "refused",
      error: "InvalidIpAddress",
      detail: `${options.ip} would be refused by the chain (0.0.0.0, 127.0.0.1, 255.255.255.255, ::, ::1 and the like)`,
    };
  }
  const timeoutMs = options.timeoutMs ?? 20_000;
  const conn = await connectChain({ endpoints: options.endpoints, timeoutMs });
  if (conn.kind !== "connected") {
    return { kind: "unreachable", detail: conn.attempts.map((a) => `${a.endpoint}: ${a.error}`).join("; ") };
  }
  const { api } = conn;
  try {
    // The runtime accepts serve_axon from a hotkey registered on any subnet, so a mistyped netuid would
    // "succeed" and announce the axon where no validator looks.
    const registration = await Promise.race([
      registrationOn(api, options.netuid, options.hotkey.ss58),
      new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), timeoutMs).unref()),
    ]);
    if (registration === "timeout") return { kind: "timeout", afterMs: timeoutMs };
    if (registration !== "registered") {
      return {
        kind: "refused",
        error: registration === "noSubnet" ? "SubnetNotExists" : "HotKeyNotRegisteredInSubNet",
        detail:
          registration === "noSubnet"
            ? `subnet ${options.netuid} does not exist on this chain (check --netuid)`
            : `hotkey ${options.hotkey.ss58} is not registered on subnet ${options.netuid} ` +
              "(register it first, e.g. btcli subnet register; or check --netuid)",
      };
    }
    const built = buildServeAxon(api, {
      netuid: options.netuid,
      ip: options.ip,
      port: options.port,
      version: options.version,
    });
    if (built.kind === "invalid") return { kind: "refused", error: built.error, detail: built.detail };
    const pair = new Keyring({ type: "sr25519", ss58Format: 42 }).addFromPair({
      publicKey: options.hotkey.publicKey,
      secretKey: options.hotkey.secretKey,
    });
    const outcome: SubmitOutcome = await submitAndWatch(api, built.tx, pairAccount(pair, api), {
      timeoutMs: options.timeoutMs ?? 60_000,
    });
    switch (outcome.kind) {
      case "inBlock":
        return { kind: "served", blockNumber: outcome.blockNumber, blockHash: outcome.blockHash };
      case "dispatchError":
      case "poolRejected":
        return {
          kind: "refused",
          error: chainErrorName(outcome.error),
          detail:
            outcome.error.kind === "unknown" ? `${outcome.kind}: ${outcome.error.message}` : outcome.kind,
        };
      case "timeout":
        return { kind: "timeout", afterMs: outcome.afterMs };
    }
  } finally {
    await api.disconnect().catch(() => {});
  }
}
