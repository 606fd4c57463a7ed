/**
 * Signed fixed-point arithmetic as subtensor's epoch does it (substrate-fixed 0.5: I32F32, I64F64, I96F32).
 *
 * A value is its raw two's-complement bits as a bigint: I32F32 `x` means `x / 2^32`. The rounding rules
 * are the runtime's, so results match it bit for bit:
 * - multiply: double-width product shifted right (rounds toward -inf);
 * - divide: `(a << frac) / b` with integer division (rounds toward zero);
 * - conversion to an integer or to fewer fractional bits: drops bits (rounds toward -inf);
 * - `safeDiv` is `checked_div().unwrap_or_default()`: 0 on division by zero or overflow.
 * @see https://github.com/opentensor/subtensor/blob/main/pallets/subtensor/src/epoch/math.rs
 */

/** Raw bits of an I32F32 number (value = bits / 2^32). */
export type I32F32 = bigint;

const FRAC = 32n;
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

/** I32F32 zero. */
export const ZERO: I32F32 = 0n;
/** I32F32 one. */
export const ONE: I32F32 = 1n << FRAC;
/** I32F32 one half. */
export const HALF: I32F32 = 1n << (FRAC - 1n);
/** u16::MAX as I32F32, the scale of every u16 proportion the chain stores. */
export const U16_MAX: I32F32 = 65535n << FRAC;

/** Clamps raw bits to the I32F32 range (what `saturating_*` does on overflow). */
export function saturate(bits: bigint): I32F32 {
  return bits < I64_MIN ? I64_MIN : bits > I64_MAX ? I64_MAX : bits;
}

function overflows(bits: bigint): boolean {
  return bits < I64_MIN || bits > I64_MAX;
}

/** `I32F32::saturating_from_num(integer)`. */
export function fromInt(n: number | bigint): I32F32 {
  return saturate(BigInt(n) << FRAC);
}

/** `saturating_add`. */
export function add(a: I32F32, b: I32F32): I32F32 {
  return saturate(a + b);
}

/** `saturating_sub`. */
export function sub(a: I32F32, b: I32F32): I32F32 {
  return saturate(a - b);
}

/** `saturating_mul`: product rounded toward -inf, clamped. */
export function mul(a: I32F32, b: I32F32): I32F32 {
  return saturate((a * b) >> FRAC);
}

/** `checked_mul`: null on overflow. */
export function checkedMul(a: I32F32, b: I32F32): I32F32 | null {
  const r = (a * b) >> FRAC;
  return overflows(r) ? null : r;
}

/** `checked_div`: quotient rounded toward zero; null on division by zero or overflow. */
export function checkedDiv(a: I32F32, b: I32F32): I32F32 | null {
  if (b === 0n) return null;
  const q = (a << FRAC) / b;
  return overflows(q) ? null : q;
}

/** `safe_div`: `checked_div` or 0. */
export function safeDiv(a: I32F32, b: I32F32): I32F32 {
  return checkedDiv(a, b) ?? 0n;
}

/** `saturating_div` for a non-zero divisor: quotient rounded toward zero, clamped. */
export function saturatingDiv(a: I32F32, b: I32F32): I32F32 {
  if (b === 0n) return a >= 0n === b >= 0n ? I64_MAX : I64_MIN;
  return saturate((a << FRAC) / b);
}

/** Smaller of two values. */
export function min(a: I32F32, b: I32F32): I32F32 {
  return a < b ? a : b;
}

/** Larger of two values. */
export function max(a: I32F32, b: I32F32): I32F32 {
  return a > b ? a : b;
}

/** `clamp_value(x, low, high)`: min with high first, then max with low (as math.rs). */
export function clamp(x: I32F32, low: I32F32, high: I32F32): I32F32 {
  return max(min(x, high), low);
}

/** `saturating_to_num::<u16>()`: floor, clamped to [0, 65535]. */
export function toU16(x: I32F32): number {
  const v = x >> FRAC;
  return v < 0n ? 0 : v > 65535n ? 65535 : Number(v);
}

