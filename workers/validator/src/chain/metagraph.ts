import { z } from "zod";

/** One neuron as the validator needs it: who holds the uid, its stake, and where its axon serves. */
export const neuronSchema = z.object({
  uid: z.number().int().min(0).max(65_535),
  hotkey: z.string().min(1).max(64),
  coldkey: z.string().max(64).optional(),
  /** Stake in TAO (alpha stake on dynamic-TAO subnets); only its share matters for scoring. */
  stake: z.number().min(0),
  validatorPermit: z.boolean().default(false),
  /** Where the miner serves; null when it has not announced an axon. */
  axon: z.object({ ip: z.string().min(1).max(64), port: z.number().int().min(0).max(65_535) }).nullable(),
});
export type Neuron = z.infer<typeof neuronSchema>;

/** A metagraph snapshot at `block`. */
export const metagraphSchema = z.object({
  netuid: z.number().int().min(0).max(65_535),
  block: z.number().int().min(0),
  neurons: z.array(neuronSchema).max(4_096),
});
export type Metagraph = z.infer<typeof metagraphSchema>;

/** Reads the metagraph from somewhere: the chain (issue 5's reader) or a fixture. */
export interface MetagraphSource {
  /** Human-readable name for /v1/status ("fixture", a subtensor URL, ...). */
  readonly name: string;
  read(): Promise<Metagraph>;
}

/** A source that serves a fixed snapshot: tests, and the local devnet before the chain reader is wired. */
export function fixtureMetagraphSource(snapshot: Metagraph): MetagraphSource {
  return { name: "fixture", read: async () => snapshot };
}

/** The axon's base URL, or null when it does not serve (0.0.0.0, port 0, no axon). */
export function axonUrl(neuron: Neuron): string | null {
  const axon = neuron.axon;
  if (!axon || axon.port === 0 || axon.ip === "0.0.0.0" || axon.ip === "::") return null;
  const host = axon.ip.includes(":") ? `[${axon.ip}]` : axon.ip;
  return `http://${host}:${axon.port}`;
}

/** Mean seconds per block on subtensor; used to estimate how far the chain moved since a snapshot. */
export const BLOCK_SECONDS = 12;

/** Whether a snapshot taken at `fetchedAt` is older than `refreshBlocks` blocks at `now`. */
export function isStale(fetchedAtMs: number, nowMs: number, refreshBlocks: number): boolean {
  return nowMs - fetchedAtMs >= refreshBlocks * BLOCK_SECONDS * 1000;
}
