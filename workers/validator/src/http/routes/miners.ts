import type { Hono } from "hono";
import type { MinerRecord } from "../../state/records";
import { type AppEnv, errorBody } from "../context";

/** A record as the read API shows it: current numbers, history as objects. */
export function publicMiner(r: MinerRecord) {
  return {
    uid: r.uid,
    hotkey: r.hotkey,
    final: r.final,
    quality: r.quality,
    trust: r.trust,
    rounds: r.rounds,
    lastRound: r.lastRound,
    lastQuality: r.lastQuality,
    lastSuccessRate: r.lastSuccessRate,
    lastCopied: r.lastCopied,
    lastHoneypot: r.lastHoneypot,
    updatedAt: r.updatedAt,
  };
}

/** `GET /v1/miners` (leaderboard by final score) and `GET /v1/miners/:uid` (one miner with its history). */
export function registerMinerRoutes(app: Hono<AppEnv>): void {
  app.get("/v1/miners", async (c) => {
    const { miners } = await c.get("deps").store.loadMiners();
    const list = [...miners.values()].sort((a, b) => b.final - a.final || a.uid - b.uid).map(publicMiner);
    return c.json({ miners: list });
  });

  app.get("/v1/miners/:uid", async (c) => {
    const raw = c.req.param("uid");
    if (!/^[0-9]{1,5}$/.test(raw))
      return c.json(errorBody("invalid_uid", "uid must be an integer 0-65535"), 400);
    const uid = Number(raw);
    const { miners } = await c.get("deps").store.loadMiners();
    const r = miners.get(uid);
    if (!r) return c.json(errorBody("not_found", `no record for uid ${uid}`), 404);
    return c.json({
      ...publicMiner(r),
      history: r.history.map(([round, roundQuality, quality, final, at]) => ({
        round,
        roundQuality,
        quality,
        final,
        at,
      })),
    });
  });
}
