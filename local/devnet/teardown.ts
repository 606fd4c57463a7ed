/**
 * Everything the devnet started, stopped in reverse order by one call: miners before the Worker that calls
 * them, the Worker before the Upstash bridge it writes to, redis-server last. Each stopper runs once, and a
 * failing stopper does not keep the others from running.
 */
export class Teardown {
  private readonly stack: { name: string; stop: () => Promise<unknown> }[] = [];
  private running: Promise<string[]> | undefined;

  /** With a signal, `add` throws once it is aborted, so start-up stops at the next step and unwinds. */
  constructor(private readonly signal?: AbortSignal) {}

  /** Registers a stopper; returns the value it guards, for `const x = teardown.add("x", await start(), s)`. */
  add<T>(name: string, value: T, stop: (value: T) => Promise<unknown>): T {
    if (this.running) throw new Error(`cannot register '${name}': the devnet is stopping`);
    this.stack.push({ name, stop: () => stop(value) });
    this.signal?.throwIfAborted();
    return value;
  }

  /** Stops everything registered, last first; resolves to the failures, as "name: message" lines. */
  run(timeoutMs = 15_000): Promise<string[]> {
    this.running ??= (async () => {
      const failures: string[] = [];
      while (this.stack.length > 0) {
        const { name, stop } = this.stack.pop() as { name: string; stop: () => Promise<unknown> };
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`did not stop within ${timeoutMs} ms`)), timeoutMs);
        });
        try {
          await Promise.race([stop(), late]);
        } catch (error) {
          failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
        } finally {
          clearTimeout(timer);
        }
      }
      return failures;
    })();
    return this.running;
  }
}
