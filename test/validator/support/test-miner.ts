import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import { Hono } from "hono";
import { memoryReplayGuard, signResponse, verifyRequest } from "../../../shared/src/epistula";
import type { Hotkey } from "../../../shared/src/keys/hotkey";
import type { HotkeyPair } from "../../../shared/src/keys/hotkey-pair";
import type { Sr25519 } from "../../../shared/src/keys/sr25519";
import { parseTaskRequest, TASK_ROUTE_PATTERN, type TaskRequest } from "../../../shared/src/protocol";
import { FIXTURE_ITEMS } from "../../../workers/validator/src/tasks/fixture-bank";
import { bankOracle } from "./bank-oracle";

/**
 * A test peer that speaks the miner side of the protocol (Epistula-verified requests, signed responses)
 * with a chosen behaviour, so validator tests run against real HTTP servers on loopback. It "knows" the
 * answers by looking items up in the fixture bank, or by matching the task bank's public templates
 * (bank-oracle.ts): its skill is a parameter, not a model.
 */
export type Behaviour =
  | { kind: "good"; noise: number; delayMs?: number }
  | { kind: "weak"; noise: number }
  | { kind: "slow"; noise: number; delayMs: number }
  | { kind: "garbage" }
  | { kind: "oversized"; bytes: number }
  | { kind: "unsigned"; noise: number }
  | { kind: "wrong_task"; noise: number }
  | { kind: "timeout"; delayMs: number }
  /** Answers exactly what a miner with `noise` would (the same model or a relayed answer), later. */
  | { kind: "copier"; noise: number; delayMs: number };

/** A running test miner. */
export type TestMiner = {
  url: string;
  port: number;
  hotkey: Hotkey;
  behaviour: Behaviour;
  stop(): Promise<void>;
};

/** Options: the miner's key, who may call it, how it behaves, where it listens. */
export type TestMinerOptions = {
  pair: HotkeyPair;
  sr25519: Sr25519;
  behaviour: Behaviour;
  taskPath?: string;
  port?: number;
};

/** The truth of a request: a fixture item's, else the task bank template's; null when unknown. */
export function oracle(request: TaskRequest): { label?: string; trueText?: string } | null {
  return fixtureOracle(request) ?? bankOracle(request);
}

function fixtureOracle(request: TaskRequest): { label?: string; trueText?: string } | null {
  for (const item of FIXTURE_ITEMS) {
    if (item.taskType !== request.taskType) continue;
    if (item.taskType === "response_selection" && request.taskType === "response_selection") {
      const last = request.turns.at(-1)?.text;
      if (item.turns.at(-1)?.text === last) return { trueText: item.candidates[item.trueIndex] };
    } else if (item.taskType !== "response_selection" && "text" in request && item.text === request.text) {
      return { label: item.label };
    }
  }
  return null;
}

/** A deterministic pseudo-random number in [0, 1) from a string (a "model's" idiosyncrasy). */
function hash01(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 2 ** 32;
}

