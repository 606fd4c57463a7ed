import { describe, expect, it } from "vitest";
import { checkGraphContract, type GraphSignature } from "./graph-contract";
import { type ModelManifest, modelManifestSchema } from "./manifest";

type Dims = (number | string)[];
const tensor = (name: string, type: string, shape: Dims) => ({ name, isTensor: true, type, shape }) as const;
const graph = (inputs: ReturnType<typeof tensor>[], outputs: ReturnType<typeof tensor>[]) =>
  ({ inputMetadata: inputs, outputMetadata: outputs }) as unknown as GraphSignature;

const manifest = (patch: Record<string, unknown>): ModelManifest =>
  modelManifestSchema.parse({
    id: "byo",
    taskType: "intent_classification",
    languages: ["*"],
    file: "model.onnx",
    sha256: "0".repeat(64),
    labels: ["a", "b", "c"],
    featurizer: { kind: "tokenizer", tokenizerFile: "tokenizer.json", maxLength: 64 },
    io: {
      inputs: { input_ids: "input_ids", attention_mask: "attention_mask" },
      outputs: { logits: "logits" },
    },
    ...patch,
  });
const tokens = (batch: number | string = "batch", seq: number | string = "seq") => [
  tensor("input_ids", "int64", [batch, seq]),
  tensor("attention_mask", "int64", [batch, seq]),
];
const refusal = (m: ModelManifest, g: GraphSignature) => {
  try {
    checkGraphContract(m, g);
    return "accepted";
  } catch (error) {
    return (error as Error).message;
  }
};

