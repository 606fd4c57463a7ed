import type { TaskId } from "../protocol/fields";
import { LIMITS } from "../protocol/limits";
import { TASK_TYPES, type TaskRequest, type TaskType } from "../protocol/messages";
import { PROTOCOL_VERSION } from "../protocol/version";
import type { BankItem } from "./bank-item";
import { generateItem } from "./generator";
import type { GroundTruth, ItemKey } from "./ground-truth";
import type { ItemPool } from "./item-pool";
import { GENERATED_LANGUAGES } from "./lexicon";
import { encodeGrayPng, toBase64 } from "./png-encode";
import { createRng, permute, type Rng, seedFrom } from "./seeded-random";

/** How a bank draws: its secret seed, the dataset pools, and the task mix. */
export interface TaskBankConfig {
  /** Secret of the validator: without it, nobody can predict which items come next. */
  seed: string;
  pools?: readonly ItemPool[];
  /** The built-in multilingual generator; on unless `enabled: false`. */
  generator?: { enabled?: boolean; languages?: readonly string[]; weight?: number };
  /** Relative frequency of each task type (default: equal over the types some source can serve). */
  taskWeights?: Partial<Record<TaskType, number>>;
  /** Candidates per response-selection request (1 true + n-1 distractors), 2..100; default 10. */
  candidates?: number;
  deadlineMs?: number;
  /** Draw slots per round, used to number draws: `sequence = round * slotsPerRound + slot`. Default 256. */
  slotsPerRound?: number;
}

/** Which draw: the round and slot choose the item (the same for every miner), the miner seed its wording. */
export interface DrawOptions {
  round: number;
  slot: number;
  /** The miner's hotkey or any per-miner string: shuffles candidates, re-draws ids, varies paraphrases. */
  minerSeed: string;
  taskType?: TaskType;
  language?: string;
}

/** A drawn task: the request to send, the answer to keep, and the item's key for a later re-issue. */
export interface DrawnTask {
  request: TaskRequest;
  truth: GroundTruth;
  itemKey: ItemKey;
  source: string;
  /**
   * Validator-only, never sent: each shown candidate id -> the item's own index of that candidate (see
   * {@link CandidateKeys}), equal for every miner and re-issue of the item. Empty for classifiers.
   */
  candidateKeys: CandidateKeys;
}

/**
 * Shown candidate id -> canonical candidate index within its item: 0 is the true reply, `1 + k` is
 * `negatives[k]` of the bank item. Independent of ids, order and per-miner wording, so answers of two
 * miners to the same item compare in one space (copy detection, docs/scoring.md).
 */
export type CandidateKeys = Readonly<Record<string, number>>;

/** Draws tasks statelessly; it runs in the Worker (Web APIs only) and keeps only its pools in memory. */
export interface TaskBank {
  /** The task for this round, slot and miner. Throws `NoSourceError` when nothing serves the asked type. */
  draw(opts: DrawOptions): DrawnTask;
  /** The same underlying item under a new task id, candidate ids and order (a honeypot / consistency check). */
  reissue(itemKey: ItemKey, opts: DrawOptions): DrawnTask;
  /** The sources the bank draws from, for /info pages and logs. */
  sources(): { name: string; taskType: TaskType | "*"; size: number | null }[];
}

/** No source serves the requested task type (or language). */
export class NoSourceError extends Error {
  override name = "NoSourceError";
}

/** An item key the bank did not issue. */
export class UnknownItemError extends Error {
  override name = "UnknownItemError";
}

const DEFAULT_DEADLINE_MS = 10_000;

/**
 * Builds a task bank. Items from pools are visited in a keyed pseudo-random permutation of the draw sequence,
 * so a pool of n items repeats none within n consecutive draws; generated items are new each draw.
 */
