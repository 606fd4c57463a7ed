/** Subtensor access for Node and workerd: connect, read the metagraph, build/sign/submit, decode errors. */
export { decodeIp, encodeIp, type IpType, isChainRejectedIp } from "./axon-ip";
export { type ChainError, CUSTOM_POOL_ERRORS, chainErrorName, decodeChainError } from "./chain-errors";
export { compactLength, computeCommitHash, type WeightCommit } from "./commit-hash";
export {
  type ConnectOptions,
  type ConnectResult,
  connectChain,
  SUBTENSOR_SIGNED_EXTENSIONS,
} from "./connect";
export {
  buildCommitWeights,
  buildRevealWeights,
  buildServeAxon,
  buildSetWeights,
  type Extrinsic,
  type ServeAxonArgs,
  type ServeAxonBuild,
  type SetWeightsArgs,
} from "./extrinsics";
export * from "./ids";
export {
  type Axon,
  type Metagraph,
  type MetagraphRead,
  metagraphSchema,
  readMetagraph,
  type SubnetHyperparams,
  subnetHyperparamsSchema,
} from "./metagraph";
export { type RuntimeFeatures, runtimeFeatures } from "./runtime-features";
export { type ChainAccount, pairAccount } from "./signer";
export { type SubmitOptions, type SubmitOutcome, submitAndWatch } from "./submit";
