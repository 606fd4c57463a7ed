import { ProtoWriter } from "./protobuf-writer";

/**
 * Builds ONNX `ModelProto` bytes from a plain description of a graph. Only the subset of onnx.proto our
 * trainers need is written (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto): float32/int64 tensors,
 * dense initializers as raw little-endian data, and int/float/ints/floats/string attributes.
 */

/** Element types we write; the numbers are onnx.proto's `TensorProto.DataType`. */
const DATA_TYPE = { float32: 1, int64: 7 } as const;
export type ElemType = keyof typeof DATA_TYPE;

/** A graph input or output: a name, an element type and a shape whose symbolic dims are strings ("batch"). */
export interface ValueInfo {
  name: string;
  elemType: ElemType;
  shape: readonly (number | string)[];
}

/** A constant tensor stored in the model (weights, biases, axes). */
export type Initializer =
  | { name: string; elemType: "float32"; dims: readonly number[]; data: Float32Array }
  | { name: string; elemType: "int64"; dims: readonly number[]; data: BigInt64Array };

/** A node attribute value, tagged by its ONNX attribute type. */
export type Attribute =
  | { int: number }
  | { float: number }
  | { ints: readonly number[] }
  | { floats: readonly number[] }
  | { string: string };

/** One operator of the graph (default ONNX domain). */
export interface NodeSpec {
  op: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name?: string;
  attributes?: Readonly<Record<string, Attribute>>;
}

/** Everything `buildModel` needs. */
export interface ModelSpec {
  inputs: readonly ValueInfo[];
  outputs: readonly ValueInfo[];
  nodes: readonly NodeSpec[];
  initializers?: readonly Initializer[];
  /** Default-domain opset version; 17 unless told. */
  opset?: number;
  graphName?: string;
  producer?: string;
  docString?: string;
}

/** The graph refers to a tensor nobody defines, or defines one twice: caught here, not at load time. */
export class OnnxGraphError extends Error {
  override name = "OnnxGraphError";
}

// onnx.proto AttributeProto.AttributeType
const ATTR_TYPE = { float: 1, int: 2, string: 3, floats: 6, ints: 7 } as const;
// IR version 8 is the first that opset 17 may be paired with.
const IR_VERSION = 8;

/** Serializes a graph into ONNX model bytes that onnxruntime loads. Throws `OnnxGraphError` on a dangling name. */
export function buildModel(spec: ModelSpec): Uint8Array {
  checkGraph(spec);
  const graph = new ProtoWriter();
  for (const node of spec.nodes) graph.message(1, encodeNode(node));
  graph.string(2, spec.graphName ?? "miaoai");
  for (const init of spec.initializers ?? []) graph.message(5, encodeTensor(init));
  for (const input of spec.inputs) graph.message(11, encodeValueInfo(input));
  for (const output of spec.outputs) graph.message(12, encodeValueInfo(output));

  const opset = new ProtoWriter().string(1, "").int(2, spec.opset ?? 17);
  const model = new ProtoWriter()
    .int(1, IR_VERSION)
    .string(2, spec.producer ?? "miaoai-trainer")
    .string(3, "1");
  if (spec.docString) model.string(6, spec.docString);
  return model.message(7, graph).message(8, opset).finish();
}

function encodeNode(node: NodeSpec): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of node.inputs) w.string(1, i);
  for (const o of node.outputs) w.string(2, o);
  if (node.name) w.string(3, node.name);
  w.string(4, node.op);
  for (const [name, value] of Object.entries(node.attributes ?? {}))
    w.message(5, encodeAttribute(name, value));
  return w;
}

function encodeAttribute(name: string, value: Attribute): ProtoWriter {
  const w = new ProtoWriter().string(1, name);
  if ("int" in value) return w.int(3, value.int).int(20, ATTR_TYPE.int);
  if ("float" in value) return w.float(2, value.float).int(20, ATTR_TYPE.float);
  if ("string" in value) return w.string(4, value.string).int(20, ATTR_TYPE.string);
  if ("floats" in value) return w.packedFloats(7, value.floats).int(20, ATTR_TYPE.floats);
  return w.packedInts(8, value.ints).int(20, ATTR_TYPE.ints);
}

function encodeTensor(t: Initializer): ProtoWriter {
  const expected = t.dims.reduce((a, b) => a * b, 1);
  if (t.data.length !== expected) {
    throw new OnnxGraphError(
      `initializer '${t.name}' has ${t.data.length} values, dims ${t.dims} need ${expected}`,
    );
  }
  const w = new ProtoWriter().packedInts(1, t.dims).int(2, DATA_TYPE[t.elemType]).string(8, t.name);
  return w.bytes(9, littleEndianBytes(t.data));
}

// raw_data is little-endian by spec; typed arrays use the host order, so copy through a DataView when the
// host is big-endian (never in practice, but the bytes must not depend on it).
function littleEndianBytes(data: Float32Array | BigInt64Array): Uint8Array {
  const hostIsLittle = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  if (hostIsLittle) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(data.byteLength);
  const view = new DataView(out.buffer);
  data.forEach((v: number | bigint, i: number) => {
    if (typeof v === "bigint") view.setBigInt64(i * 8, v, true);
    else view.setFloat32(i * 4, v, true);
  });
  return out;
}

function encodeValueInfo(v: ValueInfo): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.shape) {
    const dim = typeof d === "number" ? new ProtoWriter().int(1, d) : new ProtoWriter().string(2, d);
    shape.message(1, dim);
  }
  const tensorType = new ProtoWriter().int(1, DATA_TYPE[v.elemType]).message(2, shape);
  const type = new ProtoWriter().message(1, tensorType);
  return new ProtoWriter().string(1, v.name).message(2, type);
}

function checkGraph(spec: ModelSpec): void {
  const defined = new Set<string>();
  const define = (name: string, what: string) => {
    if (defined.has(name)) throw new OnnxGraphError(`${what} '${name}' is defined twice`);
    defined.add(name);
  };
  for (const i of spec.inputs) define(i.name, "input");
  for (const i of spec.initializers ?? []) define(i.name, "initializer");
  for (const node of spec.nodes) {
    for (const i of node.inputs) {
      if (i !== "" && !defined.has(i))
        throw new OnnxGraphError(`${node.op} reads '${i}' before anything defines it`);
    }
    for (const o of node.outputs) define(o, `output of ${node.op}`);
  }
  for (const o of spec.outputs) {
    if (!defined.has(o.name)) throw new OnnxGraphError(`graph output '${o.name}' is never computed`);
  }
}
