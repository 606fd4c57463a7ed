/** Commit-reveal v3 timelock: payload encoding, reveal round, encryption to drand quicknet. */
export * from "./drand";
export * from "./payload";
export * from "./reveal-round";
export * from "./tlock";
export * from "./wire-format";
