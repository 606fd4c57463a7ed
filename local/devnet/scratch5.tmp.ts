import { startDevnet } from "./devnet";

const d = await startDevnet({ miners: 4, rounds: 1, chain: "off" });
try {
  for await (const r of d.rounds())
    console.log(
      JSON.stringify({
        outcomes: r.outcomes,
        rows: r.rows.map((x) => [x.behaviour, x.score, x.successRate, x.latencyMs]),
      }),
    );
} catch (e) {
  console.error("ERR", (e as Error).message);
}
const m = await (await fetch(d.validatorUrl + "/v1/miners")).json();
console.log(JSON.stringify(m).slice(0, 1500));
console.log(await d.stop());
