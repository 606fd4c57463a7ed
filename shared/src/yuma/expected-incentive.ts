/**
 * "Expected incentive": what the next epoch would pay each uid, and this validator, if it set a candidate
 * float weight vector now. Runs the spec 293 epoch (`simulateCandidate`) on a metagraph snapshot.
 *
 * Other validators' weights: the chain's `Weights` rows are what the epoch will use (with commit-reveal,
 * the last revealed ones), so when the snapshot holds any, they are taken as they are ("snapshot").
 * When no other validator's weights are known (a fixture metagraph, or a fresh subnet), the assumption is
 * "mirror": every other validator (permit holders; if none, the top `maxAllowedValidators` by stake) is
 * taken to set the same weights as ours, so our weights stand for consensus and nothing is clipped.
 * Callers must show which assumption a result rests on.
 * @see docs/chain.md, "Yuma Consensus 3"
 */
import { floatWeightsToU16, simulateCandidate } from "./candidate";
import type { EpochInput, EpochOutput, U16Row } from "./epoch";
import { type MetagraphSnapshot, snapshotToEpochInput } from "./snapshot";
import { topKNonZero } from "./stake";

/** How the other validators' weights are taken (see the module comment). */
export type OthersAssumption = "snapshot" | "mirror";

/** What `expectedIncentive` needs. */
export interface ExpectedIncentiveInput {
  /** The subnet now (bonds where known; zero bonds otherwise). */
  snapshot: MetagraphSnapshot;
  /** Our uid, or null when our hotkey holds none (then dividends are null and the assumption is "mirror"). */
  validatorUid: number | null;
  /** Candidate float weights as `[uid, weight]` (any non-negative scale; converted like the Python SDK). */
  weights: ReadonlyArray<readonly [number, number]>;
  /** "auto" (default): "snapshot" when another validator's weights are known, else "mirror". */
  others?: "auto" | OthersAssumption;
}

/** One side of the comparison: what the epoch would store. */
export interface EpochShares {
  /** Incentive per uid as a share (u16 / 65535); index = uid. Sums to ~1 when any weight counts. */
  incentive: number[];
  /** Incentive per uid as the chain stores it (u16). */
  incentiveU16: number[];
  /** Our Dividends share (u16 / 65535), null without a uid. */
  dividends: number | null;
  /** Our ValidatorTrust (u16 / 65535), null without a uid. */
  validatorTrust: number | null;
}

/** Result of `expectedIncentive`. */
export interface ExpectedIncentive {
  assumption: OthersAssumption;
  /** The uid whose weights were replaced: ours, or under "mirror" without a uid, a stand-in validator. */
  simulatedUid: number | null;
  /** Block of the epoch simulated. */
  block: number;
  /** The candidate as it would be stored (u16, max-upscaled). */
  candidateU16: Array<[number, number]>;
  /** With the candidate weights. */
  expected: EpochShares;
  /** With the weights stored for us now (under "mirror": the others still mirror the candidate). */
  current: EpochShares;
}

const U16 = 65535;

/** Whether any validator other than `self` has stored weights (so consensus is known). */
export function othersWeightsKnown(input: EpochInput, self: number | null): boolean {
  return input.weights.some((row, i) => i !== self && row.length > 0 && input.validatorPermit[i] === true);
}

/**
 * The epoch input under "mirror": each other validator sets `candidate`, is active at `block` and holds a
 * permit. Returns the input and the validator set (our uid first when we have one).
 */
export function mirrorCandidate(
  input: EpochInput,
  self: number | null,
  candidate: U16Row,
): { input: EpochInput; validators: number[] } {
  const n = input.stake.length;
  const stake = input.stake.map((s) => BigInt(s));
  let others = [...Array(n).keys()].filter(
    (i) => i !== self && input.validatorPermit[i] === true && (stake[i] ?? 0n) > 0n,
  );
  if (others.length === 0 && !(self !== null && input.validatorPermit[self])) {
    // No permits known (a fixture without them): the chain would give them to the top stakes.
    // Raw rao compares like the normalized stake (same order, same zeros).
    const top = topKNonZero(stake, input.params.maxAllowedValidators);
    others = [...Array(n).keys()].filter((i) => i !== self && top[i]);
  }
  const mirrored = new Set(others);
  return {
    input: {
      ...input,
      weights: input.weights.map((row, i) => (mirrored.has(i) ? candidate : row)),
      lastUpdate: input.lastUpdate.map((u, i) => (mirrored.has(i) ? input.block : u)),
      validatorPermit: input.validatorPermit.map((p, i) => p || mirrored.has(i)),
    },
    validators: self === null ? others : [self, ...others],
  };
}

function shares(out: EpochOutput, uid: number | null): EpochShares {
  return {
    incentive: out.incentive.map((x) => x / U16),
    incentiveU16: [...out.incentive],
    dividends: uid === null ? null : (out.dividends[uid] ?? 0) / U16,
    validatorTrust: uid === null ? null : (out.validatorTrust[uid] ?? 0) / U16,
  };
}

/**
 * Expected incentive per uid and our expected dividends for one epoch if we set `weights` now, next to
 * what our stored weights would give. Throws RangeError on a bad uid or weight.
 */
export function expectedIncentive(req: ExpectedIncentiveInput): ExpectedIncentive {
  const base = snapshotToEpochInput(req.snapshot);
  const n = base.stake.length;
  const self = req.validatorUid;
  if (self !== null && (!Number.isInteger(self) || self < 0 || self >= n))
    throw new RangeError(`validator uid ${self} is not in 0..${n - 1}`);
  const candidate = floatWeightsToU16(req.weights);
  const wanted = req.others ?? "auto";
  const assumption: OthersAssumption =
    self === null
      ? "mirror"
      : wanted === "auto"
        ? othersWeightsKnown(base, self)
          ? "snapshot"
          : "mirror"
        : wanted;
  let input = base;
  let simulatedUid = self;
  if (assumption === "mirror") {
    const m = mirrorCandidate(base, self, candidate);
    input = m.input;
    simulatedUid = self ?? m.validators[0] ?? null;
  }
  if (simulatedUid === null) {
    // No validator at all (no stake anywhere): the epoch pays nothing.
    const zero: EpochShares = {
      incentive: Array(n).fill(0),
      incentiveU16: Array(n).fill(0),
      dividends: null,
      validatorTrust: null,
    };
    return {
      assumption,
      simulatedUid,
      block: base.block,
      candidateU16: candidate,
      expected: zero,
      current: zero,
    };
  }
  const sim = simulateCandidate({ input, validatorUid: simulatedUid, candidate, epochs: 1 });
  const [expected, current] = [sim.candidate[0], sim.baseline[0]] as [EpochOutput, EpochOutput];
  return {
    assumption,
    simulatedUid,
    block: base.block,
    candidateU16: candidate,
    expected: shares(expected, self),
    current: shares(current, self),
  };
}

/** A dense float vector (index = uid) as `[uid, weight]` pairs, zeros dropped. */
export function denseWeights(weights: ArrayLike<number>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let uid = 0; uid < weights.length; uid++) {
    const w = weights[uid] ?? 0;
    if (w !== 0) out.push([uid, w]);
  }
  return out;
}
