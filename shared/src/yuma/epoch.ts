/**
 * One Yuma Consensus epoch as the subtensor runtime computes it (pallet SubtensorModule, `epoch`,
 * node-subtensor spec 293, July 2025), as a pure function of the subnet's state.
 *
 * Fixed-point throughout, with the runtime's rounding, so the u16 vectors it returns are the ones the
 * chain stores (Incentive, Dividends, Consensus, Trust, ValidatorTrust, Rank, Bonds).
 * Differences from newer runtimes (mainnet ~470+) are not modelled: mechanisms (sub-subnets), and the
 * later fix that keeps inactive validators' Yuma3 bonds decaying instead of dropping them.
 * @see https://github.com/opentensor/subtensor/blob/main/pallets/subtensor/src/epoch/run_epoch.rs
 */
import { weightedMedianColumns } from "./consensus";
import {
  add,
  fromInt,
  type I32F32,
  mul,
  ONE,
  proportionOfAmount,
  proportionToU16,
  ratio64To32,
  round,
  safeDiv,
  sub,
  sum,
  toNumber,
  toU16,
  U16_MAX,
  u16ToProportion,
  ZERO,
} from "./fixed-point";
import { type LiquidAlphaParams, liquidAlphaMatrix } from "./liquid-alpha";
import {
  colClip,
  colMaxUpscale,
  colNormalize,
  emaFixedAlpha,
  emaPerEntryAlpha,
  interpolate,
  maskByColumn,
  maskByRowAndColumn,
  maskDiagonal,
  maskRows,
  matmul,
  matmulTranspose,
  mulColumns,
  rowHadamard,
  rowNormalize,
  rowSum,
  type SparseMatrix,
  vecMul,
} from "./sparse-matrix";
import { activeStake, normalize, normalizedStake, topKNonZero } from "./stake";

/** One sparse row of u16 values as the chain stores weights and bonds: `[uid, value]` pairs. */
export type U16Row = ReadonlyArray<readonly [number, number]>;

/** Subnet hyperparameters the epoch reads (raw chain units). */
export interface YumaParams {
  /** Tempo (blocks per epoch). */
  tempo: number;
  /** ActivityCutoff (blocks): a validator whose last weights are older is inactive. */
  activityCutoff: number;
  /** Kappa, u16 (32767 is ~0.5): the majority for the consensus median. */
  kappa: number;
  /** BondsPenalty, u16 (65535 = bonds follow clipped weights). */
  bondsPenalty: number;
  /** BondsMovingAverage in parts per million (900000: alpha = 0.1). */
  bondsMovingAverage: number;
  /** Yuma3On. */
  yuma3: boolean;
  /** LiquidAlphaOn (Yuma3 only: per-entry EMA alpha). */
  liquidAlpha: boolean;
  /** AlphaValues low, u16. */
  alphaLow: number;
  /** AlphaValues high, u16. */
  alphaHigh: number;
  /** AlphaSigmoidSteepness, i16. */
  alphaSigmoidSteepness: number;
  /** MaxAllowedValidators: permits go to the top-k stakes. */
  maxAllowedValidators: number;
  /** StakeThreshold (rao): smaller stakes count as 0. */
  stakeThreshold: bigint;
}

/** Defaults of a new subnet on spec 293 (a real subnet's values should be read from the chain). */
export const SPEC_293_DEFAULTS: Readonly<YumaParams> = Object.freeze({
  tempo: 360,
  activityCutoff: 5000,
  kappa: 32767,
  bondsPenalty: 65535,
  bondsMovingAverage: 900_000,
  yuma3: false,
  liquidAlpha: false,
  alphaLow: 45875,
  alphaHigh: 58982,
  alphaSigmoidSteepness: 1000,
  maxAllowedValidators: 128,
  stakeThreshold: 0n,
});

