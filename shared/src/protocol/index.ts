/** The validator <-> miner protocol: one zod schema per message, types inferred from them. */
export * from "./consistency";
export * from "./fields";
export * from "./limits";
export * from "./messages";
export * from "./parse";
export * from "./routes";
export * from "./tasks/intent-classification";
export * from "./tasks/product-image";
export * from "./tasks/response-selection";
export * from "./tasks/sentiment";
export * from "./version";
