/**
 * Dynamic micro-batching: items submitted within `windowMs` of the first waiting item, or until `maxRows`
 * rows are waiting, run together in one call of `runBatch` (one `session.run`). An item may carry several rows
 * (response selection sends one row per candidate); a batch never splits an item. An idle batcher runs a
 * lone item at once (no added latency); items arriving while a batch runs wait at most `windowMs` (or until
 * `maxRows`) and go together. `windowMs: 0` with `maxRows: 1` is the unbatched baseline.
 *
 * Items carry their sender's key (a validator's hotkey) and batches are filled taking turns between senders,
 * so one validator's backlog delays another's request by about one of its items, not by all of them.
 */
import { FairQueue } from "./fair-queue";

/** Settings of one batcher. */
export interface BatcherOptions {
  /** How long the first waiting item waits for company, in ms (default 2). */
  windowMs: number;
  /** Flush as soon as this many rows wait (default 64). */
  maxRows: number;
  /**
   * Batches allowed inside `runBatch` at once (default 1). While that many run, new items keep queueing and
   * go together as soon as one finishes, so batches grow with load instead of oversubscribing the cores.
   */
  maxInFlight?: number;
  /**
   * When nothing is running or waiting, run a lone item at once instead of waiting `windowMs` (default true):
   * an idle miner adds no latency, and under load items still gather while the previous batch runs.
   */
  idleFlush?: boolean;
  /** Reports each batch's row count, for the batch-size histogram. */
  onBatch?: (rows: number) => void;
}

/** Runs a batch of items; must return one result per item, in order. */
export type BatchRunner<In, Out> = (items: readonly In[]) => Promise<readonly Out[]>;

interface Waiting<In, Out> {
  item: In;
  rows: number;
  resolve: (out: Out) => void;
  reject: (error: unknown) => void;
}

/** A queue of items waiting to be run together. */
export class MicroBatcher<In, Out> {
  private readonly queue = new FairQueue<Waiting<In, Out>>();
  private queuedRows = 0;
  private timer: NodeJS.Timeout | null = null;
  private running = 0;

  constructor(
    private readonly run: BatchRunner<In, Out>,
    private readonly options: BatcherOptions,
  ) {}

  /** Rows waiting for a batch right now. */
  get depth(): number {
    return this.queuedRows;
  }

  /** Batches currently inside `runBatch`. */
  get inFlight(): number {
    return this.running;
  }

  /**
   * Queues one item (of `rows` rows) from the sender `key` and resolves with its own result once its batch has
   * run. Items of one key keep their order.
   */
  submit(item: In, rows = 1, key = ""): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      const idle = this.queue.size === 0 && this.running === 0 && (this.options.idleFlush ?? true);
      this.queue.push(key, { item, rows, resolve, reject });
      this.queuedRows += rows;
      if (idle || this.queuedRows >= this.options.maxRows || this.options.windowMs <= 0) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.windowMs);
    });
  }

  /** Runs what is waiting now, in batches of at most `maxRows` rows, as far as `maxInFlight` allows. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    while (this.queue.size > 0 && this.running < (this.options.maxInFlight ?? 1)) {
      const batch: Waiting<In, Out>[] = [];
      let rows = 0;
      // An item bigger than maxRows still runs, alone; otherwise fill up to maxRows, senders taking turns.
      for (let next = this.queue.peek(); next; next = this.queue.peek()) {
        if (batch.length > 0 && rows + next.rows > this.options.maxRows) break;
        batch.push(next);
        rows += next.rows;
        this.queue.shift();
      }
      this.queuedRows -= rows;
      this.running++;
      void this.runOne(batch, rows);
    }
  }

  private async runOne(batch: Waiting<In, Out>[], rows: number): Promise<void> {
    this.options.onBatch?.(rows);
    try {
      const results = await this.runChecked(batch);
      for (const [i, w] of batch.entries()) w.resolve(results[i] as Out);
    } catch (error) {
      // One item the model cannot take (an input past its limits) must not fail the others that shared its
      // batch: run each again alone, so only the culprit gets the error.
      if (batch.length === 1) (batch[0] as Waiting<In, Out>).reject(error);
      else for (const w of batch) await this.runChecked([w]).then(([out]) => w.resolve(out as Out), w.reject);
    } finally {
      this.running--;
      if (this.queue.size > 0) this.flush();
    }
  }

  private async runChecked(batch: readonly Waiting<In, Out>[]): Promise<readonly Out[]> {
    const results = await this.run(batch.map((w) => w.item));
    if (results.length !== batch.length) {
      throw new Error(`batch runner returned ${results.length} results for ${batch.length} items`);
    }
    return results;
  }
}
