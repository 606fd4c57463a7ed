import type { TestProject } from "vitest/node";
import { loadSr25519Wasm } from "../../../shared/src/keys/sr25519-wasm.node";
import { randomId } from "../../../workers/validator/src/tasks/task-item";
import { startRealMiners } from "./real-miners";
import { startRoster, TWENTY_MINERS, VALIDATOR_URI } from "./roster";

/** The API key the worker tests use; only its SHA-256 reaches the Worker's config. */
export const TEST_API_KEY = "miaoai-test-key-7f3a";

/** String bindings the validator Worker gets in worker tests (merged into miniflare bindings). */
export type ValidatorTestProvided = { bindings: Record<string, string> };

declare module "vitest" {
  export interface ProvidedContext {
    validatorTest: ValidatorTestProvided;
  }
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Buffer.from(digest).toString("hex");
}

/**
 * Vitest global setup for worker tests: starts the 20 test miners of known quality on loopback (Node;
 * workerd cannot listen) and real miners (real-miners.ts), and provides the validator's bindings: the
 * metagraph that announces the test miners, a dev hotkey, the API key hash, a fresh state prefix, short
 * timeouts, and `REAL_MINERS` (where the real miners listen, or why they did not start).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const real = await startRealMiners();
  if (real.provided.kind === "missing")
    console.warn(`real-miner worker tests will skip: ${real.provided.howTo}`);
  const roster = await startRoster(TWENTY_MINERS, await loadSr25519Wasm()).catch(async (e: unknown) => {
    await real.stop();
    throw e;
  });
  project.provide("validatorTest", {
    bindings: {
      VALIDATOR_HOTKEY_SEED: VALIDATOR_URI,
      METAGRAPH_SOURCE: "fixture",
      METAGRAPH_FIXTURE: JSON.stringify(roster.metagraph),
      API_KEY_HASHES: await sha256Hex(TEST_API_KEY),
      STATE_PREFIX: `miaoai-test-${randomId(8)}`,
      MINER_TIMEOUT_MS: "1500",
      TASK_API_TIMEOUT_MS: "1500",
      TASKS_PER_MINER: "3",
      // Test miners read text only (bank-oracle.ts); product images are left to the real-miner suite.
      TASK_TYPES: "response_selection,intent_classification,sentiment",
      FINALIZE_GRACE_MS: "20000",
      TASK_API_RATE_LIMIT_PER_MINUTE: "5",
      TEST_ROSTER: JSON.stringify(roster.miners.map((m) => ({ uid: m.uid, label: m.label }))),
      TEST_API_KEY,
      REAL_MINERS: JSON.stringify(real.provided),
    },
  });
  return async () => {
    await roster.stop();
    await real.stop();
  };
}
