import type { Hotkey } from "../../../shared/src/keys/hotkey";

/**
 * Who may call the miner: a validator registered on the subnet, holding a validator permit and at least
 * `minStake`, and not on the deny-list. The decision reads an in-memory snapshot, so it is synchronous and
 * free; `metagraphGate` refreshes that snapshot from the chain on a timer.
 */

/** Why a caller is refused (403), or `unavailable` while no metagraph was ever loaded (503). */
export type GateRefusal = "denied" | "unregistered" | "no_permit" | "low_stake" | "unavailable";

/** The gate's answer for one caller. */
export type GateDecision = { ok: true } | { ok: false; reason: GateRefusal; message: string };

/** Decides whether a verified sender may be served. */
export interface CallerGate {
  check(hotkey: Hotkey): GateDecision;
  /** False while the gate can admit no one yet (no metagraph loaded); absent means always ready. */
  ready?(): boolean;
  /** Stops refresh timers. */
  close(): void;
}

/** One neuron of the metagraph as the gate needs it; stake in TAO-equivalent units (not rao). */
export interface GateNeuron {
  hotkey: string;
  validatorPermit: boolean;
  stake: number;
}

/** A metagraph snapshot: every registered neuron of the subnet. */
export interface MetagraphSnapshot {
  block?: number;
  neurons: readonly GateNeuron[];
}

/** Where snapshots come from: the chain in production, a fixed list in tests. */
export interface MetagraphSource {
  load(): Promise<MetagraphSnapshot>;
}

/** Options of {@link metagraphGate}. */
export interface MetagraphGateOptions {
  source: MetagraphSource;
  /** Least stake a caller must hold (TAO-equivalent). Default 0. */
  minStake?: number;
  /** Require a validator permit. Default true. */
  requirePermit?: boolean;
  /** Hotkeys refused whatever the metagraph says. */
  deny?: readonly string[];
  /** How often to reload, ms; 0 = never (static snapshot). Default 5 minutes. */
  refreshMs?: number;
  /** Until the first snapshot loads, how often to try again, ms. Default 10 s (or `refreshMs` if shorter). */
  firstLoadRetryMs?: number;
  /** One line per failed refresh (the last good snapshot stays in use). */
  log?: (line: string) => void;
  /** Called with every snapshot that loads (the miner checks its own registration with it). */
  onSnapshot?: (snapshot: MetagraphSnapshot) => void;
}

/** A gate reading a metagraph snapshot, with `start()` doing the first load and arming the refresh timer. */
export interface MetagraphGate extends CallerGate {
  /**
   * Tries the first load and starts refreshing; resolves whether it loaded. It never rejects: a chain that is
   * down at start leaves the gate answering `unavailable` (503) while it retries every `firstLoadRetryMs`.
   */
  start(): Promise<boolean>;
  /** Reloads now; on failure keeps the previous snapshot and returns false. */
  refresh(): Promise<boolean>;
  /** Neurons in the current snapshot (for /v1/info and tests). */
  size(): number;
}

/** Gates callers on a metagraph snapshot: registered, permit, stake >= min, not denied. */
export function metagraphGate(options: MetagraphGateOptions): MetagraphGate {
  const deny = new Set(options.deny ?? []);
  const minStake = options.minStake ?? 0;
  const requirePermit = options.requirePermit ?? true;
  let byHotkey: Map<string, GateNeuron> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  const every = options.refreshMs ?? 300_000;

  const refresh = async (): Promise<boolean> => {
    try {
      const snapshot = await options.source.load();
      byHotkey = new Map(snapshot.neurons.map((n) => [n.hotkey, n]));
      options.onSnapshot?.(snapshot);
      return true;
    } catch (error) {
      const keeping = byHotkey ? "keeping the last snapshot" : "refusing callers (503) until one loads";
      options.log?.(`metagraph refresh failed, ${keeping}: ${(error as Error).message}`);
      return false;
    }
  };
  const arm = (ms: number, run: () => void) => {
    if (closed || ms <= 0) return;
    timer = setTimeout(run, ms);
    timer.unref();
  };
  const refreshForever = () => arm(every, () => void refresh().finally(refreshForever));
  const retryFirstLoad = () => {
    const retryMs = Math.min(
      options.firstLoadRetryMs ?? 10_000,
      every > 0 ? every : Number.POSITIVE_INFINITY,
    );
    arm(retryMs, () => void refresh().then((ok) => (ok ? refreshForever() : retryFirstLoad())));
  };

  return {
    check(hotkey) {
      if (deny.has(hotkey)) return refuse("denied", "this hotkey is on the miner's deny-list");
      if (!byHotkey) return refuse("unavailable", "the metagraph has not been loaded yet");
      const neuron = byHotkey.get(hotkey);
      if (!neuron) return refuse("unregistered", "hotkey is not registered on this subnet");
      if (requirePermit && !neuron.validatorPermit)
        return refuse("no_permit", "hotkey has no validator permit");
      if (!(neuron.stake >= minStake)) {
        return refuse("low_stake", `stake ${neuron.stake} is below the miner's minimum ${minStake}`);
      }
      return { ok: true };
    },
    async start() {
      const loaded = await refresh();
      if (loaded) refreshForever();
      else retryFirstLoad();
      return loaded;
    },
    refresh,
    ready: () => byHotkey !== null,
    size: () => byHotkey?.size ?? 0,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

/** A gate for tests and the devnet: exactly the listed hotkeys may call (minus the deny-list). */
export function allowListGate(allow: readonly string[], deny: readonly string[] = []): CallerGate {
  const allowed = new Set(allow);
  const denied = new Set(deny);
  return {
    check(hotkey) {
      if (denied.has(hotkey)) return refuse("denied", "this hotkey is on the miner's deny-list");
      if (!allowed.has(hotkey)) return refuse("unregistered", "hotkey is not on the miner's allow-list");
      return { ok: true };
    },
    close() {},
  };
}

/** A fixed snapshot as a source (tests). */
export function staticMetagraphSource(snapshot: MetagraphSnapshot): MetagraphSource {
  return { load: async () => snapshot };
}

function refuse(reason: GateRefusal, message: string): GateDecision {
  return { ok: false, reason, message };
}
