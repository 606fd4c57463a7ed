/**
 * "What if this validator set these weights?": replaces one validator's weight row in an epoch input
 * and runs Yuma for one or more epochs, against the same epochs with the current weights.
 */
import { type EpochInput, type EpochOutput, maxUpscaleToU16, runEpoch, type U16Row } from "./epoch";
import { fromInt } from "./fixed-point";

/** Float weights -> u16 as the Python SDK emits them: max scaled to 65535, round half to even, zeros dropped. */
export function floatWeightsToU16(
  weights: ReadonlyArray<readonly [number, number]>,
): Array<[number, number]> {
  for (const [uid, w] of weights) {
    if (!Number.isInteger(uid) || uid < 0 || uid > 65535) throw new RangeError(`bad uid ${uid}`);
    if (!Number.isFinite(w) || w < 0)
      throw new RangeError(`weight for uid ${uid} must be a finite number >= 0`);
  }
  const top = Math.max(0, ...weights.map(([, w]) => w));
  if (top === 0) return [];
  const out: Array<[number, number]> = [];
  for (const [uid, w] of weights) {
    const v = roundHalfEven((w / top) * 65535);
    if (v > 0) out.push([uid, v]);
  }
  // The chain max-upscales what it stores (set_weights): idempotent here, kept for exactness.
  const stored = maxUpscaleToU16(out.map(([, v]) => fromInt(v)));
  return out.map(([uid], i) => [uid, stored[i] ?? 0]);
}

function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** Options of a candidate simulation. */
export interface CandidateSimulation {
  /** The current state (from a snapshot). */
  input: EpochInput;
  /** The validator whose weights are replaced. */
  validatorUid: number;
  /** Its candidate weights, u16 as they would be stored. */
  candidate: U16Row;
  /**
   * Epochs to run (>= 1). Between epochs the block advances by tempo + 1, bonds and permits carry over,
   * and every validator with weights sets the same weights again (so stays active).
   */
  epochs: number;
}

/** Per-epoch outputs with the current weights and with the candidate. */
export interface CandidateComparison {
  baseline: EpochOutput[];
  candidate: EpochOutput[];
}

function runEpochs(start: EpochInput, epochs: number): EpochOutput[] {
  const outs: EpochOutput[] = [];
  let input = start;
  for (let e = 0; e < epochs; e++) {
    const out = runEpoch(input);
    outs.push(out);
    const block = input.block + input.params.tempo + 1;
    input = {
      ...input,
      block,
      bonds: out.bonds,
      validatorPermit: out.validatorPermit,
      lastUpdate: input.lastUpdate.map((u, i) => ((input.weights[i]?.length ?? 0) > 0 ? block : u)),
    };
  }
  return outs;
}

/** Runs the baseline and the candidate; throws RangeError on a bad uid or epoch count. */
export function simulateCandidate(sim: CandidateSimulation): CandidateComparison {
  const n = sim.input.stake.length;
  if (!Number.isInteger(sim.validatorUid) || sim.validatorUid < 0 || sim.validatorUid >= n) {
    throw new RangeError(`validator uid ${sim.validatorUid} is not in 0..${n - 1}`);
  }
  if (!Number.isInteger(sim.epochs) || sim.epochs < 1 || sim.epochs > 1000) {
    throw new RangeError("epochs must be an integer in 1..1000");
  }
  for (const [uid] of sim.candidate) {
    if (uid >= n) throw new RangeError(`candidate weight for uid ${uid}, but the subnet has ${n} uids`);
  }
  const withCandidate: EpochInput = {
    ...sim.input,
    weights: sim.input.weights.map((row, i) => (i === sim.validatorUid ? sim.candidate : row)),
    lastUpdate: sim.input.lastUpdate.map((u, i) => (i === sim.validatorUid ? sim.input.block : u)),
  };
  return { baseline: runEpochs(sim.input, sim.epochs), candidate: runEpochs(withCandidate, sim.epochs) };
}
