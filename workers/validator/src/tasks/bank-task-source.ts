import { SENTIMENT_LABELS, TASK_TYPES, type TaskType } from "../../../../shared/src/protocol";
import type { Truth } from "../../../../shared/src/scoring";
import { createTaskBank, type DrawnTask, seedFrom, type TaskBank } from "../../../../shared/src/tasks";
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
};

/**
 * The Worker's task source: the seeded multilingual TaskBank of shared/src/tasks (intents, sentiment,
 * response selection with hard negatives, synthetic product PNGs). Every miner of a round gets the same
 * items slot by slot, each worded and dressed for that miner (its hotkey is the surface seed), and the
 * ground truth stays in the validator. Stateless past the bank itself, which holds no pools here: a few
 * KB of lexicons, so it fits the 128 MB isolate and costs well under a millisecond per draw.
 */
export function bankTaskSource(options: BankSourceOptions): TaskSource {
  const drawn = new Set(options.taskTypes?.length ? options.taskTypes : TASK_TYPES);
  const bank: TaskBank = createTaskBank({
    seed: options.seed,
    generator: { languages: options.languages },
    taskWeights: Object.fromEntries(TASK_TYPES.map((t) => [t, drawn.has(t) ? 1 : 0])),
    candidates: options.candidates,
  });
  return {
    name: "task-bank",
    openRound(roundSeed) {
      // The round id is fresh per round (time + random), so the item sequence cannot be guessed from it.
      const round = seedFrom("round", roundSeed);
      return (slot, minerSeed, deadlineMs) => presentDrawn(bank.draw({ round, slot, minerSeed }), deadlineMs);
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
