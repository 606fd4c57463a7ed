/**
 * A metagraph snapshot file for offline Yuma simulation (`npm run yuma`), and its conversion to an
 * epoch input. Format (JSON; every per-neuron field in chain units):
 *
 * ```json
 * {
 *   "block": 7200,                       // block at which the next epoch runs
 *   "ownerUid": null,                    // optional: subnet owner's uid (its self-weight counts)
 *   "raoEmission": "1000000000",         // optional: emission to split, rao
 *   "params": { "yuma3": true, "tempo": 360 },   // optional: any YumaParams field; others = spec 293 defaults
 *   "neurons": [
 *     { "uid": 0, "stake": "1000000000000", "lastUpdate": 7150, "blockAtRegistration": 10,
 *       "validatorPermit": true,
 *       "weights": [[2, 65535], [3, 30000]], // or {"2": 65535, "3": 30000}; u16 as stored on chain
 *       "bonds": [[2, 1200]] }               // optional; u16 as stored
 *   ]
 * }
 * ```
 * uids must be exactly 0..n-1 (any order); stake is rao (string, number or integer).
 */
import { z } from "zod";
import { type EpochInput, SPEC_293_DEFAULTS, type U16Row, type YumaParams } from "./epoch";

const u16 = z.number().int().min(0).max(65535);
const uid = z.number().int().min(0).max(65535);
const rao = z.union([
  z.string().regex(/^\d+$/, "must be a decimal integer string"),
  z.number().int().nonnegative(),
]);

/** Sparse u16 row: `[[uid, value], ...]` or `{ "uid": value }`. */
export const u16RowSchema = z.union([
  z.array(z.tuple([uid, u16])),
  z
    .record(z.string().regex(/^\d+$/, "keys must be uids"), u16)
    .transform((rec) => Object.entries(rec).map(([k, v]) => [Number(k), v] as [number, number])),
]);

/** One neuron of the snapshot. */
export const snapshotNeuronSchema = z.object({
  uid,
  stake: rao,
  lastUpdate: z.number().int().nonnegative(),
  blockAtRegistration: z.number().int().nonnegative().default(0),
  validatorPermit: z.boolean().default(false),
  weights: u16RowSchema.default([]),
  bonds: u16RowSchema.default([]),
});

/** Overrides of subnet hyperparameters (spec 293 defaults for the rest). */
export const yumaParamsSchema = z
  .object({
    tempo: z.number().int().min(0).max(65535),
    activityCutoff: z.number().int().min(0).max(65535),
    kappa: u16,
    bondsPenalty: u16,
    bondsMovingAverage: z.number().int().min(0).max(1_000_000),
    yuma3: z.boolean(),
    liquidAlpha: z.boolean(),
    alphaLow: u16,
    alphaHigh: u16,
    alphaSigmoidSteepness: z.number().int().min(-32768).max(32767),
    maxAllowedValidators: z.number().int().min(0).max(65535),
    stakeThreshold: rao,
  })
  .partial()
  .strict();

/** The whole snapshot file. */
export const metagraphSnapshotSchema = z
  .object({
    block: z.number().int().nonnegative(),
    ownerUid: uid.nullable().default(null),
    raoEmission: rao.optional(),
    params: yumaParamsSchema.default({}),
    neurons: z.array(snapshotNeuronSchema).min(1).max(65536),
  })
  .superRefine((s, ctx) => {
    const seen = new Set(s.neurons.map((n) => n.uid));
    if (seen.size !== s.neurons.length)
      ctx.addIssue({ code: "custom", path: ["neurons"], message: "duplicate uid" });
    for (let i = 0; i < s.neurons.length; i++) {
      if (!seen.has(i)) {
        ctx.addIssue({
          code: "custom",
          path: ["neurons"],
          message: `uids must be 0..n-1; uid ${i} is missing`,
        });
        break;
      }
    }
  });

/** A parsed snapshot. */
export type MetagraphSnapshot = z.infer<typeof metagraphSnapshotSchema>;

/** Resolves the snapshot's hyperparameters over the spec 293 defaults. */
export function snapshotParams(s: MetagraphSnapshot): YumaParams {
  const { stakeThreshold, ...rest } = s.params;
  return {
    ...SPEC_293_DEFAULTS,
    ...rest,
    stakeThreshold: stakeThreshold === undefined ? SPEC_293_DEFAULTS.stakeThreshold : BigInt(stakeThreshold),
  };
}

/** The epoch input a snapshot describes (neurons ordered by uid). */
export function snapshotToEpochInput(s: MetagraphSnapshot): EpochInput {
  const byUid = [...s.neurons].sort((a, b) => a.uid - b.uid);
  return {
    block: s.block,
    stake: byUid.map((n) => BigInt(n.stake)),
    weights: byUid.map((n) => n.weights as U16Row),
    bonds: byUid.map((n) => n.bonds as U16Row),
    lastUpdate: byUid.map((n) => n.lastUpdate),
    blockAtRegistration: byUid.map((n) => n.blockAtRegistration),
    validatorPermit: byUid.map((n) => n.validatorPermit),
    ownerUid: s.ownerUid,
    params: snapshotParams(s),
    raoEmission: s.raoEmission === undefined ? 0n : BigInt(s.raoEmission),
  };
}
