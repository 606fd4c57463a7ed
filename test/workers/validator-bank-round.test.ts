import { env } from "cloudflare:workers";
import { Redis } from "@upstash/redis";
import { describe, expect, it } from "vitest";
import { sr25519Js } from "../../shared/src/keys/sr25519-js";
import { parseTaskRequest, TASK_TYPES, type TaskType } from "../../shared/src/protocol";
import { detectCopies } from "../../shared/src/scoring";
import { fixtureMetagraphSource, type Metagraph } from "../../workers/validator/src/chain/metagraph";
import { getDeps } from "../../workers/validator/src/deps";
import { createEpistulaTransport } from "../../workers/validator/src/dispatch/miner-transport";
import { collectResults } from "../../workers/validator/src/rounds/collect-results";
import { dispatchBatch } from "../../workers/validator/src/rounds/dispatch-batch";
import { finalizeRound } from "../../workers/validator/src/rounds/finalize-round";
import type { BatchResult, DispatchMessage } from "../../workers/validator/src/rounds/messages";
import { planRound } from "../../workers/validator/src/rounds/plan-round";
import { stateKeys } from "../../workers/validator/src/state/keys";
import { UpstashStore } from "../../workers/validator/src/state/upstash-store";
import { bankTaskSource } from "../../workers/validator/src/tasks/bank-task-source";
import { randomId, redressTask } from "../../workers/validator/src/tasks/task-item";
import type { RealMinersProvided } from "../validator/support/real-miners";

// The Worker's task bank and REAL miners: `miaoai-miner` servers (startMiner, the committed generator
// models under models/, onnxruntime-node) started in Node by test/validator/support/real-miner-host.ts,
// reached on POST /v1/tasks/<task_type> (the Worker's default MINER_TASK_PATH) with Epistula-signed
// requests, answers verified against the miner's Epistula-Response-Signature. Round code is the Worker's
// own (plan -> dispatch -> collect -> finalize) over the real @upstash/redis client and the local Upstash;
// the queue hop is left out here (validator-round.test.ts covers it) so this suite keeps its own state.
const real: RealMinersProvided = JSON.parse(
  String(env.REAL_MINERS ?? '{"kind":"missing","howTo":"global setup did not run"}'),
);
const hasUpstash = typeof env.UPSTASH_REDIS_REST_URL === "string";
if (real.kind === "missing") console.warn(`real-miner round skipped: ${real.howTo}`);
if (!hasUpstash) console.warn("real-miner round skipped: needs redis-server (apt-get install redis-server)");

const TEXT_TYPES: TaskType[] = ["response_selection", "intent_classification", "sentiment"];

describe("the Worker's task bank", () => {
  const source = bankTaskSource({ seed: "validator-bank-test-seed" });

  it("draws all four task types, valid for the protocol, with the truth among what is shown", () => {
    const draw = source.openRound("round-a");
    const seen = new Set<TaskType>();
    for (let slot = 0; slot < 64; slot++) {
      const t = draw(slot, "5Fminer", 4_000);
      const parsed = parseTaskRequest(t.request);
      expect(parsed.ok, parsed.ok ? "" : parsed.message).toBe(true);
      expect(t.request.deadlineMs).toBe(4_000);
      seen.add(t.request.taskType);
      if (t.request.taskType === "response_selection" && t.truth.taskType === "response_selection") {
        expect(t.request.candidates.map((c) => c.id)).toContain(t.truth.trueId);
        expect(Object.keys(t.canonicalIds).sort()).toEqual(t.request.candidates.map((c) => c.id).sort());
      } else if (t.truth.taskType !== "response_selection") {
        expect(t.truth.labels).toContain(t.truth.label);
      }
      if (t.request.taskType === "product_image") {
        const png = Uint8Array.from(atob(t.request.image.data), (c) => c.charCodeAt(0));
        expect([...png.slice(1, 4)]).toEqual([0x50, 0x4e, 0x47]); // "PNG"
      }
    }
    expect([...seen].sort()).toEqual([...TASK_TYPES].sort());
  });

  it("gives every miner the same item per slot, dressed and worded for that miner", () => {
    const draw = source.openRound("round-b");
    let worded = 0;
    for (let slot = 0; slot < 16; slot++) {
      const a = draw(slot, "5Fminer-a", 4_000);
      const b = draw(slot, "5Fminer-b", 4_000);
      expect(a.item).toBe(b.item);
      expect(a.request.taskType).toBe(b.request.taskType);
      expect(a.request.taskId).not.toBe(b.request.taskId);
      if (JSON.stringify(a.request) !== JSON.stringify({ ...b.request, taskId: a.request.taskId })) worded++;
      // Reproducible for the same miner, new for another round.
      expect(draw(slot, "5Fminer-a", 4_000).request).toEqual(a.request);
      expect(source.openRound("round-c")(slot, "5Fminer-a", 4_000).item).not.toBe(a.item);
    }
    expect(worded).toBeGreaterThanOrEqual(14);
  });

  it("re-dresses a task for the honeypot: same content and truth, new ids, same canonical candidates", () => {
    const draw = source.openRound("round-d");
    for (let slot = 0; slot < 32; slot++) {
      const t = draw(slot, "5Fminer", 4_000);
      const r = redressTask(t);
      expect(r.item).toBe(t.item);
      expect(r.request.taskId).not.toBe(t.request.taskId);
      expect(parseTaskRequest(r.request).ok).toBe(true);
      if (t.request.taskType === "response_selection" && r.request.taskType === "response_selection") {
        const byText = (task: typeof t, id: string) =>
          task.request.taskType === "response_selection"
            ? task.request.candidates.find((c) => c.id === id)?.text
            : undefined;
        const trueOf = (task: typeof t) =>
          task.truth.taskType === "response_selection" ? task.truth.trueId : "";
        expect(byText(r, trueOf(r))).toBe(byText(t, trueOf(t)));
        expect(Object.values(r.canonicalIds).sort()).toEqual(Object.values(t.canonicalIds).sort());
      } else {
        expect(r.truth).toEqual(t.truth);
      }
    }
  });

  it("is the Worker's default task source", () => {
    expect(getDeps(env as never).taskSource.name).toBe("task-bank");
  });
});

