import type { Redis } from "@upstash/redis";
import { parseRecord } from "../state/records";
import { type SetterState, setterStateSchema } from "./setter-state";

/**
 * Where the weight setter keeps its state and its single-flight lock. Every write happens only while the
 * caller still holds the lock (checked in the same script), so a tick whose lock expired cannot overwrite
 * the state of the tick that took over.
 */
export interface WeightSetterStore {
  /** SET NX PX: true when this token now holds the lock. */
  acquireLock(token: string, ttlMs: number): Promise<boolean>;
  /** Compare-and-delete: releases the lock only if this token still holds it. */
  releaseLock(token: string): Promise<boolean>;
  /** The stored state; null when none (or written by an incompatible build). */
  load(): Promise<SetterState | null>;
  /** Writes the state if this token holds the lock; false when it does not (the caller must stop). */
  save(token: string, state: SetterState): Promise<boolean>;
}

/** Keys the store uses (from state/keys.ts). */
export interface SetterKeys {
  state: string;
  lock: string;
}

const RELEASE =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";
const SAVE_IF_LOCKED =
  "if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end redis.call('SET', KEYS[2], ARGV[2]) return 1";

/** The store over Upstash (@upstash/redis, created with automaticDeserialization: false). */
export class UpstashWeightSetterStore implements WeightSetterStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: SetterKeys,
  ) {}

  async acquireLock(token: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.keys.lock, token, { nx: true, px: ttlMs })) !== null;
  }

  async releaseLock(token: string): Promise<boolean> {
    return Number(await this.redis.eval(RELEASE, [this.keys.lock], [token])) === 1;
  }

  async load(): Promise<SetterState | null> {
    return parseRecord(setterStateSchema, await this.redis.get(this.keys.state));
  }

  async save(token: string, state: SetterState): Promise<boolean> {
    const saved = await this.redis.eval(
      SAVE_IF_LOCKED,
      [this.keys.lock, this.keys.state],
      [token, JSON.stringify(state)],
    );
    return Number(saved) === 1;
  }
}

/** An in-memory store for unit tests of the tick logic. */
export class MemoryWeightSetterStore implements WeightSetterStore {
  lock: string | null = null;
  state: string | null = null;

  async acquireLock(token: string): Promise<boolean> {
    if (this.lock !== null) return false;
    this.lock = token;
    return true;
  }

  async releaseLock(token: string): Promise<boolean> {
    if (this.lock !== token) return false;
    this.lock = null;
    return true;
  }

  async load(): Promise<SetterState | null> {
    return parseRecord(setterStateSchema, this.state);
  }

  async save(token: string, state: SetterState): Promise<boolean> {
    if (this.lock !== token) return false;
    this.state = JSON.stringify(state);
    return true;
  }
}