/** `fixed_proportion_to_u16`: x * 65535, floored to u16. How the chain stores incentive, dividends, bonds. */
export function proportionToU16(x: I32F32): number {
  return toU16(mul(x, U16_MAX));
}

/** `u16_proportion_to_fixed` / `fixed_to_fixed_u16_proportion`: u16 / 65535. */
export function u16ToProportion(x: number): I32F32 {
  return safeDiv(fromInt(x), U16_MAX);
}

/** `I32F32::round()`: nearest integer, ties away from zero. */
export function round(x: I32F32): I32F32 {
  const mask = ONE - 1n;
  if (x >= 0n) return (x + HALF) & ~mask;
  return -((-x + HALF) & ~mask);
}

/** I32F32 bits as a JS number (for display and tests; exact for |x| < 2^21). */
export function toNumber(x: I32F32): number {
  return Number(x) / 2 ** 32;
}

/** Nearest I32F32 to a JS number (only for constants and tests). */
export function fromNumber(x: number): I32F32 {
  return saturate(BigInt(Math.round(x * 2 ** 32)));
}

/** Sum with saturating adds (equal to the runtime's `iter().sum()` when nothing overflows). */
export function sum(xs: readonly I32F32[]): I32F32 {
  let s = 0n;
  for (const x of xs) s += x;
  return saturate(s);
}

// substrate-fixed's transcendental::E is I9F23: e truncated to 23 fractional bits.
const E_I9F23: I32F32 = 22802601n << 9n; // floor(e * 2^23) = 22802601, widened to 32 fractional bits

/**
 * `substrate_fixed::transcendental::exp` for I32F32 in and out: a Taylor series with 30 terms in I32F32,
 * 1/exp(|x|) for negative x, exactly 1 at 0 and a 23-bit e at 1. Null when a term or the sum overflows
 * (the runtime's `safe_exp` then uses 0).
 */
export function exp(x: I32F32): I32F32 | null {
  if (x === 0n) return ONE;
  if (x === ONE) return E_I9F23;
  const neg = x < 0n;
  const operand = neg ? -x : x;
  let result = operand + ONE;
  if (overflows(result)) return null;
  let term = operand;
  for (let i = 2n; i < FRAC; i++) {
    const t = checkedMul(term, operand);
    if (t === null) return null;
    term = t / i; // checked_div by the integer i: truncation toward zero, cannot overflow
    result += term;
    if (overflows(result)) return null;
  }
  return neg ? checkedDiv(ONE, result) : result;
}

/** `safe_exp`: `exp` or 0 when it fails. */
export function safeExp(x: I32F32): I32F32 {
  return exp(x) ?? 0n;
}

/**
 * Normalizes integer stakes (rao) as the runtime does in I64F64 and narrows them to I32F32:
 * s_i * 2^64 / sum (toward zero), then the low 32 fractional bits dropped. All zero stays zero.
 */
export function normalizeStake64(stake: readonly bigint[]): I32F32[] {
  let total = 0n;
  for (const s of stake) total += s;
  if (total === 0n) return stake.map(() => 0n);
  return stake.map((s) => saturate(((s << 64n) / total) >> FRAC));
}

/**
 * I64F64(numerator) / I64F64(denominator) narrowed to I32F32, as the runtime turns
 * bonds_moving_average (parts per million) into a fraction.
 */
export function ratio64To32(numerator: bigint, denominator: bigint): I32F32 {
  if (denominator === 0n) return 0n;
  return saturate(((numerator << 64n) / denominator) >> FRAC);
}

/** I96F32 product of an I32F32 proportion and an integer amount, floored to an integer (emission in rao). */
export function proportionOfAmount(x: I32F32, amount: bigint): bigint {
  const r = (x * (amount << FRAC)) >> FRAC;
  const v = r >> FRAC;
  return v < 0n ? 0n : v;
}
