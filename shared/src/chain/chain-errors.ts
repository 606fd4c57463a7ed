/** The part of a @polkadot registry that names module errors (structural: several copies may be installed). */
export interface ErrorRegistry {
  findMetaError(moduleError: never): { section: string; name: string };
}

/**
 * A chain failure by name. `module`: a dispatch error in a block (`SubtensorModule.SettingWeightsTooFast`);
 * `pool`: the transaction pool refused it (`1010: Invalid Transaction: Custom error: 6`), mapped to the
 * same names where subtensor has one; `dispatch`: a non-module dispatch error (`BadOrigin`);
 * `unknown`: anything else, with its message.
 */
export type ChainError =
  | { kind: "module"; pallet: string; name: string }
  | { kind: "pool"; name: string; code?: number }
  | { kind: "dispatch"; name: string }
  | { kind: "unknown"; message: string };

/**
 * Newer runtimes reject in the pool with `InvalidTransaction::Custom(n)` (docs/chain.md); the names are
 * those of the dispatch errors with the same meaning, so callers match one name for both forms.
 */
export const CUSTOM_POOL_ERRORS: Readonly<Record<number, string>> = {
  1: "NotEnoughStakeToSetWeights",
  6: "SettingWeightsTooFast",
  10: "HotKeyNotRegisteredInSubNet",
  11: "InvalidIpAddress",
  12: "ServingRateLimitExceeded",
  13: "InvalidPort",
  15: "InvalidRevealRound",
  16: "NoWeightsCommitFound",
  17: "RevealTooEarly",
  18: "InputLengthsUnequal",
  19: "UidNotFound",
  255: "BadRequest",
};

/** The fully qualified name, e.g. "SubtensorModule.SettingWeightsTooFast" or "pool.SettingWeightsTooFast". */
export function chainErrorName(e: ChainError): string {
  switch (e.kind) {
    case "module":
      return `${e.pallet}.${e.name}`;
    case "pool":
      return `pool.${e.name}`;
    case "dispatch":
      return e.name;
    case "unknown":
      return "unknown";
  }
}

interface DispatchErrorLike {
  isModule: boolean;
  asModule: unknown;
  type: string;
}

function isDispatchError(x: unknown): x is DispatchErrorLike {
  return typeof x === "object" && x !== null && "isModule" in x && "asModule" in x && "type" in x;
}

/**
 * Names a chain failure: a `DispatchError` codec from an ExtrinsicFailed event (needs the registry to
 * find module errors), or an error/message from submitting (pool rejections in the node's wording,
 * `Custom error: 6`, or chopsticks' JSON `{"invalid":{"custom":6}}`).
 */
export function decodeChainError(err: unknown, registry?: ErrorRegistry): ChainError {
  if (isDispatchError(err)) {
    if (err.isModule && registry) {
      const meta = registry.findMetaError(err.asModule as never);
      return { kind: "module", pallet: capitalize(meta.section), name: meta.name };
    }
    return { kind: "dispatch", name: err.type };
  }
  const message = err instanceof Error ? err.message : typeof err === "string" ? err : JSON.stringify(err);
  const custom =
    /Custom error:\s*(\d+)/i.exec(message) ??
    /Custom\((\d+)\)/.exec(message) ??
    /"custom"\s*:\s*(\d+)/.exec(message);
  if (custom) {
    const code = Number(custom[1]);
    return { kind: "pool", code, name: CUSTOM_POOL_ERRORS[code] ?? `Custom${code}` };
  }
  // Other pool verdicts: `Invalid Transaction: Transaction is outdated`, or chopsticks' {"invalid":{"stale":null}}.
  const json = /"(invalid|unknown)"\s*:\s*\{\s*"(\w+)"/.exec(message);
  if (json?.[2]) return { kind: "pool", name: capitalize(json[2]) };
  if (/1010|Invalid Transaction/i.test(message)) {
    const named = /Invalid Transaction:\s*(.+)$/i.exec(message)?.[1]?.trim();
    return { kind: "pool", name: poolReason(named ?? message) };
  }
  return { kind: "unknown", message };
}

/** The node's English wording of common InvalidTransaction variants, as names. */
function poolReason(text: string): string {
  const known: [RegExp, string][] = [
    [/outdated|stale/i, "Stale"],
    [/future/i, "Future"],
    [/payment|balance too low|inability to pay/i, "Payment"],
    [/bad signature|invalid signature/i, "BadProof"],
    [/ancient birth/i, "AncientBirthBlock"],
    [/exhausts the resources/i, "ExhaustsResources"],
  ];
  return known.find(([re]) => re.test(text))?.[1] ?? text.replace(/[^A-Za-z0-9]+/g, "");
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
