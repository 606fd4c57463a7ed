import { fetchSource } from "../../../../shared/src/data/byte-source";
import { SENTIMENT_LABELS, TASK_TYPES, type TaskType } from "../../../../shared/src/protocol";
import type { Truth } from "../../../../shared/src/scoring";
import {
  createTaskBank,
  type DrawnTask,
  type ItemPool,
  loadPoolFromSpec,
  type PoolSpec,
  type SourceOpener,
  seedFrom,
  type TaskBank,
} from "../../../../shared/src/tasks";
import type { PresentedTask, TaskSource } from "./task-item";

/** How the Worker's task bank draws (docs/running_validator.md, "Tasks"). */
export type BankSourceOptions = {
  /** The validator's secret bank seed: without it nobody can predict which items come next. */
  seed: string;
  /** Task types drawn; the others get weight 0. Default: all four. */
  taskTypes?: readonly TaskType[];
  /** Candidates per response-selection request (1 true + distractors), 2..100. */
  candidates?: number;
  /** Languages of generated items; default: every language the generator writes. */
  languages?: readonly string[];
  /** Datasets drawn from besides the generator (`TASK_POOLS`), loaded by the first round that needs them. */
  pools?: readonly PoolSpec[];
};

/**
 * The Worker's task source: the seeded multilingual TaskBank of shared/src/tasks (intents, sentiment,
 * response selection with hard negatives, synthetic product PNGs), plus the configured dataset pools. Every
 * miner of a round gets the same items slot by slot, each worded and dressed for that miner (its hotkey is
 * the surface seed), and the ground truth stays in the validator. The generator is a few KB of lexicons;
 * pools are fetched (one at a time: the isolate may hold 6 connections) and reservoir-sampled to their
 * `maxItems` by `ready()`, once per isolate. A pool that cannot be loaded is logged and the round draws from
 * what did load; the next round tries again.
 */
export function bankTaskSource(options: BankSourceOptions, open: SourceOpener = fetchSource): TaskSource {
  const drawn = new Set(options.taskTypes?.length ? options.taskTypes : TASK_TYPES);
  const makeBank = (pools: readonly ItemPool[]): TaskBank =>
    createTaskBank({
      seed: options.seed,
      pools,
      generator: { languages: options.languages },
      taskWeights: Object.fromEntries(TASK_TYPES.map((t) => [t, drawn.has(t) ? 1 : 0])),
      candidates: options.candidates,
    });
  const loaded = new Map<string, ItemPool>();
  let bank = makeBank([]);
  let loading: Promise<void> | null = null;
  const missing = () => (options.pools ?? []).filter((spec) => !loaded.has(spec.name));
  return {
    name: "task-bank",
    async ready() {
      if (missing().length === 0) return;
      loading ??= (async () => {
        for (const spec of missing()) {
          try {
            loaded.set(spec.name, await loadPoolFromSpec(spec, open));
          } catch (error) {
            console.error(
              `task pool '${spec.name}' not loaded: ${error instanceof Error ? error.message : error}`,
            );
          }
        }
        bank = makeBank([...loaded.values()]);
        loading = null;
      })();
      await loading;
    },
    pools: () => [...loaded.values()].map((p) => ({ name: p.name, taskType: p.taskType, size: p.size })),
    openRound(roundSeed) {
      // The round id is fresh per round (time + random), so the item sequence cannot be guessed from it.
      const round = seedFrom("round", roundSeed);
      const current = bank;
      return (slot, minerSeed, deadlineMs) =>
        presentDrawn(current.draw({ round, slot, minerSeed }), deadlineMs);
    },
  };
}

/**
 * Turns a bank draw into what a round carries: the request (with the round's deadline), the truth in the
 * scorer's shape, and the bank's canonical candidate indices (the item's own numbering, the same for every
 * miner whatever its wording and ids), so copy detection compares answers across miners (docs/scoring.md).
 */
export function presentDrawn(drawn: DrawnTask, deadlineMs: number): PresentedTask {
  const request = { ...drawn.request, deadlineMs };
  const truth: Truth = toTruth(drawn);
  return { item: drawn.itemKey, request, truth, canonicalIds: { ...drawn.candidateKeys } };
}

function toTruth({ request, truth }: DrawnTask): Truth {
  if (truth.taskType === "response_selection") return { taskType: truth.taskType, trueId: truth.correctId };
  if (request.taskType === "intent_classification")
    return { taskType: "intent_classification", label: truth.label, labels: [...request.labels] };
  if (request.taskType === "product_image")
    return { taskType: "product_image", label: truth.label, labels: [...request.categories] };
  return { taskType: "sentiment", label: truth.label, labels: [...SENTIMENT_LABELS] };
}
