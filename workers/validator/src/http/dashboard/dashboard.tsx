/** @jsxImportSource hono/jsx */
import type { Hono } from "hono";
import type { MinerRecord, RoundSummary } from "../../state/records";
import { type ExpectedIncentiveView, expectedIncentiveView } from "../../yuma/expected-incentive-view";
import type { AppContext, AppEnv } from "../context";
import { ExpectedIncentiveSection } from "./expected-incentive";
import { type ChartSeries, ScoreChart } from "./score-chart";

/** The page: status line, a chart of the top miners' scores over rounds, and the leaderboard. */
function DashboardPage(props: {
  network: string;
  netuid: number;
  latest: RoundSummary | null;
  miners: MinerRecord[];
  expected: ExpectedIncentiveView;
}) {
  const top = props.miners.slice(0, 6);
  const series: ChartSeries[] = top.map((m) => ({
    label: `uid ${m.uid}`,
    points: m.history.map(([round, , , final]) => ({ x: round, y: final })),
  }));
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <title>MiaoAI validator</title>
        <style>
          {
            "body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}"
          }
        </style>
      </head>
      <body>
        <h1>MiaoAI validator</h1>
        <p id="status">
          {props.network} · netuid {props.netuid} ·{" "}
          {props.latest
            ? `round ${props.latest.seq} finished ${new Date(props.latest.finishedAt).toISOString()} (${props.latest.miners} miners)`
            : "no round finalized yet"}
        </p>
        <h2>Final score per round</h2>
        <ScoreChart series={series} />
        <h2>Leaderboard</h2>
        <table id="leaderboard">
          <thead>
            <tr>
              <th>uid</th>
              <th>hotkey</th>
              <th>final</th>
              <th>quality EMA</th>
              <th>trust</th>
              <th>rounds</th>
            </tr>
          </thead>
          <tbody>
            {props.miners.map((m) => (
              <tr data-uid={m.uid}>
                <td>{m.uid}</td>
                <td>{`${m.hotkey.slice(0, 8)}…`}</td>
                <td>{m.final.toFixed(4)}</td>
                <td>{m.quality.toFixed(4)}</td>
                <td>{m.trust.toFixed(3)}</td>
                <td>{m.rounds}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <ExpectedIncentiveSection view={props.expected} />
      </body>
    </html>
  );
}

/** `GET /` and `GET /dashboard`: the server-rendered dashboard. */
export function registerDashboard(app: Hono<AppEnv>): void {
  const handler = async (c: AppContext) => {
    const deps = c.get("deps");
    const [{ miners }, overview, expected] = await Promise.all([
      deps.store.loadMiners(),
      deps.store.loadOverview(),
      // The page renders without the preview when it fails (e.g. Upstash or chain trouble).
      expectedIncentiveView(deps, c.env).catch(
        (error: unknown): ExpectedIncentiveView => ({
          kind: "unavailable",
          reason: "chain_error",
          detail: error instanceof Error ? error.name : "error",
        }),
      ),
    ]);
    const list = [...miners.values()].sort((a, b) => b.final - a.final || a.uid - b.uid);
    return c.html(
      `<!doctype html>${(
        (
          <DashboardPage
            network={deps.config.network}
            netuid={deps.config.netuid}
            latest={overview.latest}
            miners={list}
            expected={expected}
          />
        )
      ).toString()}`,
    );
  };
  app.get("/", handler);
  app.get("/dashboard", handler);
}
