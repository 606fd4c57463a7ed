import { clamp01 } from "./task-quality";

/** Exponential moving average: `alpha * x + (1 - alpha) * previous`; the first sample is taken as is. */
export function ema(previous: number | null, sample: number, alpha: number): number {
  if (previous === null || !Number.isFinite(previous)) return sample;
  return alpha * sample + (1 - alpha) * previous;
}

/** The long-lived record of one uid that scoring updates every round. */
export type ScoreState = {
  hotkey: string;
  /** EMA of round quality scores (alpha = `qualityAlpha`). */
  quality: number;
  /** EMA of the fraction of successful, on-time answers (alpha = `trustAlpha`, much smaller). */
  trust: number;
  /** Rounds scored since this hotkey took the uid. */
  rounds: number;
};

/** Alphas of the two EMAs. */
export type EmaAlphas = { qualityAlpha: number; trustAlpha: number };

/**
 * Folds one round into a uid's state. When the uid now belongs to a different hotkey (deregistered and
 * re-registered), the old history is dropped and the new hotkey starts from its first sample, so no
 * one inherits (or is punished by) a predecessor's record.
 */
export function nextScoreState(
  previous: ScoreState | null,
  hotkey: string,
  roundQuality: number,
  roundSuccessRate: number,
  alphas: EmaAlphas,
): ScoreState {
  const keep = previous !== null && previous.hotkey === hotkey;
  return {
    hotkey,
    quality: clamp01(ema(keep ? previous.quality : null, roundQuality, alphas.qualityAlpha)),
    trust: clamp01(ema(keep ? previous.trust : null, roundSuccessRate, alphas.trustAlpha)),
    rounds: (keep ? previous.rounds : 0) + 1,
  };
}
