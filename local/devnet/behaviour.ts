import { z } from "zod";

/**
 * What a devnet miner does. These are deliberately good and bad miners, fixtures for the devnet and its
 * end-to-end test, built as engine wrappers around the real miner (`behaviour-engines.ts`), never a fork.
 */
export const BEHAVIOURS = ["trained", "copier", "garbage", "baseline", "slow", "down"] as const;
export const behaviourSchema = z.enum(BEHAVIOURS);
export type Behaviour = z.infer<typeof behaviourSchema>;

/** One line per behaviour, for the table's legend and the docs. */
export const BEHAVIOUR_DESCRIPTIONS: Record<Behaviour, string> = {
  trained: "the model trained on the built-in multilingual generator",
  copier: "copies the trained miner's answers to look-alike tasks, re-mapped onto its own ids",
  garbage: "answers that break the protocol (labels not offered, invented candidate ids)",
  baseline: "no model: the offered order and uniform probabilities",
  slow: "a cheaper variant of the trained model (top choice only), answering near the timeout",
  down: "registered, but its server is not listening",
};

/** One miner of the roster: its position (uid order among miners) and behaviour. */
export type RosterEntry = { index: number; behaviour: Behaviour };

/**
 * The behaviours of `n` miners. The order puts what the end-to-end test asserts first (trained, copier,
 * garbage), so a 3-miner devnet still shows them; beyond six the roster repeats baseline and slow miners,
 * which keeps a single trained original for the copier to copy.
 */
export function planRoster(n: number): RosterEntry[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`a devnet needs at least one miner, got ${n}`);
  return Array.from({ length: n }, (_, index) => ({
    index,
    behaviour: index < BEHAVIOURS.length ? (BEHAVIOURS[index] as Behaviour) : index % 2 ? "slow" : "baseline",
  }));
}
