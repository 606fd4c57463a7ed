/** @jsxImportSource hono/jsx */
import type { ExpectedIncentiveView } from "../../yuma/expected-incentive-view";

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

/**
 * The dashboard's "Expected incentive" section: per uid, the weight we would set now and the incentive
 * share the next epoch would give it (and gives it with our stored weights), our expected dividends,
 * and the assumption the numbers rest on.
 */
export function ExpectedIncentiveSection(props: { view: ExpectedIncentiveView }) {
  const v = props.view;
  if (v.kind === "unavailable") {
    return (
      <section id="expected-incentive">
        <h2>Expected incentive</h2>
        <p class="note">
          Not available ({v.reason}): {v.detail}
        </p>
      </section>
    );
  }
  const rows = v.rows.filter((r) => r.weight > 0 || r.expectedIncentive > 0 || r.currentIncentive > 0);
  return (
    <section id="expected-incentive">
      <h2>Expected incentive</h2>
      <p class="note" data-assumption={v.assumption}>
        Yuma epoch at block {v.epochBlock} on the {v.source} metagraph (read at block {v.readAt}), with the
        weights this validator would set now{v.burned ? " (burned to the owner: nothing scored)" : ""}.{" "}
        {v.note}
      </p>
      <p id="expected-dividends">
        Our expected dividends:{" "}
        {v.dividends === null
          ? "n/a (no uid)"
          : `${pct(v.dividends)} (with our stored weights: ${pct(v.currentDividends ?? 0)})`}
      </p>
      <table id="expected-incentive-table">
        <thead>
          <tr>
            <th>uid</th>
            <th>weight</th>
            <th>expected incentive</th>
            <th>with stored weights</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr data-uid={r.uid} data-expected={r.expectedIncentive}>
              <td>{r.uid}</td>
              <td>{r.weight.toFixed(4)}</td>
              <td>{pct(r.expectedIncentive)}</td>
              <td>{pct(r.currentIncentive)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
