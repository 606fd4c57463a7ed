import { beforeAll, describe, expect, it } from "vitest";
import { hotkeyPairFromSeed, hotkeyPairFromUri } from "./hotkey-pair";
import type { Sr25519 } from "./sr25519";
import { sr25519Js } from "./sr25519-js";
import { initSr25519Wasm } from "./sr25519-wasm";
import { loadSr25519Wasm } from "./sr25519-wasm.node";

let wasm: Sr25519; // Node's (schnorrkel-wasm)
let wasmCrypto: Sr25519; // the Worker's (@polkadot/wasm-crypto)
beforeAll(async () => {
  wasm = await loadSr25519Wasm();
  wasmCrypto = await initSr25519Wasm();
});

const message = new TextEncoder().encode("sr25519 backends must agree");

describe("sr25519 backends (schnorrkel-wasm, wasm-crypto and pure JS)", () => {
  it("share one secret-key format: each verifies every other's signatures", () => {
    const backends = [wasm, wasmCrypto, sr25519Js];
    expect(backends.map((b) => b.name)).toEqual(["schnorrkel-wasm", "wasm-crypto", "js"]);
    for (let i = 0; i < 4; i++) {
      const pair = hotkeyPairFromSeed(crypto.getRandomValues(new Uint8Array(32)));
      for (const signer of backends) {
        const signature = signer.sign(message, pair);
        expect(signature).toHaveLength(64);
        for (const verifier of backends) {
          expect(
            verifier.verify(message, signature, pair.publicKey),
            `${signer.name} -> ${verifier.name}`,
          ).toBe(true);
        }
      }
    }
  });

  it("reject a changed message, another key and a flipped signature bit", () => {
    const alice = hotkeyPairFromUri("//Alice");
    const bob = hotkeyPairFromUri("//Bob");
    const sig = sr25519Js.sign(message, alice);
    const other = new TextEncoder().encode("sr25519 backends must agreE");
    const flipped = sig.slice();
    flipped[10] = (flipped[10] ?? 0) ^ 1;
    for (const backend of [wasm, wasmCrypto, sr25519Js]) {
      expect(backend.verify(other, sig, alice.publicKey)).toBe(false);
      expect(backend.verify(message, sig, bob.publicKey)).toBe(false);
      expect(backend.verify(message, flipped, alice.publicKey)).toBe(false);
    }
  });

  it("verify never throws on malformed input: wrong lengths and non-points give false", () => {
    const alice = hotkeyPairFromUri("//Alice");
    const sig = wasm.sign(message, alice);
    const cases: [Uint8Array, Uint8Array][] = [
      [sig.slice(0, 63), alice.publicKey],
      [new Uint8Array(65), alice.publicKey],
      [sig, alice.publicKey.slice(0, 31)],
      [sig, new Uint8Array(0)],
      [new Uint8Array(64), new Uint8Array(32)],
      [new Uint8Array(64).fill(0xff), new Uint8Array(32).fill(0xff)],
      [sig, new Uint8Array(32).fill(0xff)],
    ];
    for (const backend of [wasm, wasmCrypto, sr25519Js]) {
      for (const [signature, publicKey] of cases) {
        expect(backend.verify(message, signature, publicKey)).toBe(false);
      }
      expect(backend.verify(message, "nope" as unknown as Uint8Array, alice.publicKey)).toBe(false);
    }
  });

  it("signatures are randomized (so tests pin verification, not bytes)", () => {
    const alice = hotkeyPairFromUri("//Alice");
    for (const backend of [wasm, wasmCrypto, sr25519Js]) {
      expect(backend.sign(message, alice)).not.toEqual(backend.sign(message, alice));
    }
  });
});
