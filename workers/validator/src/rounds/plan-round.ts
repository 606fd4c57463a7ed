import { allocateTasks, chooseMinersForRound } from "../../../../shared/src/scoring";
import { axonUrl, type MetagraphSource } from "../chain/metagraph";
import { refreshMetagraph } from "../chain/refresh-metagraph";
import type { RoundMeta } from "../state/records";
import type { StateStore } from "../state/store";
import { randomId, redressTask, type TaskSource } from "../tasks/task-item";
import { type DispatchMessage, MAX_CONCURRENT_FETCHES, type MinerAssignment } from "./messages";
import type { RoundSettings } from "./settings";

/** Where dispatch batches go: the DISPATCH queue binding in production. */
export interface MessageSink<T> {
  sendBatch(messages: Iterable<{ body: T }>): Promise<unknown>;
}

/** What planning a round needs. */
export type PlanDeps = {
  store: StateStore;
  metagraphSource: MetagraphSource;
  taskSource: TaskSource;
  dispatch: MessageSink<DispatchMessage>;
  settings: RoundSettings;
  /** Our own hotkey: never sent tasks, even if it serves an axon. */
  selfHotkey: string;
  /** Finalizes a round that ran past its deadline (partial), before a new one starts. */
  finalizeRound: (roundId: string, now: number) => Promise<unknown>;
};

/** What the round cron did. */
export type PlanOutcome =
  | { kind: "skipped"; reason: "locked" | "round_in_flight" | "no_miners" }
  | { kind: "started"; roundId: string; seq: number; miners: number; tasks: number; batches: number };

// Queues take at most 100 messages per sendBatch call.
const SEND_BATCH_MAX = 100;

/**
 * The round cron: reads state in one request, refreshes the metagraph snapshot when it is older than
 * N blocks (keeping a recent one through chain outages), picks serving miners fairly, allocates tasks by the configured strategy, draws items with
 * their truths, dresses them per miner, packs the requests into batches of at most 6, records the round
 * and enqueues the batches. Miners are never contacted from here.
 */
export async function planRound(deps: PlanDeps, now: number): Promise<PlanOutcome> {
  await deps.taskSource.ready?.(); // dataset pools load once per isolate, before the plan lock's clock starts
  const owner = randomId(12);
  const ctx = await deps.store.loadPlanContext(owner);
  if (ctx.locked) return { kind: "skipped", reason: "locked" };
  if (ctx.current && !ctx.current.finalized) {
    if (now < ctx.current.meta.deadlineAt) return { kind: "skipped", reason: "round_in_flight" };
    await deps.finalizeRound(ctx.current.meta.id, now);
  }
  const { settings } = deps;
  const { use: cache, save: refreshed } = await refreshMetagraph(
    ctx.metagraph,
    deps.metagraphSource,
    now,
    settings.metagraphRefreshBlocks,
  );
  const serving = cache.snapshot.neurons.flatMap((n) => {
    const url = axonUrl(n);
    return url && n.hotkey !== deps.selfHotkey ? [{ ...n, url }] : [];
  });
  const seq = ctx.seq + 1;
  const chosen = chooseMinersForRound(serving, seq, settings.maxMinersPerRound);
  if (chosen.length === 0) return { kind: "skipped", reason: "no_miners" };

  const perMiner = Math.max(1, Math.min(MAX_CONCURRENT_FETCHES, Math.round(settings.tasksPerMiner)));
  const allocation = allocateTasks(
    chosen.map((m) => {
      const record = ctx.miners.get(m.uid);
      return { uid: m.uid, stake: m.stake, trust: record && record.hotkey === m.hotkey ? record.trust : 0 };
    }),
    settings.allocation,
    chosen.length * perMiner,
    1,
    MAX_CONCURRENT_FETCHES,
  );
  const roundId = `${now.toString(36)}-${randomId(4)}`;
  const draw = deps.taskSource.openRound(roundId);

  const assignments: MinerAssignment[] = chosen.map((m) => {
    const count = allocation.get(m.uid) ?? 1;
    // Every miner sees the same items in the same slots (so answers compare across miners), each dressed
    // for it; with two or more tasks, the last one repeats the first re-dressed: the honeypot check.
    const tasks = Array.from({ length: Math.max(1, count - 1) }, (_, slot) =>
      draw(slot, m.hotkey, settings.timeoutMs),
    );
    if (count >= 2) tasks.push(redressTask(tasks[0] as (typeof tasks)[number]));
    return { uid: m.uid, hotkey: m.hotkey, url: m.url, tasks };
  });
  const batches = packBatches(assignments, MAX_CONCURRENT_FETCHES);
  const messages: DispatchMessage[] = batches.map((miners, batch) => ({
    roundId,
    batch,
    timeoutMs: settings.timeoutMs,
    maxResponseBytes: settings.maxResponseBytes,
    miners,
  }));
  const tasks = assignments.reduce((n, a) => n + a.tasks.length, 0);
  const meta: RoundMeta = {
    id: roundId,
    seq,
    startedAt: now,
    deadlineAt: now + settings.timeoutMs + settings.finalizeGraceMs,
    expectedBatches: messages.length,
    miners: chosen.length,
    tasks,
    block: cache.snapshot.block,
    strategy: settings.allocation,
    timeoutMs: settings.timeoutMs,
  };
  await deps.store.beginRound(meta, refreshed, owner);
  for (let i = 0; i < messages.length; i += SEND_BATCH_MAX) {
    await deps.dispatch.sendBatch(
      messages.slice(i, i + SEND_BATCH_MAX).map((body) => ({ body, contentType: "json" })),
    );
  }
  return { kind: "started", roundId, seq, miners: chosen.length, tasks, batches: messages.length };
}

/** First-fit packing of whole miners into batches of at most `capacity` requests, in uid order. */
export function packBatches(assignments: readonly MinerAssignment[], capacity: number): MinerAssignment[][] {
  const batches: { load: number; miners: MinerAssignment[] }[] = [];
  for (const a of [...assignments].sort((x, y) => y.tasks.length - x.tasks.length || x.uid - y.uid)) {
    const fit = batches.find((b) => b.load + a.tasks.length <= capacity);
    if (fit) {
      fit.load += a.tasks.length;
      fit.miners.push(a);
    } else {
      batches.push({ load: a.tasks.length, miners: [a] });
    }
  }
  return batches.map((b) => b.miners);
}
