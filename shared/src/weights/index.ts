/** Weight math identical to the Bittensor Python SDK (bittensor/utils/weight_utils.py). */
export {
  convertWeightsAndUidsForEmit,
  type EmitWeights,
  InvalidWeightsError,
  roundHalfEven,
} from "./convert-for-emit";
export { normalizeMaxWeight } from "./normalize-max-weight";
export type { Dtype } from "./numpy-float";
export {
  maxWeightLimitFromU16,
  type ProcessedWeights,
  type ProcessWeightsInput,
  processWeightsForNetuid,
  U16_MAX,
} from "./process-weights";
