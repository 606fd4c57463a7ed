import { buildModel, type Initializer, type NodeSpec, OnnxGraphError } from "./onnx-model";

/** Hidden-layer activations the MLP builder knows. */
export type Activation = "relu" | "tanh";

/** A softmax-regression or MLP classifier: layer `i` maps `in_i` to `biases[i].length` units. */
export interface MlpClassifierSpec {
  /** Row-major `[in_i, out_i]` matrices, first layer first. */
  weights: readonly Float32Array[];
  biases: readonly Float32Array[];
  inputName?: string;
  outputName?: string;
  /** Applied after every layer but the last; default relu. */
  activation?: Activation;
  docString?: string;
}

/**
 * Writes `input [batch, in_0] -> probs [batch, classes]`: Gemm (+activation) per layer, Softmax at the end,
 * so the miner reads probabilities straight off the output (see the model contract).
 */
export function buildMlpClassifier(spec: MlpClassifierSpec): Uint8Array {
  const inputName = spec.inputName ?? "input";
  const outputName = spec.outputName ?? "probs";
  if (spec.weights.length === 0 || spec.weights.length !== spec.biases.length) {
    throw new OnnxGraphError("an MLP needs one bias vector per weight matrix, and at least one layer");
  }
  const sizes = layerSizes(spec.weights, spec.biases);
  const nodes: NodeSpec[] = [];
  const initializers: Initializer[] = [];
  let current = inputName;
  spec.weights.forEach((w, i) => {
    const [inDim, outDim] = sizes[i] as [number, number];
    initializers.push({ name: `W${i}`, elemType: "float32", dims: [inDim, outDim], data: w });
    initializers.push({
      name: `b${i}`,
      elemType: "float32",
      dims: [outDim],
      data: spec.biases[i] as Float32Array,
    });
    const z = `z${i}`;
    nodes.push({ op: "Gemm", inputs: [current, `W${i}`, `b${i}`], outputs: [z] });
    current = z;
    if (i < spec.weights.length - 1) {
      const h = `h${i}`;
      nodes.push({ op: spec.activation === "tanh" ? "Tanh" : "Relu", inputs: [z], outputs: [h] });
      current = h;
    }
  });
  nodes.push({ op: "Softmax", inputs: [current], outputs: [outputName], attributes: { axis: { int: -1 } } });
  const inDim = sizes[0]?.[0] as number;
  const classes = sizes[sizes.length - 1]?.[1] as number;
  return buildModel({
    inputs: [{ name: inputName, elemType: "float32", shape: ["batch", inDim] }],
    outputs: [{ name: outputName, elemType: "float32", shape: ["batch", classes] }],
    nodes,
    initializers,
    graphName: "mlp_classifier",
    docString: spec.docString,
  });
}

/** A bilinear dual encoder: score = <ctx·Wc, cand·Wr> + lexicalWeight · <ctx, cand>. */
export interface DualEncoderSpec {
  /** Input feature width. */
  dims: number;
  /** Projection width. */
  projDims: number;
  /** Row-major `[dims, projDims]`. */
  contextWeights: Float32Array;
  /** Row-major `[dims, projDims]`; pass the same array as `contextWeights` for a shared (siamese) encoder. */
  candidateWeights: Float32Array;
  /** Weight of the raw feature dot product (a TF-IDF-like lexical match term); 0 or absent leaves it out. */
  lexicalWeight?: number;
  contextName?: string;
  candidateName?: string;
  outputName?: string;
  docString?: string;
}

/** Writes `context [batch, dims], candidate [batch, dims] -> score [batch]` (one score per pair). */
export function buildDualEncoder(spec: DualEncoderSpec): Uint8Array {
  const { dims, projDims } = spec;
  const ctx = spec.contextName ?? "context";
  const cand = spec.candidateName ?? "candidate";
  const out = spec.outputName ?? "score";
  const shared = spec.contextWeights === spec.candidateWeights;
  const initializers: Initializer[] = [
    { name: "Wc", elemType: "float32", dims: [dims, projDims], data: spec.contextWeights },
    { name: "axes", elemType: "int64", dims: [1], data: BigInt64Array.of(1n) },
  ];
  if (!shared)
    initializers.push({
      name: "Wr",
      elemType: "float32",
      dims: [dims, projDims],
      data: spec.candidateWeights,
    });
  const lexical = spec.lexicalWeight ?? 0;
  const semanticOut = lexical === 0 ? out : "semantic";
  const nodes: NodeSpec[] = [
    { op: "MatMul", inputs: [ctx, "Wc"], outputs: ["ctx_proj"] },
    { op: "MatMul", inputs: [cand, shared ? "Wc" : "Wr"], outputs: ["cand_proj"] },
    { op: "Mul", inputs: ["ctx_proj", "cand_proj"], outputs: ["pair_prod"] },
    {
      op: "ReduceSum",
      inputs: ["pair_prod", "axes"],
      outputs: [semanticOut],
      attributes: { keepdims: { int: 0 } },
    },
  ];
  if (lexical !== 0) {
    initializers.push({
      name: "lexical_weight",
      elemType: "float32",
      dims: [],
      data: Float32Array.of(lexical),
    });
    nodes.push(
      { op: "Mul", inputs: [ctx, cand], outputs: ["raw_prod"] },
      {
        op: "ReduceSum",
        inputs: ["raw_prod", "axes"],
        outputs: ["lexical"],
        attributes: { keepdims: { int: 0 } },
      },
      { op: "Mul", inputs: ["lexical", "lexical_weight"], outputs: ["lexical_scaled"] },
      { op: "Add", inputs: ["semantic", "lexical_scaled"], outputs: [out] },
    );
  }
  return buildModel({
    inputs: [
      { name: ctx, elemType: "float32", shape: ["batch", dims] },
      { name: cand, elemType: "float32", shape: ["batch", dims] },
    ],
    outputs: [{ name: out, elemType: "float32", shape: ["batch"] }],
    nodes,
    initializers,
    graphName: "dual_encoder",
    docString: spec.docString,
  });
}

function layerSizes(weights: readonly Float32Array[], biases: readonly Float32Array[]): [number, number][] {
  const sizes: [number, number][] = [];
  weights.forEach((w, i) => {
    const outDim = (biases[i] as Float32Array).length;
    if (outDim === 0 || w.length % outDim !== 0) {
      throw new OnnxGraphError(`layer ${i}: ${w.length} weights do not split into rows of ${outDim}`);
    }
    const inDim = w.length / outDim;
    const prevOut = sizes[i - 1]?.[1];
    if (prevOut !== undefined && prevOut !== inDim) {
      throw new OnnxGraphError(`layer ${i} takes ${inDim} inputs but layer ${i - 1} gives ${prevOut}`);
    }
    sizes.push([inDim, outDim]);
  });
  return sizes;
}
