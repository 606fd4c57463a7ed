/** Local subtensor for tests and the devnet: the real runtime under chopsticks, plus subnet fixtures. */
export {
  defaultSpecPath,
  findRuntime,
  howToGetRuntime,
  RUNTIME_SPEC_BLOB,
  type RuntimeLocation,
} from "./find-runtime";
export { type BlockMode, type LocalChain, type LocalChainOptions, startLocalChain } from "./local-chain";
export { buildRawSpec, GenesisBuildError, loadRawSpec, type RawChainSpec } from "./raw-genesis";
