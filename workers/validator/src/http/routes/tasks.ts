import type { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import {
  checkResponseAgainstRequest,
  LIMITS,
  PROTOCOL_VERSION,
  parseTaskRequest,
  type TaskRequest,
  type TaskResponse,
} from "../../../../../shared/src/protocol";
import { fingerprintAnswer } from "../../../../../shared/src/scoring";
import { axonUrl } from "../../chain/metagraph";
import type { MinerTarget } from "../../dispatch/miner-transport";
import { MAX_CONCURRENT_FETCHES } from "../../rounds/messages";
import type { MinerRecord } from "../../state/records";
import { randomId } from "../../tasks/task-item";
import { apiKeyAuth } from "../api-key";
import { type AppEnv, errorBody } from "../context";

/** One miner's answer to an organic task. */
type Answer = { target: MinerTarget & { final: number }; response: TaskResponse; latencyMs: number };

/**
 * `POST /v1/tasks`: a client's task (any task type, without the envelope) goes to the top-k miners by
 * final score; the answer returned is the best-scored miner's among the group that agrees most (votes
 * weighted by score), with its uid and validator-measured latency, and how many miners agreed.
 */
export function registerTaskRoute(app: Hono<AppEnv>): void {
  app.post(
    "/v1/tasks",
    apiKeyAuth({ hashes: (c) => c.get("deps").config.apiKeyHashes }),
    bodyLimit({
      maxSize: LIMITS.maxBodyBytes,
      onError: (c) => c.json(errorBody("too_large", `body exceeds ${LIMITS.maxBodyBytes} bytes`), 413),
    }),
    async (c) => {
      const deps = c.get("deps");
      const { topK, timeoutMs, ratePerMinute } = deps.config.taskApi;
      const limit = await deps.store.hitRateLimit(c.get("apiKeyHash"), 60_000, ratePerMinute, Date.now());
      if (!limit.allowed) {
        c.header("retry-after", "60");
        return c.json(
          errorBody("rate_limited", `at most ${ratePerMinute} tasks per minute per API key`),
          429,
        );
      }
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        return c.json(errorBody("invalid_json", "body must be a JSON object"), 400);
      }
      if (typeof body !== "object" || body === null || Array.isArray(body)) {
        return c.json(errorBody("invalid_task", "body must be a JSON object"), 400);
      }
      const { protocolVersion: _v, taskId: _t, deadlineMs: _d, ...task } = body as Record<string, unknown>;
      const parsed = parseTaskRequest({
        ...task,
        protocolVersion: PROTOCOL_VERSION,
        taskId: `o${randomId(15)}`,
        deadlineMs: timeoutMs,
      });
      if (!parsed.ok) return c.json(errorBody("invalid_task", parsed.message), 400);
      const request = parsed.value;

      const { miners, metagraph } = await deps.store.loadMiners();
      const targets = topMiners(
        miners,
        metagraph?.snapshot.neurons ?? [],
        Math.min(topK, MAX_CONCURRENT_FETCHES),
      );
      if (targets.length === 0) return c.json(errorBody("no_miners", "no scored miner is serving yet"), 503);

      const { transport } = await deps.newTransport();
      const options = { timeoutMs, maxResponseBytes: deps.config.round.maxResponseBytes };
      const outcomes = await Promise.all(targets.map((t) => transport.send(t, request, options)));
      const answers: Answer[] = [];
      outcomes.forEach((o, i) => {
        const target = targets[i];
        if (target && o.kind === "answered" && checkResponseAgainstRequest(request, o.response).ok) {
          answers.push({ target, response: o.response, latencyMs: o.latencyMs });
        }
      });
      const best = pickBest(request, answers);
      if (!best) {
        return c.json(
          errorBody("no_answer", `none of the ${targets.length} miners asked gave a valid answer`),
          502,
        );
      }
      return c.json({
        taskId: request.taskId,
        answer: best.answer.response,
        uid: best.answer.target.uid,
        hotkey: best.answer.target.hotkey,
        latencyMs: best.answer.latencyMs,
        agreement: best.agreement,
        asked: targets.length,
        answered: answers.length,
      });
    },
  );
}

/** The k serving miners with the highest final score whose record still matches the metagraph. */
export function topMiners(
  records: ReadonlyMap<number, MinerRecord>,
  neurons: readonly {
    uid: number;
    hotkey: string;
    axon: { ip: string; port: number } | null;
    stake: number;
  }[],
  k: number,
): (MinerTarget & { final: number })[] {
  const out: (MinerTarget & { final: number })[] = [];
  for (const n of neurons) {
    const r = records.get(n.uid);
    const url = axonUrl({ ...n, validatorPermit: false });
    if (r && url && r.hotkey === n.hotkey && r.final > 0)
      out.push({ uid: n.uid, hotkey: n.hotkey, url, final: r.final });
  }
  return out.sort((a, b) => b.final - a.final || a.uid - b.uid).slice(0, k);
}

/** Score-weighted vote over decisions; the best-scored miner of the winning group answers. */
export function pickBest(
  request: TaskRequest,
  answers: readonly Answer[],
): { answer: Answer; agreement: number } | null {
  if (answers.length === 0) return null;
  const ids =
    request.taskType === "response_selection"
      ? Object.fromEntries(request.candidates.map((c, i) => [c.id, i]))
      : {};
  const groups = new Map<string, { weight: number; members: Answer[] }>();
  for (const a of answers) {
    const key = fingerprintAnswer(a.response, ids).answer;
    const g = groups.get(key) ?? { weight: 0, members: [] };
    g.weight += a.target.final;
    g.members.push(a);
    groups.set(key, g);
  }
  const winner = [...groups.values()].sort((a, b) => b.weight - a.weight)[0];
  if (!winner) return null;
  const answer = [...winner.members].sort(
    (a, b) => b.target.final - a.target.final || a.latencyMs - b.latencyMs,
  )[0];
  return answer ? { answer, agreement: winner.members.length / answers.length } : null;
}
