/** Hotkeys, SS58 and sr25519 that run everywhere; Node-only pieces are imported from their `*.node.ts`. */
export * from "./hotkey";
export * from "./hotkey-pair";
export * from "./sr25519";
export * from "./sr25519-js";
export * from "./ss58";