/** Everything one epoch reads, per uid 0..n-1 (n = stake.length). */
export interface EpochInput {
  /** Block number at which the epoch runs. */
  block: number;
  /** Stake weight per uid in rao (alpha stake + tao stake * TaoWeight, as the chain combines them). */
  stake: readonly (bigint | number)[];
  /** Weights per validator as stored (`Weights`): `[uid, u16]`, max-upscaled by set_weights. */
  weights: readonly U16Row[];
  /** Bonds per validator as stored (`Bonds`): `[uid, u16]`. */
  bonds: readonly U16Row[];
  /** LastUpdate per uid (block of the uid's last weights). */
  lastUpdate: readonly number[];
  /** BlockAtRegistration per uid. */
  blockAtRegistration: readonly number[];
  /** ValidatorPermit per uid as stored before this epoch (this epoch's weights are masked by it). */
  validatorPermit: readonly boolean[];
  /** The subnet owner's uid, whose self-weight is kept; null or absent when the owner has none. */
  ownerUid?: number | null;
  /** Hyperparameters. */
  params: YumaParams;
  /** Emission to split (rao); absent means 0. */
  raoEmission?: bigint;
}

/** What the chain stores after the epoch, plus unquantized values for analysis. */
export interface EpochOutput {
  /** Active per uid. */
  active: boolean[];
  /** New ValidatorPermit per uid (top-k non-zero stake). */
  validatorPermit: boolean[];
  /** StakeWeight (u16). */
  stakeWeight: number[];
  /** Rank (u16). */
  rank: number[];
  /** Trust (u16): rank after clipping / rank before. */
  trust: number[];
  /** Consensus (u16). */
  consensus: number[];
  /** Incentive (u16). */
  incentive: number[];
  /** Dividends (u16). */
  dividends: number[];
  /** ValidatorTrust (u16). */
  validatorTrust: number[];
  /** PruningScores (u16, max-upscaled). */
  pruningScores: number[];
  /**
   * Bonds per uid after the epoch, u16: a new row for new permit holders, an empty row for those who
   * lost their permit, the input row unchanged otherwise (the chain does not touch those).
   */
  bonds: Array<Array<[number, number]>>;
  /** Emission (rao) to miners, to validators, and combined, per uid. */
  emission: { server: bigint[]; validator: bigint[]; combined: bigint[] };
  /** The same quantities before quantization, as numbers (each I32F32 value / 2^32). */
  exact: {
    stake: number[];
    activeStake: number[];
    consensus: number[];
    incentive: number[];
    dividends: number[];
    validatorTrust: number[];
    bonds: Array<Array<[number, number]>>;
  };
}

/** Thrown by `runEpoch` for structurally invalid input (lengths, ranges); check with `validateEpochInput` first. */
export class EpochInputError extends Error {
  override readonly name = "EpochInputError";
  constructor(readonly issues: string[]) {
    super(`invalid epoch input: ${issues.join("; ")}`);
  }
}

const isU16 = (x: number) => Number.isInteger(x) && x >= 0 && x <= 65535;

/** Lists what is wrong with an epoch input (empty when it is usable). */
export function validateEpochInput(input: EpochInput): string[] {
  const issues: string[] = [];
  const n = input.stake.length;
  const perUid: Array<[string, { length: number }]> = [
    ["weights", input.weights],
    ["bonds", input.bonds],
    ["lastUpdate", input.lastUpdate],
    ["blockAtRegistration", input.blockAtRegistration],
    ["validatorPermit", input.validatorPermit],
  ];
  for (const [name, v] of perUid) {
    if (v.length !== n) issues.push(`${name} has ${v.length} entries, stake has ${n}`);
  }
  input.stake.forEach((s, i) => {
    if (typeof s === "number" ? !Number.isSafeInteger(s) || s < 0 : s < 0n) {
      issues.push(`stake[${i}] must be a non-negative integer (rao)`);
    }
  });
  for (const [name, rows] of [
    ["weights", input.weights],
    ["bonds", input.bonds],
  ] as const) {
    rows.forEach((row, i) => {
      for (const [j, v] of row) {
        if (!Number.isInteger(j) || j < 0 || j > 65535) issues.push(`${name}[${i}] has uid ${j}`);
        if (!isU16(v)) issues.push(`${name}[${i}] value for uid ${j} is not a u16: ${v}`);
      }
    });
  }
  const p = input.params;
  for (const key of ["kappa", "bondsPenalty", "alphaLow", "alphaHigh"] as const) {
    if (!isU16(p[key])) issues.push(`params.${key} must be a u16`);
  }
  if (!Number.isInteger(p.alphaSigmoidSteepness) || Math.abs(p.alphaSigmoidSteepness) > 32768) {
    issues.push("params.alphaSigmoidSteepness must be an i16");
  }
  for (const key of ["tempo", "activityCutoff", "maxAllowedValidators", "bondsMovingAverage"] as const) {
    if (!Number.isSafeInteger(p[key]) || p[key] < 0)
      issues.push(`params.${key} must be a non-negative integer`);
  }
  if (!Number.isSafeInteger(input.block) || input.block < 0)
    issues.push("block must be a non-negative integer");
  return issues;
}

