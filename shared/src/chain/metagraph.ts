import type { ApiPromise } from "@polkadot/api";
import { z } from "zod";
import { decodeIp } from "./axon-ip";
import { coldkeySchema, hotkeySchema, netuidSchema, raoSchema, uidSchema } from "./ids";

/** Where a neuron says it serves (serve_axon), decoded. */
export const axonSchema = z.object({
  ip: z.string(),
  port: z.number().int().min(0).max(65535),
  ipType: z.number().int(),
  protocol: z.number().int(),
  version: z.number().int(),
  /** Block of the last serve_axon; 0 = never served. */
  block: z.number().int(),
});
export type Axon = z.infer<typeof axonSchema>;

/** The subnet settings that weight setting depends on. */
export const subnetHyperparamsSchema = z.object({
  tempo: z.number().int(),
  weightsRateLimit: z.number().int(),
  minAllowedWeights: z.number().int(),
  /** MaxWeightsLimit on the u16 scale (65535 = no limit); see `maxWeightLimitFromU16`. */
  maxWeightsLimit: z.number().int(),
  weightsVersion: z.bigint(),
  commitRevealWeightsEnabled: z.boolean(),
  /** Commit-reveal period in epochs (tempo intervals). */
  commitRevealPeriod: z.number().int(),
  activityCutoff: z.number().int(),
  ownerHotkey: hotkeySchema,
  /** The owner hotkey's uid on the subnet, if it holds one. */
  ownerUid: uidSchema.nullable(),
});
export type SubnetHyperparams = z.infer<typeof subnetHyperparamsSchema>;

/** One consistent snapshot of a subnet: per-uid vectors (index = uid), hyperparameters, and the block read. */
export const metagraphSchema = z
  .object({
    netuid: netuidSchema,
    block: z.number().int(),
    n: z.number().int(),
    uids: z.array(uidSchema),
    hotkeys: z.array(hotkeySchema),
    coldkeys: z.array(coldkeySchema),
    /** Total stake per uid in rao (TAO-equivalent, as the chain weighs validators). */
    stake: z.array(raoSchema),
    /** Alpha stake per uid in rao. */
    alphaStake: z.array(raoSchema),
    validatorPermit: z.array(z.boolean()),
    lastUpdate: z.array(z.number().int()),
    active: z.array(z.boolean()),
    axons: z.array(axonSchema),
    /** u16-normalised (0..65535) per-uid results of the last epoch. */
    incentive: z.array(z.number().int()),
    dividends: z.array(z.number().int()),
    trust: z.array(z.number().int()),
    hyperparams: subnetHyperparamsSchema,
  })
  .refine(
    (m) =>
      [
        m.uids,
        m.hotkeys,
        m.coldkeys,
        m.stake,
        m.alphaStake,
        m.validatorPermit,
        m.lastUpdate,
        m.active,
        m.axons,
      ].every((v) => v.length === m.n) && [m.incentive, m.dividends, m.trust].every((v) => v.length === m.n),
    "every per-uid vector must have n entries",
  );
export type Metagraph = z.infer<typeof metagraphSchema>;

/** Outcome of `readMetagraph`. */
export type MetagraphRead =
  | { kind: "found"; metagraph: Metagraph }
  | { kind: "noSubnet"; netuid: number; block: number };

type Codec = { toString(): string; toJSON(): unknown };
type Vec = Codec[];

const num = (c: Codec): number => Number(c.toString());
const big = (c: Codec): bigint => BigInt(c.toString());
const bool = (c: Codec): boolean => c.toJSON() === true;

/**
 * Reads the subnet in one runtime call (SubnetInfoRuntimeApi.get_metagraph) at the current best block,
 * validates it, and decodes axon addresses. Works on spec 293 and later (fields read by name).
 */
export async function readMetagraph(api: ApiPromise, netuid: number): Promise<MetagraphRead> {
  const header = await api.rpc.chain.getHeader();
  const at = await api.at(header.hash);
  const block = header.number.toNumber();
  // biome-ignore lint/suspicious/noExplicitAny: runtime-API results are typed from metadata at run time
  const opt = (await (at.call as any).subnetInfoRuntimeApi.getMetagraph(netuid)) as {
    isNone: boolean;
    unwrap(): Record<string, Codec & Vec>;
  };
  if (opt.isNone) return { kind: "noSubnet", netuid, block };
  const m = opt.unwrap();
  const field = (name: string): Codec & Vec => {
    const v = m[name];
    if (v === undefined) throw new Error(`get_metagraph has no field ${name}`);
    return v;
  };
  const hotkeys = field("hotkeys").map((h) => h.toString());
  const ownerHotkey = field("ownerHotkey").toString();
  const ownerIndex = hotkeys.indexOf(ownerHotkey);
  const axons = field("axons").map((a) => {
    const ax = a as unknown as Record<string, Codec>;
    const get = (k: string): Codec => ax[k] ?? { toString: () => "0", toJSON: () => 0 };
    const ipType = num(get("ipType"));
    return {
      ip: decodeIp(big(get("ip")), ipType),
      port: num(get("port")),
      ipType,
      protocol: num(get("protocol")),
      version: num(get("version")),
      block: num(get("block")),
    };
  });
  const raw = {
    netuid,
    block,
    n: hotkeys.length,
    uids: hotkeys.map((_, i) => i),
    hotkeys,
    coldkeys: field("coldkeys").map((c) => c.toString()),
    stake: field("totalStake").map(big),
    alphaStake: field("alphaStake").map(big),
    validatorPermit: field("validatorPermit").map(bool),
    lastUpdate: field("lastUpdate").map(num),
    active: field("active").map(bool),
    axons,
    incentive: field("incentives").map(num),
    dividends: field("dividends").map(num),
    trust: field("trust").map(num),
    hyperparams: {
      tempo: num(field("tempo")),
      weightsRateLimit: num(field("weightsRateLimit")),
      minAllowedWeights: num(field("minAllowedWeights")),
      maxWeightsLimit: num(field("maxWeightsLimit")),
      weightsVersion: big(field("weightsVersion")),
      commitRevealWeightsEnabled: bool(field("commitRevealWeightsEnabled")),
      commitRevealPeriod: num(field("commitRevealPeriod")),
      activityCutoff: num(field("activityCutoff")),
      ownerHotkey,
      ownerUid: ownerIndex >= 0 ? ownerIndex : null,
    },
  };
  return { kind: "found", metagraph: metagraphSchema.parse(raw) };
}