/** The answer a miner of the given skill gives; `correct` false makes it confidently pick a wrong label. */
export function answerFor(request: TaskRequest, noise: number, correct: boolean, truthRank = 0): unknown {
  const truth = oracle(request);
  const base = { protocolVersion: 1, taskId: request.taskId, taskType: request.taskType };
  if (request.taskType === "response_selection") {
    // Each "model" orders the wrong replies its own way (by `noise`), so two different models rarely give
    // the same full ranking, while the same model always does whatever ids and order it is shown.
    const taste = (text: string) => hash01(`${noise}:${text}`);
    const canonical = [...request.candidates].sort((a, b) => taste(a.text) - taste(b.text));
    const trueCand = canonical.find((c) => c.text === truth?.trueText) ?? canonical[0];
    const rest = canonical.filter((c) => c !== trueCand);
    const position = correct ? 0 : Math.min(truthRank, rest.length);
    const ranking = [...rest.slice(0, position), trueCand, ...rest.slice(position)].map((c) => c?.id);
    return { ...base, ranking };
  }
  const labels =
    request.taskType === "sentiment"
      ? ["negative", "neutral", "positive"]
      : request.taskType === "intent_classification"
        ? request.labels
        : request.categories;
  const trueLabel = truth?.label ?? labels[0] ?? "";
  const wrong = [...labels].sort().find((l) => l !== trueLabel) ?? trueLabel;
  const pick = correct ? trueLabel : wrong;
  // Fine-grained, model-specific probabilities: two different "models" never agree to 6 decimals.
  const top = 0.7 + 0.2 * hash01(`${noise}:${request.taskType}:${"text" in request ? request.text : ""}`);
  const weights = labels.map((l) => (l === pick ? 0 : 0.5 + hash01(`${noise}:${l}`)));
  const restSum = weights.reduce((a, b) => a + b, 0) || 1;
  const probabilities = Object.fromEntries(
    labels.map((l, i) => [l, l === pick ? top : ((1 - top) * (weights[i] ?? 0)) / restSum]),
  );
  return { ...base, label: pick, probabilities };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts a test miner on 127.0.0.1. */
export async function startTestMiner(options: TestMinerOptions): Promise<TestMiner> {
  const { pair, sr25519, behaviour } = options;
  const replay = memoryReplayGuard();
  const app = new Hono();
  // The real miner's route (shared/src/protocol/routes.ts): one path per task type.
  app.post(options.taskPath ?? TASK_ROUTE_PATTERN, async (c) => {
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const verified = await verifyRequest({
      headers: c.req.raw.headers,
      body: raw,
      receiver: pair.ss58,
      sr25519,
      replay,
    });
    if (!verified.ok) return c.json({ error: { code: verified.reason, message: verified.message } }, 401);
    const parsed = parseTaskRequest(JSON.parse(new TextDecoder().decode(raw)));
    if (!parsed.ok) return c.json({ error: { code: "invalid_task", message: parsed.message } }, 400);
    const request = parsed.value;
    const routed = c.req.param("taskType");
    if (routed !== undefined && routed !== request.taskType)
      return c.json({ error: { code: "invalid_task", message: `taskType: not ${routed}` } }, 400);
    let body: string;
    let sign = true;
    switch (behaviour.kind) {
      case "good":
        if (behaviour.delayMs) await sleep(behaviour.delayMs);
        body = JSON.stringify(answerFor(request, behaviour.noise, true));
        break;
      case "slow":
        await sleep(behaviour.delayMs);
        body = JSON.stringify(answerFor(request, behaviour.noise, true));
        break;
      case "weak":
        // A confidently wrong label, and the true reply ranked third.
        body = JSON.stringify(answerFor(request, behaviour.noise, false, 2));
        break;
      case "copier":
        await sleep(behaviour.delayMs);
        body = JSON.stringify(answerFor(request, behaviour.noise, true));
        break;
      case "garbage":
        body =
          Math.random() < 0.5
            ? "{not json"
            : JSON.stringify({ protocolVersion: 1, taskId: request.taskId, answer: 42 });
        break;
      case "oversized":
        body = JSON.stringify({ pad: "x".repeat(behaviour.bytes) });
        break;
      case "unsigned":
        sign = false;
        body = JSON.stringify(answerFor(request, behaviour.noise, true));
        break;
      case "wrong_task":
        body = JSON.stringify({
          ...(answerFor(request, behaviour.noise, true) as object),
          taskId: "someoneelse",
        });
        break;
      case "timeout":
        await sleep(behaviour.delayMs);
        body = JSON.stringify(answerFor(request, 0, true));
        break;
    }
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (sign) {
      Object.assign(
        headers,
        signResponse({
          body,
          signer: pair,
          signedFor: verified.signedBy,
          requestUuid: verified.uuid,
          sr25519,
        }),
      );
    }
    return c.body(body, 200, headers);
  });
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    hotkey: pair.ss58,
    behaviour,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
