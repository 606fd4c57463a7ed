/**
 * The metagraph the validator reads when the devnet runs without a chain (METAGRAPH_SOURCE=fixture): the
 * validator at uid 0 with a permit and all the stake, then one uid per miner with its axon on loopback. It
 * has the shape of the Worker's `metagraphSchema` (workers/validator/src/chain/metagraph.ts).
 */
export type FixtureNeuron = {
  uid: number;
  hotkey: string;
  stake: number;
  validatorPermit: boolean;
  axon: { ip: string; port: number } | null;
};

/** A metagraph snapshot as JSON-ready data. */
export type FixtureMetagraph = { netuid: number; block: number; neurons: FixtureNeuron[] };

/** Builds the off-chain metagraph: uid 0 = validator, uids 1..n = miners in roster order. */
export function fixtureMetagraph(input: {
  netuid: number;
  validatorHotkey: string;
  validatorStake: number;
  miners: readonly { hotkey: string; port: number }[];
}): FixtureMetagraph {
  return {
    netuid: input.netuid,
    block: 1,
    neurons: [
      {
        uid: 0,
        hotkey: input.validatorHotkey,
        stake: input.validatorStake,
        validatorPermit: true,
        axon: null,
      },
      ...input.miners.map((m, i) => ({
        uid: i + 1,
        hotkey: m.hotkey,
        stake: 0,
        validatorPermit: false,
        axon: { ip: "127.0.0.1", port: m.port },
      })),
    ],
  };
}
