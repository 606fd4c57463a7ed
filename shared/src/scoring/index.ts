/** Scoring as pure functions: task quality, latency, EMA, copy/honeypot checks, allocation, blend, weights. */
export * from "./allocation";
export * from "./blend";
export * from "./copy-detection";
export * from "./ema";
export * from "./fingerprint";
export * from "./latency";
export * from "./outcome";
export * from "./round-score";
export * from "./task-quality";
export * from "./task-score";
export * from "./weight-vector";