function toFixedRows(rows: readonly U16Row[], n: number, convert: (v: number) => I32F32): SparseMatrix {
  return rows.map((row) => row.filter(([j]) => j < n).map(([j, v]) => [j, convert(v)] as const));
}

/** `vec_max_upscale_to_u16`: scale so the largest entry is 65535, rounding to nearest. */
export function maxUpscaleToU16(values: readonly I32F32[]): number[] {
  if (values.length === 0) return [];
  let top = values[0] as I32F32;
  for (const v of values) if (v > top) top = v;
  if (top === ZERO) return values.map((e) => toU16(mul(e, U16_MAX)));
  if (top > fromInt(32768)) {
    const scale = safeDiv(U16_MAX, top);
    return values.map((e) => toU16(round(mul(e, scale))));
  }
  return values.map((e) => toU16(round(safeDiv(mul(e, U16_MAX), top))));
}

function vecDiv(x: readonly I32F32[], y: readonly I32F32[]): I32F32[] {
  return x.map((xi, i) => {
    const yi = y[i] ?? ZERO;
    return yi !== ZERO ? safeDiv(xi, yi) : ZERO;
  });
}

function yuma3Bonds(
  p: YumaParams,
  weightsForBonds: SparseMatrix,
  bonds: SparseMatrix,
  consensus: readonly I32F32[],
): SparseMatrix {
  if (p.liquidAlpha && consensus.some((c) => c !== ZERO)) {
    const la: LiquidAlphaParams = {
      low: u16ToProportion(p.alphaLow),
      high: u16ToProportion(p.alphaHigh),
      steepness: fromInt(p.alphaSigmoidSteepness),
    };
    const alphas = liquidAlphaMatrix(weightsForBonds, bonds, consensus, la);
    return emaPerEntryAlpha(weightsForBonds, bonds, alphas);
  }
  const alpha = sub(ONE, ratio64To32(BigInt(p.bondsMovingAverage), 1_000_000n));
  return emaFixedAlpha(weightsForBonds, bonds, alpha);
}