describe.skipIf(real.kind !== "ready" || !hasUpstash)("rounds against real miners", () => {
  const miners = real.kind === "ready" ? real.miners : [];
  const base = getDeps(env as never);
  const store = new UpstashStore(
    new Redis({
      url: String(env.UPSTASH_REDIS_REST_URL),
      token: String(env.UPSTASH_REDIS_REST_TOKEN),
      automaticDeserialization: false,
      enableTelemetry: false,
    }),
    stateKeys(`miaoai-real-${randomId(8)}`),
  );
  const metagraph: Metagraph = {
    netuid: 356,
    block: 1,
    neurons: miners.map((m) => ({
      uid: m.uid,
      hotkey: m.hotkey,
      stake: 100,
      validatorPermit: false,
      axon: { ip: "127.0.0.1", port: m.port },
    })),
  };
  const settings = { ...base.config.round, timeoutMs: 5_000, tasksPerMiner: 6 };
  const finalize = (roundId: string, now: number) => finalizeRound({ store, settings }, roundId, now);
  const taskSource = bankTaskSource({ seed: `real-${randomId(12)}`, taskTypes: TEXT_TYPES });
  const results: BatchResult[] = [];
  const rounds: BatchResult[][] = [];
  const uidOf = (label: string) => miners.find((m) => m.label === label)?.uid ?? -1;

  /** Per round: `${uid}:${item}` pairs copy detection flags, over exactly what finalization read. */
  const flaggedPerRound = () =>
    rounds.map((batches) =>
      detectCopies(
        batches.flatMap((b) =>
          b.miners.flatMap((m) =>
            m.tasks.flatMap((t) =>
              t.fingerprint
                ? [
                    {
                      uid: m.uid,
                      item: t.item,
                      fingerprint: t.fingerprint,
                      receivedAt: t.receivedAt,
                      latencyMs: t.latencyMs,
                    },
                  ]
                : [],
            ),
          ),
        ),
      ),
    );
  const itemsOf = (uid: number, batches: BatchResult[]) =>
    new Set(
      batches.flatMap((b) =>
        b.miners.filter((m) => m.uid === uid).flatMap((m) => m.tasks.map((t) => t.item)),
      ),
    );

  async function round(): Promise<void> {
    const sent: DispatchMessage[] = [];
    const planned = await planRound(
      {
        store,
        metagraphSource: fixtureMetagraphSource(metagraph),
        taskSource,
        dispatch: { sendBatch: async (ms) => void sent.push(...[...ms].map((m) => m.body)) },
        settings,
        selfHotkey: base.signer.ss58,
        finalizeRound: finalize,
      },
      Date.now(),
    );
    expect(planned).toMatchObject({ kind: "started", miners: miners.length, tasks: miners.length * 6 });
    const batch: BatchResult[] = [];
    for (const message of sent) {
      const { transport, subrequests } = await base.newTransport();
      const scoring = { latency: settings.latency, classification: settings.classification };
      batch.push(await dispatchBatch({ transport, scoring, subrequests }, message));
    }
    results.push(...batch);
    rounds.push(batch);
    await collectResults({ store, finalizeRound: finalize }, batch, Date.now());
  }

  it("runs three rounds; every real miner answers every task with a verified signature", {
    timeout: 60_000,
  }, async () => {
    for (let i = 0; i < 3; i++) await round();
    const kinds = results.flatMap((r) => r.miners.flatMap((m) => m.tasks.map((t) => t.kind)));
    expect(kinds).toHaveLength(3 * miners.length * 6);
    expect(new Set(kinds)).toEqual(new Set(["answered"]));
  });

  it("scores the trained miners high and above the no-model miner", async () => {
    const { miners: records } = await store.loadMiners();
    const trained = miners.filter((m) => m.label === "trained").map((m) => records.get(m.uid));
    const noop = records.get(uidOf("noop"));
    expect(trained).toHaveLength(2);
    expect(noop?.rounds).toBe(3);
    for (const t of trained) {
      expect(t?.rounds).toBe(3);
      // The committed models are trained on the same generator (other seeds); they answer most tasks.
      expect(t?.lastQuality ?? 0).toBeGreaterThan(0.5);
      expect(t?.final ?? 0).toBeGreaterThan(noop?.final ?? 1);
      expect(t?.lastHoneypot).toBe(1);
    }
    // The copied miner is dispatched first (batch 0), so its answers always arrive first: never flagged.
    expect(records.get(uidOf("trained"))?.lastCopied).toBe(0);
  });

  it("catches the copier in every round: same canonical ranking or probabilities under its own wording", () => {
    const original = uidOf("trained");
    const copier = uidOf("copier");
    const honest = miners.filter((m) => m.label === "trained")[1]?.uid ?? -1;
    const perRound = flaggedPerRound();
    expect(perRound).toHaveLength(3);
    let copied = 0;
    let asked = 0;
    let honestFlags = 0;
    let fasterThanOriginal = 0;
    for (const [i, flagged] of perRound.entries()) {
      const batches = rounds[i] as BatchResult[];
      const items = itemsOf(copier, batches);
      const caught = [...items].filter((item) => flagged.has(`${copier}:${item}`));
      expect({ round: i, caught: caught.length }).not.toEqual({ round: i, caught: 0 });
      copied += caught.length;
      asked += items.size;
      honestFlags += [...itemsOf(honest, batches)].filter((item) => flagged.has(`${honest}:${item}`)).length;
      for (const item of items) expect(flagged.has(`${original}:${item}`)).toBe(false);
      // The arrival rule at work: a relay dispatched in a later batch may show the shorter round trip.
      const latency = (uid: number, item: string) =>
        batches
          .flatMap((b) => b.miners.filter((m) => m.uid === uid).flatMap((m) => m.tasks))
          .find((t) => t.item === item)?.latencyMs ?? 0;
      fasterThanOriginal += caught.filter((item) => latency(copier, item) < latency(original, item)).length;
    }
    console.info(
      `copier caught on ${copied}/${asked} items; ${fasterThanOriginal} of them with a shorter round trip than the original; honest same-model miner flagged on ${honestFlags}`,
    );
    // Most items. The relay finds the original's answer by matching look-alike text, and under per-miner
    // wording it sometimes picks another task's answer (then it is not a copy, just a wrong answer that
    // scores low anyway): seen between 10/15 and 15/15 across runs, so the bound leaves room for that.
    expect(copied / asked).toBeGreaterThanOrEqual(0.5);
    // A twin running the same model as the original is rarely flagged under per-miner wording: about 1
    // item in 50 (identical ranking of all 10 candidates, or the bank gave both the same text; see
    // docs/scoring.md). Three or fewer of its 15 items keeps this test stable, and never near the copier.
    expect(honestFlags).toBeLessThanOrEqual(3);
  });

  it("scores the copier near 0, below every honest miner", async () => {
    const { miners: records } = await store.loadMiners();
    const copier = records.get(uidOf("copier"));
    expect(copier?.rounds).toBe(3);
    expect(copier?.lastCopied ?? 0).toBeGreaterThan(0);
    expect(copier?.quality ?? 1).toBeLessThan(0.15);
    for (const m of miners.filter((x) => x.label !== "copier"))
      expect(copier?.final ?? 1).toBeLessThan(records.get(m.uid)?.final ?? 0);
  });

  it("refuses a real miner's answer whose body changed after signing (unsigned, scores 0)", async () => {
    const miner = miners[0];
    if (!miner) throw new Error("no real miner");
    const target = { uid: miner.uid, hotkey: miner.hotkey, url: `http://127.0.0.1:${miner.port}` };
    const task = taskSource.openRound("tamper")(0, miner.hotkey, 5_000);
    const options = { timeoutMs: 5_000, maxResponseBytes: settings.maxResponseBytes };
    const honest = createEpistulaTransport({
      fetch: (i, init) => fetch(i, init),
      signer: base.signer,
      sr25519: sr25519Js,
      taskPath: base.config.taskPath,
    });
    expect((await honest.send(target, task.request, options)).kind).toBe("answered");
    const tampering = createEpistulaTransport({
      fetch: async (i, init) => {
        const res = await fetch(i, init);
        const headers = new Headers(res.headers);
        headers.delete("content-length");
        // One more space: still the same JSON, no longer the bytes the miner signed.
        return new Response(`${await res.text()} `, { status: res.status, headers });
      },
      signer: base.signer,
      sr25519: sr25519Js,
      taskPath: base.config.taskPath,
    });
    const again = taskSource.openRound("tamper")(1, miner.hotkey, 5_000);
    const outcome = await tampering.send(target, again.request, options);
    expect(outcome.kind).toBe("unsigned");
  });
});
