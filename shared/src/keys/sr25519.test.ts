import { beforeAll, describe, expect, it, vi } from "vitest";
import { hotkeyPairFromSeed, hotkeyPairFromUri } from "./hotkey-pair";
import type { Sr25519 } from "./sr25519";
import { sr25519Js } from "./sr25519-js";
import { initSr25519Wasm } from "./sr25519-wasm";
import { loadSr25519Wasm } from "./sr25519-wasm.node";
import { isRistrettoPublicKey, isSchnorrkelSignature } from "./sr25519-well-formed";

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

  it("thousands of malformed signatures and keys leave every backend verifying and signing (no wasm panic)", () => {
    const alice = hotkeyPairFromUri("//Alice");
    const sig = wasm.sign(message, alice);
    const unmarked = sig.slice();
    unmarked[63] = (unmarked[63] as number) & 0x7f;
    const notAPoint = alice.publicKey.slice();
    notAPoint[0] = (notAPoint[0] as number) ^ 1;
    const malformed: [Uint8Array, Uint8Array][] = [
      [new Uint8Array(64).fill(0xaa), alice.publicKey], // marked, scalar above the group order
      [unmarked, alice.publicKey],
      [new Uint8Array(64), alice.publicKey],
      [sig, notAPoint],
      [sig, new Uint8Array(32).fill(0xff)],
    ];
    const printed = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      // schnorrkel-wasm used to trap on each of these and stop working after ~1,200 traps.
      for (let i = 0; i < 600; i++)
        for (const [signature, publicKey] of malformed)
          expect(wasm.verify(message, signature, publicKey)).toBe(false);
      expect(printed).not.toHaveBeenCalled();
    } finally {
      printed.mockRestore();
    }
    for (const backend of [wasm, wasmCrypto, sr25519Js]) {
      expect(backend.verify(message, sig, alice.publicKey), backend.name).toBe(true);
      expect(backend.verify(message, backend.sign(message, alice), alice.publicKey), backend.name).toBe(true);
    }
  });
});

describe("sr25519 encodings checked before any library sees them", () => {
  const L = 2n ** 252n + 27742317777372353535851937790883648493n;
  const withScalar = (s: bigint) => {
    const signature = new Uint8Array(64);
    for (let i = 0; i < 32; i++) signature[32 + i] = Number((s >> BigInt(8 * i)) & 0xffn);
    signature[63] = (signature[63] as number) | 0x80;
    return signature;
  };

  it("accepts every backend's signatures and scalars below the group order, refuses the rest", () => {
    const alice = hotkeyPairFromUri("//Alice");
    for (const backend of [wasm, wasmCrypto, sr25519Js])
      for (let i = 0; i < 20; i++) expect(isSchnorrkelSignature(backend.sign(message, alice))).toBe(true);
    expect(isSchnorrkelSignature(withScalar(0n))).toBe(true);
    expect(isSchnorrkelSignature(withScalar(2n ** 252n - 1n))).toBe(true);
    expect(isSchnorrkelSignature(withScalar(L - 1n))).toBe(true);
    expect(isSchnorrkelSignature(withScalar(L))).toBe(false);
    expect(isSchnorrkelSignature(withScalar(2n ** 255n - 1n))).toBe(false);
    const unmarked = withScalar(1n);
    unmarked[63] = 0;
    expect(isSchnorrkelSignature(unmarked)).toBe(false);
    expect(isSchnorrkelSignature(new Uint8Array(63))).toBe(false);
  });

  it("accepts public keys that are Ristretto points, refuses others", () => {
    for (const uri of ["//Alice", "//Bob", "//Eve"])
      expect(isRistrettoPublicKey(hotkeyPairFromUri(uri).publicKey)).toBe(true);
    const flipped = hotkeyPairFromUri("//Alice").publicKey.slice();
    flipped[0] = (flipped[0] as number) ^ 1;
    expect(isRistrettoPublicKey(flipped)).toBe(false);
    expect(isRistrettoPublicKey(new Uint8Array(32).fill(0xff))).toBe(false);
    expect(isRistrettoPublicKey(new Uint8Array(31))).toBe(false);
  });
});
