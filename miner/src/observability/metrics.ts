/**
 * A minimal Prometheus registry (text exposition format 0.0.4): labelled counters, histograms and gauges
 * read at scrape time. Enough for the miner's few series without a dependency.
 * https://prometheus.io/docs/instrumenting/exposition_formats/
 */

type Labels = Record<string, string>;

const labelKey = (labels: Labels) =>
  Object.keys(labels)
    .sort()
    .map(
      (k) => `${k}="${String(labels[k]).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`,
    )
    .join(",");

/** A monotonically increasing count per label set. */
export class Counter {
  private readonly values = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  /** Adds `by` (default 1) to the series of `labels`. */
  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }

  /** The current value of one series (tests). */
  get(labels: Labels = {}): number {
    return this.values.get(labelKey(labels)) ?? 0;
  }

  /** Exposition text. */
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [key, v] of this.values) lines.push(`${this.name}${key ? `{${key}}` : ""} ${v}`);
    return lines.join("\n");
  }
}

/** Cumulative-bucket histograms per label set. */
export class Histogram {
  private readonly series = new Map<string, { counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: readonly number[],
  ) {}

  /** Records one observation. */
  observe(labels: Labels, value: number): void {
    const key = labelKey(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    for (let i = 0; i < this.buckets.length; i++) {
      if (value <= (this.buckets[i] as number)) s.counts[i] = (s.counts[i] ?? 0) + 1;
    }
    s.sum += value;
    s.count++;
  }

  /** Exposition text. */
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const [key, s] of this.series) {
      const sep = key ? `${key},` : "";
      for (const [i, b] of this.buckets.entries())
        lines.push(`${this.name}_bucket{${sep}le="${b}"} ${s.counts[i]}`);
      lines.push(`${this.name}_bucket{${sep}le="+Inf"} ${s.count}`);
      lines.push(`${this.name}_sum${key ? `{${key}}` : ""} ${s.sum}`);
      lines.push(`${this.name}_count${key ? `{${key}}` : ""} ${s.count}`);
    }
    return lines.join("\n");
  }
}

/** A value read when scraped. */
export class Gauge {
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly read: () => number,
  ) {}

  /** Exposition text. */
  render(): string {
    return [
      `# HELP ${this.name} ${this.help}`,
      `# TYPE ${this.name} gauge`,
      `${this.name} ${this.read()}`,
    ].join("\n");
  }
}

/** The miner's series. */
export interface MinerMetrics {
  requests: Counter;
  latency: Histogram;
  batchRows: Histogram;
  inFlight: { value: number };
  render(queueDepth: () => number): string;
}

/** Builds the miner's metrics: requests by task type and outcome, latency, batch sizes, queue depth, in flight. */
export function createMinerMetrics(): MinerMetrics {
  const requests = new Counter("miaoai_miner_requests_total", "Task requests by task type and outcome.");
  const latency = new Histogram(
    "miaoai_miner_request_duration_seconds",
    "Time from the first byte read to the signed response, by task type and outcome.",
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  );
  const batchRows = new Histogram(
    "miaoai_miner_batch_rows",
    "Rows per session.run, by task type.",
    [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
  );
  const inFlight = { value: 0 };
  return {
    requests,
    latency,
    batchRows,
    inFlight,
    render(queueDepth) {
      const gauges = [
        new Gauge(
          "miaoai_miner_queue_depth",
          "Requests held by the inference engine, not yet answered.",
          queueDepth,
        ),
        new Gauge("miaoai_miner_in_flight", "Task requests being handled.", () => inFlight.value),
      ];
      return `${[requests, latency, batchRows, ...gauges].map((m) => m.render()).join("\n")}\n`;
    },
  };
}
