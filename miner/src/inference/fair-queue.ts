/**
 * A queue that takes turns between senders: first in, first out for each key (a validator's hotkey), and
 * round-robin across keys. One validator that floods the miner with slow work (large images) then delays
 * another validator's request by one item of its own, not by everything it sent before.
 */
export class FairQueue<T> {
  /** Keys in the order of their next turn; Map keeps insertion order, and a key re-inserted goes last. */
  private readonly lanes = new Map<string, T[]>();
  private count = 0;

  /** Items waiting, over all keys. */
  get size(): number {
    return this.count;
  }

  /** Queues `item` at the end of `key`'s lane; a new key takes its first turn after the keys already waiting. */
  push(key: string, item: T): void {
    const lane = this.lanes.get(key);
    if (lane) lane.push(item);
    else this.lanes.set(key, [item]);
    this.count++;
  }

  /** The item `shift` would return, left in place. */
  peek(): T | undefined {
    const first = this.lanes.values().next();
    return first.done ? undefined : first.value[0];
  }

  /** Takes the oldest item of the key whose turn it is; that key's next item waits for every other key's. */
  shift(): T | undefined {
    const first = this.lanes.entries().next();
    if (first.done) return undefined;
    const [key, lane] = first.value;
    const item = lane.shift();
    this.lanes.delete(key);
    if (lane.length > 0) this.lanes.set(key, lane);
    this.count--;
    return item;
  }
}
