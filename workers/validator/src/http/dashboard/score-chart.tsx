/** @jsxImportSource hono/jsx */

/** One line of the chart: a miner's final score per round. */
export type ChartSeries = { label: string; points: { x: number; y: number }[] };

const PALETTE = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2"];

/** An inline SVG line chart of scores over rounds: no script, no external assets. */
export function ScoreChart(props: { series: ChartSeries[]; width?: number; height?: number }) {
  const width = props.width ?? 640;
  const height = props.height ?? 240;
  const pad = 32;
  const xs = props.series.flatMap((s) => s.points.map((p) => p.x));
  const ys = props.series.flatMap((s) => s.points.map((p) => p.y));
  const xMin = Math.min(...xs, 0);
  const xMax = Math.max(...xs, xMin + 1);
  const yMax = Math.max(...ys, 1e-9);
  const sx = (x: number) => pad + ((x - xMin) / (xMax - xMin || 1)) * (width - 2 * pad);
  const sy = (y: number) => height - pad - (y / yMax) * (height - 2 * pad);
  return (
    <svg
      id="score-chart"
      role="img"
      aria-label="final score per round"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
    >
      <line x1={pad} y1={height - pad} x2={width - pad} y2={height - pad} stroke="#999" />
      <line x1={pad} y1={pad} x2={pad} y2={height - pad} stroke="#999" />
      <text x={4} y={pad} font-size="10">
        {yMax.toFixed(2)}
      </text>
      <text x={4} y={height - pad} font-size="10">
        0
      </text>
      {props.series.map((s, i) => (
        <g class="series" data-label={s.label}>
          <polyline
            fill="none"
            stroke={PALETTE[i % PALETTE.length]}
            stroke-width="2"
            points={s.points.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(" ")}
          />
          <text
            x={width - pad + 2}
            y={sy(s.points.at(-1)?.y ?? 0)}
            font-size="10"
            fill={PALETTE[i % PALETTE.length]}
          >
            {s.label}
          </text>
        </g>
      ))}
    </svg>
  );
}
