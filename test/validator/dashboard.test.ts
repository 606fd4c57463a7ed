import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startValidatorWorker, type ValidatorWorker } from "../../local/devnet/validator-worker";
import { redisServerInstalled } from "../../local/redis-server";
import { type LocalUpstash, startLocalUpstash } from "../../local/upstash-bridge/local-upstash";
import { loadSr25519Wasm } from "../../shared/src/keys/sr25519-wasm.node.js"; // tsx: "x.node" is an addon
import { type Roster, startRoster, VALIDATOR_URI } from "./support/roster";

// The dashboard in real Chromium: the validator Worker runs in workerd (wrangler's test harness, from
// wrangler.toml), stores in the local Upstash over redis-server, and scores real test miners on loopback.
const CHROMIUM = "/usr/bin/chromium";
const hasChromium = existsSync(CHROMIUM);
const hasRedis = redisServerInstalled();
if (!hasChromium) console.warn(`dashboard test skipped: no ${CHROMIUM} (apt-get install -y chromium)`);
if (!hasRedis) console.warn("dashboard test skipped: no redis-server (apt-get install -y redis-server)");
const ROUND_CRON = "*/2 * * * *";

describe.skipIf(!hasChromium || !hasRedis)("validator dashboard in Chromium", () => {
  let upstash: LocalUpstash;
  let roster: Roster;
  let worker: ValidatorWorker;

  beforeAll(async () => {
    upstash = await startLocalUpstash();
    roster = await startRoster(
      [
        { label: "good", behaviour: { kind: "good", noise: 1 } },
        { label: "good", behaviour: { kind: "good", noise: 2 } },
        { label: "weak", behaviour: { kind: "weak", noise: 3 } },
        { label: "slow", behaviour: { kind: "slow", noise: 4, delayMs: 900 } },
        { label: "down", behaviour: null },
      ],
      await loadSr25519Wasm(),
    );
    worker = await startValidatorWorker({
      root: resolve(import.meta.dirname, "../.."),
      vars: {
        METAGRAPH_SOURCE: "fixture",
        METAGRAPH_FIXTURE: JSON.stringify(roster.metagraph),
        MINER_TIMEOUT_MS: "1500",
        TASKS_PER_MINER: "3",
        // The Worker's own task bank; test miners read its text tasks (support/bank-oracle.ts).
        TASK_TYPES: "response_selection,intent_classification,sentiment",
        ROUND_CRON,
      },
      secrets: {
        UPSTASH_REDIS_REST_URL: upstash.url,
        UPSTASH_REDIS_REST_TOKEN: upstash.token,
        VALIDATOR_HOTKEY_SEED: VALIDATOR_URI,
        API_KEY_HASHES: "",
      },
    });
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await roster?.stop();
    await upstash?.stop();
  });

  async function runRound(): Promise<void> {
    const before = await worker.getJson<{ id?: string }>("/v1/rounds/latest");
    expect(await worker.fireCron(ROUND_CRON)).toBe("ok");
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const latest = await worker.getJson<{ id?: string }>("/v1/rounds/latest");
      if (latest.status === 200 && latest.body.id && latest.body.id !== before.body.id) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`round not finalized; worker logs:\n${worker.takeLogs().join("\n")}`);
  }

  it("renders the leaderboard and a score chart over two rounds", { timeout: 180_000 }, async () => {
    await runRound();
    await runRound();
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    try {
      const page = await browser.newPage();
      const res = await page.goto(`${worker.url}/`);
      expect(res?.status()).toBe(200);
      expect(await page.title()).toBe("MiaoAI validator");
      const rows = page.locator("#leaderboard tbody tr");
      expect(await rows.count()).toBe(5);
      // Best first: a good miner (uid 0 or 1) tops the table, the down miner (uid 4) is last.
      expect(["0", "1"]).toContain(await rows.first().getAttribute("data-uid"));
      expect(await rows.last().getAttribute("data-uid")).toBe("4");
      const chart = page.locator("svg#score-chart");
      expect(await chart.isVisible()).toBe(true);
      const lines = chart.locator("polyline");
      expect(await lines.count()).toBeGreaterThanOrEqual(4);
      const points = (await lines.first().getAttribute("points"))?.trim().split(/\s+/) ?? [];
      expect(points).toHaveLength(2);
      const box = await chart.boundingBox();
      expect(box?.width).toBeGreaterThan(100);
      expect(await page.locator("#status").textContent()).toContain("round 2");
    } finally {
      await browser.close();
    }
  });
});
