import type { Context } from "hono";
import type { Deps } from "../deps";
import type { Env } from "../env";

/** Hono's type parameters for the validator app: Worker bindings and the per-request deps. */
export type AppEnv = { Bindings: Env; Variables: { deps: Deps; apiKeyHash: string } };
/** A request context of the validator app. */
export type AppContext = Context<AppEnv>;

/** The error body every route returns on 4xx/5xx (same shape as the protocol's). */
export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}
