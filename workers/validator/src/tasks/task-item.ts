import type { DialogueTurn, TaskRequest } from "../../../../shared/src/protocol";
import { PROTOCOL_VERSION } from "../../../../shared/src/protocol";
import type { Truth } from "../../../../shared/src/scoring";

/** An underlying task with its held-back answer, before it is dressed up for one miner. */
export type TaskItem =
  | {
      key: string;
      taskType: "response_selection";
      language: string;
      turns: DialogueTurn[];
      candidates: string[];
      trueIndex: number;
    }
  | {
      key: string;
      taskType: "intent_classification";
      language: string;
      text: string;
      labels: string[];
      label: string;
    }
  | { key: string; taskType: "sentiment"; language: string; text: string; label: string };

/**
 * One round's draw: slot `i` is the same underlying item for every miner (so answers compare across
 * miners), dressed separately for each miner (task id, candidate ids and order, and, for the task bank,
 * wording).
 */
export type RoundDraw = (slot: number, minerSeed: string, deadlineMs: number) => PresentedTask;

/** Where a round's tasks come from: the seeded TaskBank (bank-task-source.ts) or the test fixture. */
export interface TaskSource {
  readonly name: string;
  /** Loads what the source needs before a round (dataset pools); the round cron awaits it. */
  ready?(): Promise<void>;
  /** The dataset pools in use, for /v1/status. */
  pools?(): { name: string; taskType: string; size: number }[];
  /** Opens the draw of one round; `roundSeed` (the round id) makes it reproducible for this source. */
  openRound(roundSeed: string): RoundDraw;
}

/**
 * One item as shown to one miner: the request, its truth, and the map from the candidate ids shown to
 * canonical numbers (equal for the same candidate in every presentation), for copy and honeypot checks.
 */
export type PresentedTask = {
  item: string;
  request: TaskRequest;
  truth: Truth;
  canonicalIds: Record<string, number>;
};

const ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** A random id of `length` characters from [a-z0-9], from crypto.getRandomValues. */
export function randomId(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = "";
  for (const b of bytes) out += ID_ALPHABET[b % ID_ALPHABET.length];
  return out;
}

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  const rand = crypto.getRandomValues(new Uint32Array(out.length));
  for (let i = out.length - 1; i > 0; i--) {
    const j = (rand[i] ?? 0) % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * Dresses an item for one request: a fresh task id and, for response selection, the candidates shuffled
 * with fresh ids, so an answer cannot be looked up from another miner's or an earlier request.
 */
export function presentItem(item: TaskItem, deadlineMs: number): PresentedTask {
  const envelope = { protocolVersion: PROTOCOL_VERSION, taskId: `t${randomId(15)}`, deadlineMs };
  if (item.taskType === "response_selection") {
    const order = shuffled(item.candidates.map((text, index) => ({ text, index })));
    const ids = new Set<string>();
    while (ids.size < order.length) ids.add(randomId(6));
    const idList = [...ids];
    const canonicalIds: Record<string, number> = {};
    const candidates = order.map((c, i) => {
      const id = idList[i] as string;
      canonicalIds[id] = c.index;
      return { id, text: c.text };
    });
    const trueId = Object.keys(canonicalIds).find((id) => canonicalIds[id] === item.trueIndex) as string;
    return {
      item: item.key,
      request: {
        ...envelope,
        taskType: "response_selection",
        language: item.language,
        turns: item.turns,
        candidates,
      } as TaskRequest,
      truth: { taskType: "response_selection", trueId },
      canonicalIds,
    };
  }
  if (item.taskType === "intent_classification") {
    const labels = shuffled(item.labels);
    return {
      item: item.key,
      request: {
        ...envelope,
        taskType: "intent_classification",
        language: item.language,
        text: item.text,
        labels,
      } as TaskRequest,
      truth: { taskType: "intent_classification", label: item.label, labels },
      canonicalIds: {},
    };
  }
  return {
    item: item.key,
    request: { ...envelope, taskType: "sentiment", language: item.language, text: item.text } as TaskRequest,
    truth: { taskType: "sentiment", label: item.label, labels: ["negative", "neutral", "positive"] },
    canonicalIds: {},
  };
}

/**
 * The same task under a fresh task id, with labels, categories or candidates re-shuffled and candidate ids
 * re-drawn (canonical numbers follow their candidates): the honeypot repeat, which an honest miner answers
 * with the same decision, and which cannot be matched to the first by id.
 */
export function redressTask(task: PresentedTask): PresentedTask {
  const taskId = `t${randomId(15)}`;
  const request = task.request;
  if (request.taskType === "response_selection") {
    const ids = new Set<string>();
    while (ids.size < request.candidates.length) ids.add(randomId(6));
    const idList = [...ids];
    const canonicalIds: Record<string, number> = {};
    const candidates = shuffled(request.candidates).map((c, i) => {
      const id = idList[i] as string;
      canonicalIds[id] = task.canonicalIds[c.id] ?? -1;
      return { id, text: c.text, oldId: c.id };
    });
    const trueId =
      task.truth.taskType === "response_selection"
        ? candidates.find((c) => c.oldId === (task.truth as { trueId: string }).trueId)?.id
        : undefined;
    return {
      item: task.item,
      request: {
        ...request,
        taskId,
        candidates: candidates.map(({ id, text }) => ({ id, text })),
      } as TaskRequest,
      truth: { taskType: "response_selection", trueId: trueId ?? "" },
      canonicalIds,
    };
  }
  if (request.taskType === "intent_classification")
    return { ...task, request: { ...request, taskId, labels: shuffled(request.labels) } as TaskRequest };
  if (request.taskType === "product_image")
    return {
      ...task,
      request: { ...request, taskId, categories: shuffled(request.categories) } as TaskRequest,
    };
  return { ...task, request: { ...request, taskId } as TaskRequest };
}
