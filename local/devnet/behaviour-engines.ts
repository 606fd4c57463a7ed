import { type InferenceEngine, noopEngine } from "../../miner/src/inference/engine";
import type { TaskRequest, TaskResponse } from "../../shared/src/protocol";
import { type AnswerBoard, remapAnswer } from "./answer-board";

/**
 * Engine wrappers that make a real miner behave badly on purpose, for the devnet and its tests. Each keeps
 * the wrapped engine's task types, so the miner's routes, auth and signing are the production ones.
 */

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Forwards to `inner` with its own description kind, so /v1/info shows what the miner is. The wrapper never
 * warms up or closes `inner`: the devnet owns every engine and closes each once.
 */
function relabel(inner: InferenceEngine, kind: string, run: InferenceEngine["run"]): InferenceEngine {
  return {
    taskTypes: inner.taskTypes,
    run,
    describe: () => ({ ...inner.describe(), kind }),
    queueDepth: () => inner.queueDepth(),
    warmUp: async () => {},
    close: async () => {},
  };
}

/**
 * A cheaper variant of `inner`, answering after `delayMs` (a small model on an overloaded box): it keeps the
 * model's top choice but ranks the other candidates in the offered order and softens the probabilities
 * toward uniform. Its answers are its own, so copy detection does not mistake it for a copier; only
 * latency (and the lost ranking detail) sets it apart.
 */
export function slowEngine(inner: InferenceEngine, delayMs: number): InferenceEngine {
  return relabel(inner, `slow(${inner.describe().kind}, +${delayMs} ms)`, async (request) => {
    await sleep(delayMs);
    const answer = await inner.run(request);
    if (answer.taskType === "response_selection" && request.taskType === "response_selection") {
      const top = answer.ranking[0];
      const rest = request.candidates.map((c) => c.id).filter((id) => id !== top);
      return { ...answer, ranking: top === undefined ? rest : [top, ...rest] };
    }
    if ("probabilities" in answer) {
      const probs = answer.probabilities as Record<string, number>;
      const k = Object.keys(probs).length;
      const softened = Object.fromEntries(Object.entries(probs).map(([l, p]) => [l, 0.7 * p + 0.3 / k]));
      return { ...answer, probabilities: softened } as TaskResponse;
    }
    return answer;
  });
}

/**
 * Copies another miner's answers: for each task it looks up the answer the original gave to the look-alike
 * task on `board`, re-maps it onto its own ids, and sends it after a relay delay (copying is never faster
 * than the original). With nothing to copy it falls back to the offered order and uniform probabilities.
 */
export function copierEngine(
  original: InferenceEngine,
  board: AnswerBoard,
  relayMs: number,
  waitMs: number,
): InferenceEngine {
  const fallback = noopEngine(original.taskTypes);
  return relabel(original, "copier", async (request) => {
    const copied = await board.find(request, waitMs);
    const answer = copied ? remapAnswer(copied, request) : null;
    await sleep(relayMs);
    return answer ?? fallback.run(request);
  });
}

/**
 * Answers that break the protocol: a label nobody offered with probabilities that do not sum to one, a
 * ranking of invented ids. The miner's own consistency check refuses to sign these and answers 500, which
 * is what a validator sees from a broken model.
 */
export function garbageEngine(): InferenceEngine {
  const base = noopEngine(["response_selection", "intent_classification", "sentiment"]);
  return relabel(base, "garbage", async (request: TaskRequest) => {
    const envelope = {
      protocolVersion: request.protocolVersion,
      taskId: request.taskId,
      taskType: request.taskType,
    };
    if (request.taskType === "response_selection") {
      return { ...envelope, ranking: request.candidates.map((_, i) => `zz${i}`) } as TaskResponse;
    }
    return { ...envelope, label: "meow", probabilities: { meow: 3 } } as TaskResponse;
  });
}

/** A miner without a model: the offered order and uniform probabilities (the weak baseline). */
export function baselineEngine(): InferenceEngine {
  const base = noopEngine(["response_selection", "intent_classification", "sentiment"]);
  return relabel(base, "baseline", (request) => base.run(request));
}
