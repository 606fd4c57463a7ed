import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Access } from "./command-policy";

/** The two tokens of a database, as on Upstash: full access and read-only. */
export type BridgeTokens = { token: string; readonlyToken: string };

/** A fresh random token (32 bytes, base64url), used when the caller does not pick one. */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * Finds which token a request carries: `Authorization: Bearer <token>`, or the `_token` query
 * parameter that Upstash also accepts. Returns undefined for a missing or unknown token.
 */
export function accessFor(
  authorization: string | undefined,
  queryToken: string | undefined,
  tokens: BridgeTokens,
): Access | undefined {
  const bearer = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  const presented = bearer ?? queryToken;
  if (!presented) return undefined;
  if (sameSecret(presented, tokens.token)) return "full";
  if (sameSecret(presented, tokens.readonlyToken)) return "readonly";
  return undefined;
}

// Compare digests so the comparison is constant-time whatever the lengths.
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(digest(a), digest(b));
}
