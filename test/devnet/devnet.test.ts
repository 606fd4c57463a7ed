import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findRuntime } from "../../local/chain/find-runtime";
import { type Devnet, type RoundReport, renderTable, startDevnet } from "../../local/devnet";
import { redisServerInstalled } from "../../local/redis-server";

// The whole subnet on one machine, as `npm run devnet` runs it: redis-server, the local Upstash, real miner
// servers with different behaviours, the validator Worker in workerd with its crons fired by hand, and (when
// the runtime is cached) the real subtensor runtime under chopsticks. Nothing is mocked.
const redisMissing = !redisServerInstalled();
if (redisMissing)
  console.warn("devnet end-to-end test skipped: needs redis-server (apt-get install redis-server)");
const runtime = findRuntime();
if (runtime.kind === "missing") {
  console.warn(`devnet on-chain assertions skipped: ${runtime.howTo}`);
}

describe.skipIf(redisMissing)(
  "a short devnet: trained, copier, garbage and baseline miners over 3 rounds",
  () => {
    let devnet: Devnet;
    const reports: RoundReport[] = [];

    beforeAll(async () => {
      devnet = await startDevnet({ miners: 4, rounds: 3, chain: "auto" });
      for await (const report of devnet.rounds()) {
        reports.push(report);
        // The same table `npm run devnet` draws, one per round, so a failure can be read from the log.
        console.info(
          renderTable({
            round: report.round,
            rounds: 3,
            phase: report.weightsNote,
            rows: report.rows,
            notes: [],
          }).join("\n"),
        );
      }
    }, 240_000);

    afterAll(async () => {
      expect(await devnet?.stop()).toEqual([]);
    }, 60_000);

    const last = () => reports.at(-1) as RoundReport;
    const row = (behaviour: string) => {
      const r = last().rows.find((x) => x.behaviour === behaviour);
      if (!r) throw new Error(`no ${behaviour} miner`);
      return r;
    };

    it("scores every round through the validator's queues, none of them partial", () => {
      expect(reports.map((r) => r.round)).toEqual([1, 2, 3]);
      for (const r of reports) expect(r.partial).toBe(false);
      expect(new Set(reports.map((r) => r.roundId)).size).toBe(3);
    });

    it("serves the dashboard and the read API at the URLs it prints", async () => {
      const page = await fetch(devnet.dashboardUrl);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toMatch(/text\/html/);
      const api = (await (await fetch(`${devnet.validatorUrl}/v1/miners`)).json()) as {
        miners: { uid: number }[];
      };
      expect(api.miners.map((m) => m.uid).sort()).toEqual(devnet.miners.map((m) => m.uid).sort());
    });

    it("ranks the trained miner first", () => {
      const trained = row("trained");
      expect(trained.score).toBeGreaterThan(0.3);
      for (const other of last().rows.filter((r) => r.behaviour !== "trained")) {
        expect(trained.score ?? 0).toBeGreaterThan(other.score ?? 0);
      }
      const top = [...last().weights].sort((a, b) => b.weight - a.weight)[0];
      expect(top?.uid).toBe(trained.uid);
    });

    it("ends the copier and the garbage miner near 0, the copier because it was caught copying", () => {
      expect(row("copier").score ?? 1).toBeLessThan(0.05);
      expect(row("garbage").score ?? 1).toBeLessThan(0.05);
      expect(reports.some((r) => (r.rows.find((x) => x.behaviour === "copier")?.copied ?? 0) > 0)).toBe(true);
      expect(row("copier").weight ?? 1).toBeLessThan(0.05);
      expect(row("garbage").weight ?? 1).toBeLessThan(0.05);
    });

    it.skipIf(runtime.kind === "missing")("lands the weights on chain, and Incentive follows them", () => {
      expect(devnet.chain.kind).toBe("on");
      const r = last();
      expect(r.weightsNote).toMatch(/^set on chain (by the validator.s weight setter|at block)/);
      for (const m of r.rows) {
        // u16 quantization on chain: read-back equals the Worker's vector to ~1/65535.
        expect(Math.abs((m.chainWeight ?? -1) - (m.weight ?? 0))).toBeLessThan(1e-3);
      }
      // One validator holds all the stake, so Yuma's consensus is its own row: Incentive = its weights.
      for (const m of r.rows) expect(Math.abs((m.incentive ?? -1) - (m.chainWeight ?? 0))).toBeLessThan(0.01);
      const byIncentive = [...r.rows].sort((a, b) => (b.incentive ?? 0) - (a.incentive ?? 0));
      expect(byIncentive[0]?.behaviour).toBe("trained");
      expect(row("copier").incentive ?? 1).toBeLessThan(0.05);
      expect(row("garbage").incentive ?? 1).toBeLessThan(0.05);
    });

    it.skipIf(runtime.kind === "found")("says plainly that weights were computed but not submitted", () => {
      expect(devnet.chain.kind).toBe("off");
      expect(last().weightsNote).toMatch(
        /^computed, not submitted: the subtensor runtime is not on this machine/,
      );
    });
  },
);
