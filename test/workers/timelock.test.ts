import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { describe, expect, it } from "vitest";
import { QUICKNET_ROUND_1000_SIGNATURE_HEX } from "../../shared/src/timelock/drand";
import { encodeTimelockedPayload } from "../../shared/src/timelock/payload";
import { createTimelock } from "../../shared/src/timelock/tlock";
import { timelockWasmModule } from "../../shared/src/timelock/wasm-module.workerd";
import { ciphertextLength, parseTimelockCiphertext } from "../../shared/src/timelock/wire-format";
import fixture from "../fixtures/timelock/quicknet-round-1000.json";

// Runs inside workerd, where wasm can only come from a module imported at bundle time.
describe("timelock encryption inside workerd", () => {
  it("runs in the Workers runtime with a precompiled wasm module", () => {
    expect(navigator.userAgent).toBe("Cloudflare-Workers");
    expect(timelockWasmModule).toBeInstanceOf(WebAssembly.Module);
  });

  it("decrypts the fixed round-1000 vector with the published signature", () => {
    const tl = createTimelock(timelockWasmModule);
    const plaintext = tl.decrypt(hexToBytes(fixture.ciphertextHex), QUICKNET_ROUND_1000_SIGNATURE_HEX);
    expect(new TextDecoder().decode(plaintext)).toBe(fixture.plaintextUtf8);
  });

  it("encrypts a weights payload in the chain's wire format and opens it again", () => {
    const tl = createTimelock(timelockWasmModule);
    const payload = encodeTimelockedPayload({
      layout: "with-hotkey",
      hotkeyPublicKey: new Uint8Array(32).fill(7),
      uids: [0, 1, 2],
      values: [65535, 100, 0],
      versionKey: 1_000_000n,
    });
    const ct = tl.encrypt(payload, 1000);
    expect(ct.length).toBe(ciphertextLength(payload.length));
    const parsed = parseTimelockCiphertext(ct);
    expect(parsed.ok && parsed.parts.cipherSuite).toBe("AES_GCM_");
    expect(bytesToHex(tl.decrypt(ct, QUICKNET_ROUND_1000_SIGNATURE_HEX))).toBe(bytesToHex(payload));
  });
});