/** Runs one epoch; throws `EpochInputError` when `validateEpochInput` finds problems. */
export function runEpoch(input: EpochInput): EpochOutput {
  const issues = validateEpochInput(input);
  if (issues.length > 0) throw new EpochInputError(issues);
  const p = input.params;
  const n = input.stake.length;
  const block = input.block;

  const active = input.lastUpdate.map((u) => !(u + p.activityCutoff < block));
  const stake = normalizedStake(
    input.stake.map((s) => BigInt(s)),
    p.stakeThreshold,
  );
  const newPermit = topKNonZero(stake, p.maxAllowedValidators);
  const aStake = activeStake(stake, active, input.validatorPermit);

  // Weights: from permitted validators, without self-weight (but the owner's), without weights set
  // before the target registered, row-normalized.
  let weights = toFixedRows(input.weights, n, fromInt);
  weights = maskRows(
    input.validatorPermit.map((ok) => !ok),
    weights,
  );
  weights = maskDiagonal(weights, input.ownerUid ?? null);
  weights = maskByRowAndColumn(weights, input.lastUpdate, input.blockAtRegistration, (u, r) => u <= r);
  weights = rowNormalize(weights);

  const preranks = matmul(weights, aStake, n);
  const consensus = weightedMedianColumns(aStake, weights, n, safeDiv(fromInt(p.kappa), U16_MAX));
  const clipped = colClip(weights, consensus);
  const validatorTrust = rowSum(clipped);
  const ranks = matmul(clipped, aStake, n);
  const trust = vecDiv(ranks, preranks);
  const incentive = normalize(ranks);

  const weightsForBonds = interpolate(weights, clipped, n, safeDiv(fromInt(p.bondsPenalty), U16_MAX));
  const lastTempo = Math.max(0, block - p.tempo);
  const recentlyRegistered = (lt: number, registered: number) => lt <= registered;

  let dividends: I32F32[];
  let emaBonds: SparseMatrix;
  if (p.yuma3) {
    let bonds = toFixedRows(input.bonds, n, u16ToProportion);
    bonds = maskByColumn(bonds, lastTempo, input.blockAtRegistration, recentlyRegistered);
    emaBonds = yuma3Bonds(p, weightsForBonds, bonds, consensus);
    const bondsNorm = colNormalize(emaBonds, n);
    const perValidator = rowSum(mulColumns(bondsNorm, incentive));
    dividends = normalize(vecMul(perValidator, aStake));
  } else {
    let bonds = toFixedRows(input.bonds, n, fromInt);
    bonds = maskByColumn(bonds, lastTempo, input.blockAtRegistration, recentlyRegistered);
    bonds = colNormalize(bonds, n);
    const delta = colNormalize(rowHadamard(weightsForBonds, aStake), n);
    const alpha = sub(ONE, ratio64To32(BigInt(p.bondsMovingAverage), 1_000_000n));
    emaBonds = colNormalize(emaFixedAlpha(delta, bonds, alpha), n);
    dividends = normalize(matmulTranspose(emaBonds, incentive));
    emaBonds = colMaxUpscale(emaBonds, n);
  }

  // Emission: incentive to miners, dividends to validators, both over their joint sum; with nothing
  // earned, validators get emission in proportion to (active) stake.
  const combined = incentive.map((x, i) => add(x, dividends[i] ?? ZERO));
  const emissionSum = sum(combined);
  const overSum = (x: readonly I32F32[]) =>
    emissionSum === ZERO ? [...x] : x.map((v) => safeDiv(v, emissionSum));
  const nServer = overSum(incentive);
  let nValidator = overSum(dividends);
  let nCombined = normalize(combined);
  if (emissionSum === ZERO) {
    const fallback = sum(aStake) === ZERO ? stake : aStake;
    nValidator = [...fallback];
    nCombined = [...fallback];
  }
  const rao = input.raoEmission ?? 0n;

  const u16 = (xs: readonly I32F32[]) => xs.map(proportionToU16);
  const bondsOut = input.bonds.map((row, i): Array<[number, number]> => {
    if (newPermit[i]) return (emaBonds[i] ?? []).map(([j, v]) => [j, proportionToU16(v)]);
    if (input.validatorPermit[i]) return [];
    return row.map(([j, v]) => [j, v]);
  });
  const num = (xs: readonly I32F32[]) => xs.map(toNumber);

  return {
    active,
    validatorPermit: newPermit,
    stakeWeight: u16(stake),
    rank: u16(incentive),
    trust: u16(trust),
    consensus: u16(consensus),
    incentive: u16(incentive),
    dividends: u16(dividends),
    validatorTrust: u16(validatorTrust),
    pruningScores: maxUpscaleToU16(nCombined),
    bonds: bondsOut,
    emission: {
      server: nServer.map((x) => proportionOfAmount(x, rao)),
      validator: nValidator.map((x) => proportionOfAmount(x, rao)),
      combined: nCombined.map((x) => proportionOfAmount(x, rao)),
    },
    exact: {
      stake: num(stake),
      activeStake: num(aStake),
      consensus: num(consensus),
      incentive: num(incentive),
      dividends: num(dividends),
      validatorTrust: num(validatorTrust),
      bonds: emaBonds.map((row) => row.map(([j, v]): [number, number] => [j, toNumber(v)])),
    },
  };
}
