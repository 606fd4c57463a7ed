import { bytesToHex } from "@noble/hashes/utils.js";
import type { MiddlewareHandler } from "hono";
import { type AppEnv, errorBody } from "./context";

/** Options of the API-key gate. */
export type ApiKeyOptions = {
  /** SHA-256 hex digests of the accepted keys (from config); the keys themselves are never stored. */
  hashes: (c: Parameters<MiddlewareHandler<AppEnv>>[0]) => readonly string[];
  /** Longest key accepted before hashing; default 256 characters. */
  maxKeyChars?: number;
};

/** SHA-256 hex of an API key, as config stores it. */
export async function hashApiKey(key: string): Promise<string> {
  return bytesToHex(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key))));
}

/** Compares two equal-length hex strings without an early exit. */
function sameHex(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * Requires `Authorization: Bearer <key>` (or `x-api-key: <key>`) whose SHA-256 is configured; answers 401
 * naming what is missing or wrong, and sets `apiKeyHash` for the rate limiter.
 */
export function apiKeyAuth(options: ApiKeyOptions): MiddlewareHandler<AppEnv> {
  const maxChars = options.maxKeyChars ?? 256;
  return async function apiKeyGate(c, next) {
    const auth = c.req.header("authorization");
    const key = auth?.startsWith("Bearer ") ? auth.slice(7).trim() : c.req.header("x-api-key")?.trim();
    if (!key) return c.json(errorBody("missing_api_key", "send Authorization: Bearer <api key>"), 401);
    if (key.length > maxChars) return c.json(errorBody("invalid_api_key", "API key is not valid"), 401);
    const hash = await hashApiKey(key);
    let ok = false;
    for (const h of options.hashes(c)) ok = sameHex(h, hash) || ok;
    if (!ok) return c.json(errorBody("invalid_api_key", "API key is not valid"), 401);
    c.set("apiKeyHash", hash);
    await next();
  };
}
