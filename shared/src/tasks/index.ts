/** The task bank: dataset pools and the built-in multilingual generator, drawing requests + ground truth. */
export * from "./bank-item";
export * from "./fashion-classes";
export * from "./generator";
export * from "./ground-truth";
export * from "./item-pool";
export * from "./lexicon";
export * from "./png-encode";
export * from "./pool-spec";
export * from "./seeded-random";
export * from "./synthetic-images";
export * from "./task-bank";
