/** How the round's evaluation budget (tasks) is split among miners (docs/scoring.md, "Allocation"). */
export type AllocationStrategy = "equal" | "stake" | "trust";

/** One miner as allocation sees it. */
export type AllocationInput = { uid: number; stake: number; trust: number };

/**
 * Splits `totalTasks` among miners: `equal` gives everyone the same share, `stake` splits by stake share,
 * `trust` by historical trust. Every miner gets at least `minPerMiner` and at most `maxPerMiner`, so no
 * one goes unmeasured; the remainder is handed out by largest remainder, ties to the lower uid, so the
 * result is deterministic. No hotkey is favoured except through the stated weights.
 */
export function allocateTasks(
  miners: readonly AllocationInput[],
  strategy: AllocationStrategy,
  totalTasks: number,
  minPerMiner: number,
  maxPerMiner: number,
): Map<number, number> {
  const out = new Map<number, number>();
  if (miners.length === 0) return out;
  const floor = Math.max(0, Math.min(minPerMiner, maxPerMiner));
  for (const m of miners) out.set(m.uid, floor);
  let spare = Math.max(0, totalTasks - floor * miners.length);
  const raw = miners.map((m) =>
    strategy === "equal" ? 1 : Math.max(0, strategy === "stake" ? m.stake : m.trust),
  );
  const sum = raw.reduce((a, b) => a + b, 0);
  const shares = sum > 0 ? raw.map((r) => r / sum) : raw.map(() => 1 / miners.length);
  // Hand out whole tasks by share, capped; then the remainders; repeat while capacity remains.
  while (spare > 0) {
    // Only miners with a positive share take spare tasks; what the capped ones cannot take stays unused.
    const open = miners
      .map((m, i) => ({ m, i }))
      .filter(({ m, i }) => (out.get(m.uid) ?? 0) < maxPerMiner && (shares[i] ?? 0) > 0);
    if (open.length === 0) break;
    const openShare = open.reduce((s, { i }) => s + (shares[i] ?? 0), 0);
    const wants = open.map(({ m, i }) => {
      const exact = (spare * (shares[i] ?? 0)) / openShare;
      const room = maxPerMiner - (out.get(m.uid) ?? 0);
      return { uid: m.uid, whole: Math.min(room, Math.floor(exact)), rest: exact - Math.floor(exact), room };
    });
    let given = 0;
    for (const w of wants) {
      out.set(w.uid, (out.get(w.uid) ?? 0) + w.whole);
      given += w.whole;
    }
    spare -= given;
    const byRest = wants
      .filter((w) => (out.get(w.uid) ?? 0) < maxPerMiner)
      .sort((a, b) => b.rest - a.rest || a.uid - b.uid);
    for (const w of byRest) {
      if (spare <= 0) break;
      out.set(w.uid, (out.get(w.uid) ?? 0) + 1);
      spare--;
      given++;
    }
    if (given === 0) break;
  }
  return out;
}

/**
 * Picks at most `limit` serving miners for a round, fairly: a window over the uid-sorted list that starts
 * at `(round * limit) mod n`, so over consecutive rounds every miner is visited equally often.
 */
export function chooseMinersForRound<T extends { uid: number }>(
  miners: readonly T[],
  round: number,
  limit: number,
): T[] {
  const sorted = [...miners].sort((a, b) => a.uid - b.uid);
  if (sorted.length <= limit) return sorted;
  const start = (((round * limit) % sorted.length) + sorted.length) % sorted.length;
  return Array.from({ length: limit }, (_, i) => sorted[(start + i) % sorted.length] as T);
}
