import { describe, expect, it } from "vitest";
import { memoryReplayGuard } from "../../shared/src/epistula/replay-guard";
import { signRequest, signResponse } from "../../shared/src/epistula/sign";
import { verifyRequest, verifyResponse } from "../../shared/src/epistula/verify";
import { hotkeyPairFromSeed, hotkeyPairFromUri } from "../../shared/src/keys/hotkey-pair";
import { sr25519Js } from "../../shared/src/keys/sr25519-js";
import { workerSr25519 } from "../../workers/validator/src/crypto/sr25519";

// Inside workerd: the pure-JS sr25519 path must work where wasm compiled from bytes is forbidden.
describe("Epistula v2 inside workerd (pure-JS sr25519)", () => {
  it("derives keys, signs and verifies a request and its signed response", async () => {
    expect(navigator.userAgent).toBe("Cloudflare-Workers");
    const validator = hotkeyPairFromSeed(`0x${"07".repeat(32)}`);
    const miner = hotkeyPairFromUri("//Bob");
    expect(miner.ss58).toBe("5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty");
    const body = JSON.stringify({ taskId: "t-1" });
    const now = Date.now();
    const headers = signRequest({ body, signer: validator, signedFor: miner.ss58, sr25519: sr25519Js, now });
    const replay = memoryReplayGuard();
    const request = new Request("http://miner/task", { method: "POST", headers, body });
    const bytes = new Uint8Array(await request.arrayBuffer());
    const args = {
      headers: request.headers,
      body: bytes,
      receiver: miner.ss58,
      sr25519: sr25519Js,
      now,
      replay,
    };
    const verified = await verifyRequest(args);
    expect(verified).toMatchObject({ ok: true, signedBy: validator.ss58 });
    expect(await verifyRequest(args)).toMatchObject({ ok: false, reason: "replayed" });

    const uuid = headers["Epistula-Uuid"] as string;
    const answer = '{"label":"ok"}';
    const responseHeaders = signResponse({
      body: answer,
      signer: miner,
      signedFor: validator.ss58,
      requestUuid: uuid,
      sr25519: sr25519Js,
      now,
    });
    const response = await verifyResponse({
      headers: new Headers(responseHeaders),
      body: answer,
      signer: miner.ss58,
      receiver: validator.ss58,
      requestUuid: uuid,
      sr25519: sr25519Js,
      now,
    });
    expect(response).toMatchObject({ ok: true, signedBy: miner.ss58, uuid });
  });
});

describe("the Worker's wasm sr25519 inside workerd", () => {
  it("loads from the bundled module, and its signatures and the JS backend's verify each other", async () => {
    const wasm = await workerSr25519();
    expect(wasm.name).toBe("wasm-crypto");
    const pair = hotkeyPairFromUri("//Alice");
    const message = new TextEncoder().encode("1700000000000.uuid.5Grw.0xabc");
    const byWasm = wasm.sign(message, pair);
    const byJs = sr25519Js.sign(message, pair);
    expect(sr25519Js.verify(message, byWasm, pair.publicKey)).toBe(true);
    expect(wasm.verify(message, byJs, pair.publicKey)).toBe(true);
    const tampered = byWasm.slice();
    tampered[5] = (tampered[5] ?? 0) ^ 1;
    expect(wasm.verify(message, tampered, pair.publicKey)).toBe(false);
    expect(wasm.verify(message, byWasm, hotkeyPairFromUri("//Bob").publicKey)).toBe(false);
    expect(wasm.verify(message, byWasm.slice(0, 63), pair.publicKey)).toBe(false);
  });
});
