/**
 * Deterministic randomness for the task bank: the same seed gives the same draws in the Worker and in Node,
 * so a validator can re-derive any task it issued. Not cryptographic; secrecy comes from the bank's seed.
 */

/** A small seeded generator (mulberry32) with the helpers the bank uses. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[];
  /** `k` distinct elements, in random order. */
  sample<T>(items: readonly T[], k: number): T[];
  /** A string of `n` chars from [A-Za-z0-9]. */
  token(n: number): string;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Hashes any mix of strings and numbers into a 32-bit seed (FNV-1a, then a murmur3 finalizer). */
export function seedFrom(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const s = `${typeof part}:${part}|`;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A generator seeded by a 32-bit integer. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(i + 1);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  };
  return {
    next,
    int,
    pick: (items) => items[int(items.length)] as (typeof items)[number],
    shuffle,
    sample: (items, k) => shuffle(items).slice(0, k),
    token: (n) => Array.from({ length: n }, () => ALPHABET[int(ALPHABET.length)]).join(""),
  };
}

/**
 * A bijection on [0, size) keyed by `key` (a 4-round Feistel network with cycle walking): visiting
 * `permute(0..size-1)` touches every index once, so sequential draws never repeat an item within `size` draws,
 * with no state kept between draws.
 */
export function permute(index: number, size: number, key: number): number {
  if (size <= 1) return 0;
  let bits = 2;
  while (1 << bits < size) bits += 2;
  const half = bits / 2;
  const mask = (1 << half) - 1;
  let x = index % size;
  do {
    let left = x >>> half;
    let right = x & mask;
    for (let round = 0; round < 4; round++) {
      const f = seedFrom(key, round, right) & mask;
      [left, right] = [right, left ^ f];
    }
    x = (left << half) | right;
  } while (x >= size);
  return x;
}
