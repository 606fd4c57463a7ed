/** The ONNX writer: generic graph builder plus ready-made classifier and dual-encoder builders. */
export {
  type Activation,
  buildDualEncoder,
  buildMlpClassifier,
  type DualEncoderSpec,
  type MlpClassifierSpec,
} from "./builders";
export {
  type Attribute,
  buildModel,
  type ElemType,
  type Initializer,
  type ModelSpec,
  type NodeSpec,
  OnnxGraphError,
  type ValueInfo,
} from "./onnx-model";
