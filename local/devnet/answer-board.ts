import type { InferenceEngine } from "../../miner/src/inference/engine";
import type { TaskRequest, TaskResponse } from "../../shared/src/protocol";

/**
 * What a copying miner works from: the answers another miner gave, as it could scrape them from a leaky
 * peer. The validator words each task differently for each miner and draws fresh ids, so the copier finds
 * the look-alike task by text similarity and re-maps the answer onto its own ids; the validator should
 * still catch the identical answer. Devnet and test fixture only.
 */
export interface AnswerBoard {
  record(request: TaskRequest, response: TaskResponse): void;
  /** The recorded answer to the task most like `request` (same type and labels), waiting up to `waitMs`. */
  find(
    request: TaskRequest,
    waitMs: number,
  ): Promise<{ request: TaskRequest; response: TaskResponse } | null>;
}

const KEEP = 256;
/**
 * Same-item wordings for two miners share as little as 0.16 of their trigrams (1st percentile over the bank),
 * while the generator's templates make different items look alike: so the copier takes the most similar
 * answer recorded in the last `LOOKBACK_MS` (this round's), above a low floor, rather than the first answer
 * anywhere above a high bar (which missed ~15% of items and made catching the copier a matter of luck).
 */
const MIN_SIMILARITY = 0.1;
const LOOKBACK_MS = 1_000;

/** Character trigrams of a text, lowercased (works for scripts without spaces, such as Chinese). */
function trigrams(text: string): Set<string> {
  const chars = [...text.toLowerCase()];
  const out = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) out.add(chars.slice(i, i + 3).join(""));
  return out;
}

/** Jaccard similarity of two texts' trigram sets. */
export function textSimilarity(a: string, b: string): number {
  const x = trigrams(a);
  const y = trigrams(b);
  if (x.size === 0 && y.size === 0) return a === b ? 1 : 0;
  let both = 0;
  for (const g of x) if (y.has(g)) both++;
  return both / (x.size + y.size - both);
}

function promptOf(request: TaskRequest): string {
  switch (request.taskType) {
    case "response_selection":
      return request.turns.map((t) => t.text).join("\n");
    case "product_image":
      return request.image.data.slice(0, 512);
    default:
      return request.text;
  }
}

function labelKey(request: TaskRequest): string {
  if (request.taskType === "intent_classification") return [...request.labels].sort().join(",");
  if (request.taskType === "product_image") return [...request.categories].sort().join(",");
  return "";
}

/** An in-memory board of recent answers (`now` and `lookbackMs` are for tests). */
export function createAnswerBoard(options: { now?: () => number; lookbackMs?: number } = {}): AnswerBoard {
  const now = options.now ?? Date.now;
  const lookbackMs = options.lookbackMs ?? LOOKBACK_MS;
  const entries: { request: TaskRequest; response: TaskResponse; prompt: string; at: number }[] = [];
  const waiters = new Set<() => void>();
  const best = (request: TaskRequest, since: number) => {
    const prompt = promptOf(request);
    let found: (typeof entries)[number] | null = null;
    let score = MIN_SIMILARITY;
    for (const e of entries) {
      if (e.at < since) continue;
      if (e.request.taskType !== request.taskType || labelKey(e.request) !== labelKey(request)) continue;
      const s = textSimilarity(e.prompt, prompt);
      if (s >= score) [found, score] = [e, s];
    }
    return found;
  };
  return {
    record(request, response) {
      entries.push({ request, response, prompt: promptOf(request), at: now() });
      if (entries.length > KEEP) entries.shift();
      for (const wake of waiters) wake();
    },
    async find(request, waitMs) {
      const since = now() - lookbackMs;
      const deadline = Date.now() + waitMs;
      for (;;) {
        const hit = best(request, since);
        if (hit) return { request: hit.request, response: hit.response };
        const left = deadline - Date.now();
        if (left <= 0) return null;
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(wake, left);
          waiters.add(wake);
        });
      }
    },
  };
}

/** Serves `inner` and records every answer on `board` (the miner being copied). */
export function recordingEngine(inner: InferenceEngine, board: AnswerBoard): InferenceEngine {
  return {
    taskTypes: inner.taskTypes,
    async run(request) {
      const response = await inner.run(request);
      board.record(request, response);
      return response;
    },
    describe: () => inner.describe(),
    queueDepth: () => inner.queueDepth(),
    warmUp: async () => {},
    close: async () => {},
  };
}

/**
 * Re-maps a copied answer onto the copier's own request: the same label and probabilities (the label set is
 * the same), or the same ranking with each copied candidate replaced by the copier's most similar one.
 */
export function remapAnswer(
  copied: { request: TaskRequest; response: TaskResponse },
  own: TaskRequest,
): TaskResponse | null {
  const envelope = { protocolVersion: own.protocolVersion, taskId: own.taskId, taskType: own.taskType };
  if (copied.response.taskType === "response_selection") {
    if (copied.request.taskType !== "response_selection" || own.taskType !== "response_selection")
      return null;
    const theirs = new Map(copied.request.candidates.map((c) => [c.id, c.text]));
    const left = new Map(own.candidates.map((c) => [c.id, c.text]));
    const ranking: string[] = [];
    for (const id of copied.response.ranking) {
      const text = theirs.get(id) ?? "";
      let pick: string | null = null;
      let score = -1;
      for (const [ownId, ownText] of left) {
        const s = textSimilarity(text, ownText);
        if (s > score) [pick, score] = [ownId, s];
      }
      if (pick === null) break;
      ranking.push(pick);
      left.delete(pick);
    }
    return { ...envelope, ranking: [...ranking, ...left.keys()] } as TaskResponse;
  }
  if (!("probabilities" in copied.response)) return null;
  return {
    ...envelope,
    label: copied.response.label,
    probabilities: copied.response.probabilities,
  } as TaskResponse;
}