export function createTaskBank(config: TaskBankConfig): TaskBank {
  const pools = config.pools ?? [];
  const gen = config.generator?.enabled === false ? null : (config.generator ?? {});
  const genLanguages = gen?.languages?.length ? gen.languages : GENERATED_LANGUAGES;
  const candidates = Math.min(Math.max(config.candidates ?? 10, 2), LIMITS.candidates);
  const slotsPerRound = config.slotsPerRound ?? 256;
  const deadlineMs = config.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const bankKey = seedFrom("bank", config.seed);

  const servedTypes = TASK_TYPES.filter((t) => gen !== null || pools.some((p) => p.taskType === t));

  const surface = (opts: DrawOptions, itemKey: string, salt: string) =>
    createRng(seedFrom(bankKey, "surface", opts.minerSeed, opts.round, opts.slot, itemKey, salt));

  const build = (item: BankItem, itemKey: ItemKey, source: string, rng: Rng): DrawnTask => {
    // Which distractors are shown is part of the item (the same for every miner), so rankings compare.
    const choose = createRng(seedFrom(bankKey, "candidates", itemKey));
    const { request, truth, candidateKeys } = toRequest(item, rng, candidates, deadlineMs, choose);
    return { request, truth, itemKey, source, candidateKeys };
  };

  const fromKey = (itemKey: ItemKey, opts: DrawOptions, salt: string): DrawnTask => {
    const parts = itemKey.split(":");
    if (parts[0] === "gen" && gen) {
      const [, type, seed, lang] = parts;
      if (!TASK_TYPES.includes(type as TaskType))
        throw new UnknownItemError(`unknown task type in ${itemKey}`);
      const s = surface(opts, itemKey, salt);
      const item = generateItem(type as TaskType, Number(seed), s.int(2 ** 31), lang);
      return build(item, itemKey, "generator", s);
    }
    const pool = pools.find((p) => p.name === parts[1]);
    const index = Number(parts[2]);
    if (parts[0] !== "pool" || !pool || !(index >= 0 && index < pool.size))
      throw new UnknownItemError(`no item ${itemKey}`);
    return build(pool.item(index), itemKey, pool.name, surface(opts, itemKey, salt));
  };

  return {
    draw(opts) {
      const sequence = opts.round * slotsPerRound + opts.slot;
      const pick = createRng(seedFrom(bankKey, "pick", sequence));
      const types = opts.taskType ? [opts.taskType] : servedTypes;
      const taskType = weightedPick(types, (t) => config.taskWeights?.[t] ?? 1, pick);
      if (!taskType || !servedTypes.includes(taskType))
        throw new NoSourceError(`no source serves ${opts.taskType ?? "any task type"}`);
      const candidatesPools = pools.filter(
        (p) => p.taskType === taskType && (!opts.language || poolLanguage(p) === opts.language),
      );
      const genFits = gen !== null && (!opts.language || genLanguages.includes(opts.language));
      const sources: (ItemPool | "generator")[] = [
        ...candidatesPools,
        ...(genFits ? ["generator" as const] : []),
      ];
      const source = weightedPick(sources, (s) => (s === "generator" ? (gen?.weight ?? 1) : 1), pick);
      if (!source)
        throw new NoSourceError(`no source serves ${taskType}${opts.language ? ` in ${opts.language}` : ""}`);
      let key: string;
      if (source === "generator") {
        const lang = opts.language ?? pick.pick(genLanguages);
        key = `gen:${taskType}:${seedFrom(bankKey, "item", sequence)}${taskType === "product_image" ? "" : `:${lang}`}`;
      } else {
        // A fresh permutation key per pass over the pool, so successive passes visit items in new orders.
        const pass = Math.floor(sequence / source.size);
        key = `pool:${source.name}:${permute(sequence, source.size, seedFrom(bankKey, source.name, pass))}`;
      }
      return fromKey(key as ItemKey, opts, "draw");
    },
    reissue(itemKey, opts) {
      return fromKey(itemKey, opts, "reissue");
    },
    sources() {
      return [
        ...pools.map((p) => ({
          name: p.name,
          taskType: p.taskType as TaskType | "*",
          size: p.size as number | null,
        })),
        ...(gen ? [{ name: "generator", taskType: "*" as const, size: null }] : []),
      ];
    },
  };
}

/**
 * Gives an item its surface form: task id, shuffled labels or candidates with fresh ids, PNG bytes. `choose`
 * picks the response-selection distractors (default `rng`; the bank passes an item-keyed generator).
 */
export function toRequest(
  item: BankItem,
  rng: Rng,
  candidates: number,
  deadlineMs: number,
  choose: Rng = rng,
): { request: TaskRequest; truth: GroundTruth; candidateKeys: CandidateKeys } {
  const envelope = { protocolVersion: PROTOCOL_VERSION, taskId: `t${rng.token(20)}` as TaskId, deadlineMs };
  switch (item.taskType) {
    case "intent_classification":
      return {
        request: {
          ...envelope,
          taskType: item.taskType,
          language: item.language,
          text: item.text,
          labels: rng.shuffle(item.labels),
        },
        truth: { taskType: item.taskType, label: item.label },
        candidateKeys: {},
      };
    case "sentiment":
      return {
        request: { ...envelope, taskType: item.taskType, language: item.language, text: item.text },
        truth: { taskType: item.taskType, label: item.label },
        candidateKeys: {},
      };
    case "product_image": {
      const png = encodeGrayPng(item.pixels, item.width, item.height);
      return {
        request: {
          ...envelope,
          taskType: item.taskType,
          image: { mediaType: "image/png", data: toBase64(png) },
          categories: rng.shuffle(item.categories),
        },
        truth: { taskType: item.taskType, label: item.label },
        candidateKeys: {},
      };
    }
    case "response_selection": {
      // Canonical index: 0 = the true reply, 1 + k = negatives[k] (first copy of a repeated text only).
      const seen = new Set([item.response]);
      const distinct: { text: string; index: number }[] = [];
      item.negatives.forEach((text, k) => {
        if (!seen.has(text)) distinct.push({ text, index: 1 + k });
        seen.add(text);
      });
      const chosen = [{ text: item.response, index: 0 }, ...choose.sample(distinct, candidates - 1)];
      const ids = new Set<string>();
      while (ids.size < chosen.length) ids.add(`c${rng.token(7)}`);
      const idList = [...ids];
      const withIds = chosen.map((c, i) => ({ id: idList[i] as string, text: c.text }));
      const candidateKeys = Object.fromEntries(chosen.map((c, i) => [idList[i] as string, c.index]));
      const correctId = (withIds[0] as { id: string }).id;
      return {
        request: {
          ...envelope,
          taskType: item.taskType,
          language: item.language,
          turns: item.turns,
          candidates: rng.shuffle(withIds),
        },
        truth: { taskType: item.taskType, correctId },
        candidateKeys,
      };
    }
  }
}

function weightedPick<T>(items: readonly T[], weight: (t: T) => number, rng: Rng): T | undefined {
  const total = items.reduce((s, t) => s + Math.max(0, weight(t)), 0);
  if (total <= 0) return undefined;
  let r = rng.next() * total;
  for (const t of items) {
    r -= Math.max(0, weight(t));
    if (r < 0) return t;
  }
  return items[items.length - 1];
}

// Pools are single-language in practice; the first item tells which (images have none).
function poolLanguage(pool: ItemPool): string | null {
  const first = pool.item(0);
  return "language" in first ? first.language : null;
}