describe("checkGraphContract", () => {
  it("accepts a dynamic transformer export and reads its logits, three per row", () => {
    const c = checkGraphContract(manifest({}), graph(tokens(), [tensor("logits", "float32", ["batch", 3])]));
    expect(c).toEqual({
      batchOfOne: false,
      feedDims: {},
      fixedSeqLength: {},
      output: { name: "logits", role: "logits", width: 3 },
    });
  });

  it("serves a graph whose batch axis is fixed at 1 one row at a time, and refuses any other fixed batch", () => {
    const one = checkGraphContract(manifest({}), graph(tokens(1), [tensor("logits", "float32", [1, 3])]));
    expect(one.batchOfOne).toBe(true);
    expect(refusal(manifest({}), graph(tokens(8), [tensor("logits", "float32", [8, 3])]))).toBe(
      "model byo: the graph fixes its batch axis at 8; make it dynamic (or 1)",
    );
  });

  it("pads to a fixed sequence length, and refuses a maxLength longer than it", () => {
    const g = graph(tokens("batch", 128), [tensor("logits", "float32", ["batch", 3])]);
    expect(checkGraphContract(manifest({}), g).fixedSeqLength).toEqual({
      input_ids: 128,
      attention_mask: 128,
    });
    // One token input fixed, the other symbolic: both are padded to the fixed length (the graph multiplies them).
    const short = manifest({
      featurizer: { kind: "tokenizer", tokenizerFile: "tokenizer.json", maxLength: 32 },
    });
    const mixed = graph(
      [tensor("input_ids", "int64", ["batch", 32]), tensor("attention_mask", "int64", ["batch", "seq"])],
      [tensor("logits", "float32", ["batch", 3])],
    );
    expect(checkGraphContract(short, mixed).fixedSeqLength).toEqual({
      input_ids: 32,
      attention_mask: 32,
    });
    const clash = graph(
      [tensor("input_ids", "int64", ["batch", 32]), tensor("attention_mask", "int64", ["batch", 64])],
      [tensor("logits", "float32", ["batch", 3])],
    );
    expect(refusal(short, clash)).toBe(
      "model byo: the graph fixes its token inputs at different lengths (32, 64)",
    );
    const long = manifest({
      featurizer: { kind: "tokenizer", tokenizerFile: "tokenizer.json", maxLength: 512 },
    });
    expect(refusal(long, g)).toBe(
      'model byo: the graph fixes the sequence length of io.inputs.input_ids ("input_ids") at 128; set featurizer.maxLength <= 128',
    );
  });

  it("refuses inputs it cannot feed: unnamed graph inputs, int32 token ids, names missing from the graph", () => {
    const out = [tensor("logits", "float32", ["batch", 3])];
    expect(
      refusal(manifest({}), graph([...tokens(), tensor("token_type_ids", "int64", ["batch", "seq"])], out)),
    ).toBe(
      'model byo: the graph input "token_type_ids" is not named in io.inputs, so the miner cannot feed it (name it under one of its roles, or export the graph without it)',
    );
    expect(
      refusal(
        manifest({}),
        graph([tensor("input_ids", "int32", ["batch", "seq"]), tokens()[1] as never], out),
      ),
    ).toBe(
      'model byo: io.inputs.input_ids ("input_ids") is int32 in the graph; the miner feeds int64 (export token ids as torch.long)',
    );
    expect(refusal(manifest({}), graph([tokens()[0] as never], out))).toMatch(
      /^model byo: manifest names attention_mask, not in the ONNX graph \(inputs input_ids; outputs logits\)$/,
    );
  });

  it("refuses outputs it would misread: width other than the labels, float16, hidden states, two-logit scores", () => {
    const m = manifest({});
    expect(refusal(m, graph(tokens(), [tensor("logits", "float32", ["batch", 2])]))).toBe(
      'model byo: io.outputs.logits ("logits") has shape [batch, 2]; expected [batch, labels] (3 labels in the manifest)',
    );
    expect(refusal(m, graph(tokens(), [tensor("logits", "float16", ["batch", 3])]))).toBe(
      'model byo: io.outputs.logits ("logits") is float16 in the graph; the miner reads float32 (cast it in the graph)',
    );
    expect(refusal(m, graph(tokens(), [tensor("logits", "float32", ["batch", "seq", 8])]))).toMatch(
      /has shape \[batch, seq, 8\]; expected \[batch, labels\]/,
    );
    // [batch, 1, labels] is a classifier's layout too.
    expect(refusal(m, graph(tokens(), [tensor("logits", "float32", ["batch", 1, 3])]))).toBe("accepted");
    const ranker = manifest({
      taskType: "response_selection",
      labels: undefined,
      io: { inputs: m.io.inputs, outputs: { score: "logits" } },
    });
    expect(refusal(ranker, graph(tokens(), [tensor("logits", "float32", ["batch", 2])]))).toBe(
      'model byo: io.outputs.score ("logits") has shape [batch, 2]; expected [batch] or [batch, 1] (a two-logit cross-encoder: export the relevant class\'s logit alone, e.g. logits[:, 1:])',
    );
    for (const shape of [["batch"], ["batch", 1]])
      expect(refusal(ranker, graph(tokens(), [tensor("logits", "float32", shape)]))).toBe("accepted");
  });

  it("feeds an image model [batch, c, h, w] when the graph wants it, and checks the sizes against the manifest", () => {
    const image = manifest({
      taskType: "product_image",
      featurizer: { kind: "image", width: 32, height: 16, channels: 3, invert: false, scale: 255 },
      io: { inputs: { pixels: "pixel_values" }, outputs: { logits: "logits" } },
    });
    const out = [tensor("logits", "float32", ["batch", 3])];
    const nchw = checkGraphContract(
      image,
      graph([tensor("pixel_values", "float32", ["batch", 3, 16, 32])], out),
    );
    expect(nchw.feedDims).toEqual({ pixel_values: [3, 16, 32] });
    const flat = checkGraphContract(image, graph([tensor("pixel_values", "float32", ["batch", 1536])], out));
    expect(flat.feedDims).toEqual({});
    // Width and height swapped: same number of values, another layout.
    expect(refusal(image, graph([tensor("pixel_values", "float32", ["batch", 3, 32, 16])], out))).toBe(
      'model byo: io.inputs.pixels ("pixel_values") has shape [batch, 3, 32, 16]; the featurizer gives [batch, 1536] or [batch, 3, 16, 32]',
    );
  });
});
