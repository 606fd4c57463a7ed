/** Epistula v2 signed HTTP (docs/protocol.md): headers, signing, verification and replay guards. */
export * from "./body-hash";
export * from "./headers";
export * from "./message";
export * from "./replay-guard";
export * from "./sign";
export * from "./verify";
