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

/** Where a round's items come from; the TaskBank (shared/src/tasks) or a fixture implement it. */
export interface TaskSource {
  readonly name: string;
  /** `count` distinct items for one round; `seed` makes a round's draw reproducible. */
  draw(seed: string, count: number): TaskItem[];
}

/** One item as shown to one miner: the request, its truth, and the map back to canonical candidates. */
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
