import { findFreePort } from "../../../local/free-port";
import { hotkeyPairFromUri } from "../../../shared/src/keys/hotkey-pair";
import type { Sr25519 } from "../../../shared/src/keys/sr25519";
import type { Metagraph } from "../../../workers/validator/src/chain/metagraph";
import { type Behaviour, startTestMiner, type TestMiner } from "./test-miner";

/** The validator's dev key in tests and benches (a public dev URI, not a secret). */
export const VALIDATOR_URI = "//MiaoValidator";

/** A miner of the roster: its uid, behaviour, and the server when it runs ("down" miners have none). */
export type RosterMiner = {
  uid: number;
  label: string;
  behaviour: Behaviour | null;
  hotkey: string;
  port: number;
  server: TestMiner | null;
};

/** A running roster: the miners and the metagraph that announces them. */
export type Roster = { miners: RosterMiner[]; metagraph: Metagraph; stop(): Promise<void> };

/** Starts one server per behaviour (null = down: a free port nobody listens on) and builds the metagraph. */
export async function startRoster(
  plan: readonly { label: string; behaviour: Behaviour | null }[],
  sr25519: Sr25519,
  opts: { netuid?: number; stake?: (uid: number) => number } = {},
): Promise<Roster> {
  const miners: RosterMiner[] = [];
  try {
    for (const [uid, p] of plan.entries()) {
      const pair = hotkeyPairFromUri(`//miaoai-test-miner-${uid}`);
      if (p.behaviour === null) {
        miners.push({
          uid,
          label: p.label,
          behaviour: null,
          hotkey: pair.ss58,
          port: await findFreePort(),
          server: null,
        });
        continue;
      }
      const server = await startTestMiner({ pair, sr25519, behaviour: p.behaviour });
      miners.push({
        uid,
        label: p.label,
        behaviour: p.behaviour,
        hotkey: pair.ss58,
        port: server.port,
        server,
      });
    }
  } catch (error) {
    await Promise.all(miners.map((m) => m.server?.stop()));
    throw error;
  }
  const validator = hotkeyPairFromUri(VALIDATOR_URI);
  const metagraph: Metagraph = {
    netuid: opts.netuid ?? 356,
    block: 1_000,
    neurons: [
      ...miners.map((m) => ({
        uid: m.uid,
        hotkey: m.hotkey,
        stake: opts.stake?.(m.uid) ?? 100,
        validatorPermit: false,
        axon: { ip: "127.0.0.1", port: m.port },
      })),
      { uid: miners.length, hotkey: validator.ss58, stake: 10_000, validatorPermit: true, axon: null },
    ],
  };
  return {
    miners,
    metagraph,
    stop: async () => void (await Promise.all(miners.map((m) => m.server?.stop()))),
  };
}

/** The 20 miners of known quality the round test scores (see test/workers/validator-round.test.ts). */
export const TWENTY_MINERS: readonly { label: string; behaviour: Behaviour | null }[] = [
  { label: "good", behaviour: { kind: "good", noise: 1 } },
  { label: "good", behaviour: { kind: "good", noise: 2 } },
  { label: "good", behaviour: { kind: "good", noise: 3 } },
  { label: "good", behaviour: { kind: "good", noise: 4 } },
  { label: "weak", behaviour: { kind: "weak", noise: 5 } },
  { label: "weak", behaviour: { kind: "weak", noise: 6 } },
  { label: "weak", behaviour: { kind: "weak", noise: 7 } },
  { label: "slow", behaviour: { kind: "slow", noise: 8, delayMs: 1_000 } },
  { label: "slow", behaviour: { kind: "slow", noise: 9, delayMs: 1_000 } },
  { label: "slow", behaviour: { kind: "slow", noise: 10, delayMs: 1_000 } },
  { label: "down", behaviour: null },
  { label: "down", behaviour: null },
  { label: "garbage", behaviour: { kind: "garbage" } },
  { label: "wrong_task", behaviour: { kind: "wrong_task", noise: 11 } },
  { label: "oversized", behaviour: { kind: "oversized", bytes: 2 * 1024 * 1024 } },
  { label: "unsigned", behaviour: { kind: "unsigned", noise: 12 } },
  { label: "copier", behaviour: { kind: "copier", noise: 1, delayMs: 150 } },
  { label: "copier", behaviour: { kind: "copier", noise: 2, delayMs: 150 } },
  { label: "timeout", behaviour: { kind: "timeout", delayMs: 3_000 } },
  { label: "good", behaviour: { kind: "good", noise: 13 } },
];
