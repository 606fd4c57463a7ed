/** Streaming dataset loaders (Web APIs only; the Node file adapter is `files.node.ts`). */
export * from "./banking77";
export * from "./bitext";
export * from "./byte-source";
export * from "./csv";
export * from "./data-error";
export * from "./edc";
export * from "./jsonl-tasks";
export * from "./lines";
export * from "./mnist-idx";
export * from "./xsid";
