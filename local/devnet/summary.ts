import type { Devnet, RoundReport } from "./devnet";

/** The lines printed after the last round: ranking, where the weights went, and where to look next. */
export function summaryLines(
  devnet: Pick<Devnet, "chain" | "dashboardUrl" | "validatorUrl">,
  last: RoundReport | undefined,
): string[] {
  if (!last) return ["No round was scored."];
  const ranked = [...last.rows].sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.uid - b.uid);
  const lines = [
    "",
    `Summary after ${last.round} round(s): miners by the validator's score`,
    ...ranked.map(
      (r, i) =>
        `  ${i + 1}. uid ${r.uid} ${r.behaviour.padEnd(9)} score ${(r.score ?? 0).toFixed(3)}  weight ${(r.weight ?? 0).toFixed(3)}` +
        (r.incentive === null ? "" : `  incentive ${r.incentive.toFixed(3)}`),
    ),
    "",
  ];
  if (devnet.chain.kind === "on") {
    lines.push(`Weights: ${last.weightsNote}.`);
  } else {
    lines.push(`Weights were computed but NOT submitted to any chain: ${devnet.chain.reason}.`);
  }
  lines.push(`Dashboard: ${devnet.dashboardUrl}   API: ${devnet.validatorUrl}/v1/miners`);
  return lines;
}
