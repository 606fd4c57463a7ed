import { Keyring } from "@polkadot/keyring";
import { u8aToHex } from "@polkadot/util";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Hotkey } from "../keys/hotkey";
import { type HotkeyPair, hotkeyPairFromUri } from "../keys/hotkey-pair";
import type { Sr25519 } from "../keys/sr25519";
import { sr25519Js } from "../keys/sr25519-js";
import { initSr25519Wasm } from "../keys/sr25519-wasm";
import { loadSr25519Wasm } from "../keys/sr25519-wasm.node";
import { sha256Hex, sha256HexSubtle } from "./body-hash";
import { epistulaHeadersSchema } from "./headers";
import { epistulaMessage } from "./message";
import { memoryReplayGuard } from "./replay-guard";
import { signRequest, signResponse } from "./sign";
import { epistulaFailureStatus, verifyRequest, verifyResponse } from "./verify";

// Spec: docs/protocol.md (Epistula v2). Keys are the public Substrate dev accounts.
const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY" as Hotkey;
const BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty" as Hotkey;

// Fixed vector. The body hash and message hash were computed independently with Python's hashlib; the
// signature was made once by @polkadot/keyring's //Alice over the message bytes.
const VECTOR = {
  body: '{"taskId":"t-1","text":"Where is my order?"}',
  bodySha256Hex: "813df3358725a61426289b19ce48c4ab1d46a518b54c52bcd2860497244007cf",
  uuid: "6f1c2a8e-3b4d-4e5f-9a0b-1c2d3e4f5a6b",
  timestamp: 1_700_000_000_000,
  signedFor: BOB,
  message:
    "813df3358725a61426289b19ce48c4ab1d46a518b54c52bcd2860497244007cf.6f1c2a8e-3b4d-4e5f-9a0b-1c2d3e4f5a6b." +
    "1700000000000.5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty",
  messageSha256Hex: "d5f3a7e7a9a628f557b146e0a555e1fb89546c529f14c31f0949d0f1311b581d",
  signature:
    "0x46bf1f61d2049926279193e11c67a8d709e445c04da6c08fbd7ee59ca522951074d8674b85a2adba79c4a9c3621ded03549" +
    "bd417b8efeb8cda48f7051d310588",
};

let wasm: Sr25519;
let backends: [string, Sr25519][];
let alice: HotkeyPair;
const NOW = VECTOR.timestamp + 1_000;

beforeAll(async () => {
  await cryptoWaitReady();
  wasm = await loadSr25519Wasm();
  backends = [
    ["wasm", wasm],
    ["wasm-crypto", await initSr25519Wasm()],
    ["js", sr25519Js],
  ];
  alice = hotkeyPairFromUri("//Alice");
});

function vectorHeaders(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    "Epistula-Version": "2",
    "Epistula-Timestamp": String(VECTOR.timestamp),
    "Epistula-Uuid": VECTOR.uuid,
    "Epistula-Signed-By": ALICE,
    "Epistula-Signed-For": BOB,
    "Epistula-Request-Signature": VECTOR.signature,
    ...overrides,
  };
}

function verifyAsBob(
  headers: Record<string, string> | Headers,
  body: string | Uint8Array = VECTOR.body,
  sr = sr25519Js,
) {
  return verifyRequest({ headers, body, receiver: BOB, sr25519: sr, now: NOW, replay: memoryReplayGuard() });
}

describe("Epistula v2 fixed test vector", () => {
  it("message is <sha256(body)>.<uuid>.<timestamp>.<signed_for>, hashed as pinned", () => {
    expect(sha256Hex(VECTOR.body)).toBe(VECTOR.bodySha256Hex);
    const message = epistulaMessage({
      bodySha256Hex: sha256Hex(VECTOR.body),
      uuid: VECTOR.uuid,
      timestamp: String(VECTOR.timestamp),
      signedFor: VECTOR.signedFor,
    });
    expect(message).toBe(VECTOR.message);
    expect(sha256Hex(message)).toBe(VECTOR.messageSha256Hex);
  });

  it("sha256 over crypto.subtle agrees with @noble/hashes, for strings and bytes", async () => {
    const bytes = new TextEncoder().encode(VECTOR.body);
    expect(await sha256HexSubtle(VECTOR.body)).toBe(VECTOR.bodySha256Hex);
    expect(await sha256HexSubtle(bytes)).toBe(VECTOR.bodySha256Hex);
    expect(sha256Hex(new Uint8Array(0))).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
  });

  it("the pinned //Alice signature verifies with every backend, as a request Bob accepts", async () => {
    const message = new TextEncoder().encode(VECTOR.message);
    const signature = Uint8Array.from(Buffer.from(VECTOR.signature.slice(2), "hex"));
    for (const [, backend] of backends) {
      expect(backend.verify(message, signature, alice.publicKey)).toBe(true);
      const result = await verifyAsBob(vectorHeaders(), VECTOR.body, backend);
      expect(result).toEqual({ ok: true, signedBy: ALICE, uuid: VECTOR.uuid, timestamp: VECTOR.timestamp });
    }
  });
});

describe("Epistula v2 requests", () => {
  it("a request signed by @polkadot/keyring's //Alice for //Bob verifies with every backend", async () => {
    const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
    const kAlice = keyring.addFromUri("//Alice");
    const body = new TextEncoder().encode('{"hello":"bob"}');
    const uuid = crypto.randomUUID();
    const ts = String(NOW - 500);
    const message = `${sha256Hex(body)}.${uuid}.${ts}.${BOB}`;
    const headers = vectorHeaders({
      "Epistula-Timestamp": ts,
      "Epistula-Uuid": uuid,
      "Epistula-Request-Signature": u8aToHex(kAlice.sign(new TextEncoder().encode(message))),
    });
    for (const [name, backend] of backends) {
      const result = await verifyAsBob(headers, body, backend);
      expect(result, name).toMatchObject({ ok: true, signedBy: ALICE, uuid });
    }
  });

  it("signRequest's headers match the schema and verify with every backend, from either signer backend", async () => {
    for (const [, signer] of backends) {
      const headers = signRequest({ body: "hi", signer: alice, signedFor: BOB, sr25519: signer, now: NOW });
      expect(Object.keys(headers)).toEqual([
        "Epistula-Version",
        "Epistula-Timestamp",
        "Epistula-Uuid",
        "Epistula-Signed-By",
        "Epistula-Signed-For",
        "Epistula-Request-Signature",
      ]);
      const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
      expect(epistulaHeadersSchema.safeParse(lower).success).toBe(true);
      expect(headers["Epistula-Timestamp"]).toBe(String(NOW));
      for (const [name, verifier] of backends) {
        expect(await verifyAsBob(new Headers(headers), "hi", verifier), name).toMatchObject({ ok: true });
      }
    }
  });

  it("accepts a precomputed body hash instead of the body", async () => {
    const result = await verifyRequest({
      headers: vectorHeaders(),
      bodySha256Hex: VECTOR.bodySha256Hex,
      receiver: BOB,
      sr25519: wasm,
      now: NOW,
      replay: memoryReplayGuard(),
    });
    expect(result.ok).toBe(true);
    await expect(
      verifyRequest({
        headers: vectorHeaders(),
        bodySha256Hex: VECTOR.bodySha256Hex.toUpperCase(),
        receiver: BOB,
        sr25519: wasm,
        now: NOW,
        replay: memoryReplayGuard(),
      }),
    ).rejects.toThrow(/lowercase hex/);
  });

  it("changing one byte of the body fails", async () => {
    const bytes = new TextEncoder().encode(VECTOR.body);
    bytes[5] = (bytes[5] ?? 0) ^ 0x01;
    expect(await verifyAsBob(vectorHeaders(), bytes)).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("changing one character of uuid, timestamp or signed-for fails", async () => {
    const uuid = `${VECTOR.uuid.slice(0, -1)}c`;
    expect(await verifyAsBob(vectorHeaders({ "Epistula-Uuid": uuid }))).toMatchObject({
      reason: "bad_signature",
    });
    const ts = String(VECTOR.timestamp + 1);
    expect(await verifyAsBob(vectorHeaders({ "Epistula-Timestamp": ts }))).toMatchObject({
      reason: "bad_signature",
    });
    // Signed-For changed to Charlie: Bob refuses it as not his before any signature work...
    const charlie = hotkeyPairFromUri("//Charlie").ss58;
    expect(await verifyAsBob(vectorHeaders({ "Epistula-Signed-For": charlie }))).toMatchObject({
      ok: false,
      reason: "wrong_receiver",
    });
    // ...and Charlie, the new Signed-For, finds the signature does not cover him.
    const asCharlie = await verifyRequest({
      headers: vectorHeaders({ "Epistula-Signed-For": charlie }),
      body: VECTOR.body,
      receiver: charlie,
      sr25519: wasm,
      now: NOW,
      replay: memoryReplayGuard(),
    });
    expect(asCharlie).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("a replay fails, and forged requests do not poison the replay cache", async () => {
    const replay = memoryReplayGuard();
    const verify = (headers: Record<string, string>) =>
      verifyRequest({ headers, body: VECTOR.body, receiver: BOB, sr25519: wasm, now: NOW, replay });
    const forged = vectorHeaders({ "Epistula-Request-Signature": `0x${"ab".repeat(64)}` });
    expect(await verify(forged)).toMatchObject({ ok: false, reason: "bad_signature" });
    expect(await verify(vectorHeaders())).toMatchObject({ ok: true });
    const again = await verify(vectorHeaders());
    expect(again).toMatchObject({ ok: false, reason: "replayed" });
    expect(!again.ok && epistulaFailureStatus(again.reason)).toBe(409);
  });

  it("an expired and a future timestamp fail; the window edges pass", async () => {
    const run = (now: number) =>
      verifyRequest({
        headers: vectorHeaders(),
        body: VECTOR.body,
        receiver: BOB,
        sr25519: sr25519Js,
        now,
        replay: memoryReplayGuard(),
      });
    expect(await run(VECTOR.timestamp + 8_001)).toMatchObject({ ok: false, reason: "expired" });
    expect(await run(VECTOR.timestamp - 2_001)).toMatchObject({ ok: false, reason: "future" });
    expect(await run(VECTOR.timestamp + 8_000)).toMatchObject({ ok: true });
    expect(await run(VECTOR.timestamp - 2_000)).toMatchObject({ ok: true });
    const tight = await verifyRequest({
      headers: vectorHeaders(),
      body: VECTOR.body,
      receiver: BOB,
      sr25519: sr25519Js,
      now: VECTOR.timestamp + 5_001,
      maxAgeMs: 5_000,
      replay: memoryReplayGuard(),
    });
    expect(tight).toMatchObject({ ok: false, reason: "expired", message: /5000 ms/ });
  });

  it("a missing header fails, naming it", async () => {
    const headers = vectorHeaders();
    delete headers["Epistula-Signed-For"];
    const result = await verifyAsBob(headers);
    expect(result).toMatchObject({ ok: false, reason: "missing_header", message: /epistula-signed-for/ });
    expect(!result.ok && epistulaFailureStatus(result.reason)).toBe(400);
    expect(await verifyAsBob({})).toMatchObject({ reason: "missing_header" });
  });

  it("a bad version fails", async () => {
    for (const version of ["1", "2.0", " 2", ""]) {
      expect(await verifyAsBob(vectorHeaders({ "Epistula-Version": version }))).toMatchObject({
        ok: false,
        reason: "bad_version",
      });
    }
  });

  it("a non-hex or wrong-length signature is malformed", async () => {
    for (const signature of [
      `0x${"zz".repeat(64)}`,
      VECTOR.signature.slice(2),
      `${VECTOR.signature}00`,
      "0x",
    ]) {
      expect(await verifyAsBob(vectorHeaders({ "Epistula-Request-Signature": signature }))).toMatchObject({
        ok: false,
        reason: "malformed",
        message: /epistula-request-signature/,
      });
    }
  });

  it("a garbage signed-by, a bad uuid or timestamp, or a repeated header is malformed", async () => {
    const cases: Record<string, string>[] = [
      { "Epistula-Signed-By": "garbage" },
      { "Epistula-Signed-By": "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5" }, // Alice, prefix 0
      { "Epistula-Uuid": "not-a-uuid" },
      { "Epistula-Uuid": "6f1c2a8e-3b4d-1e5f-9a0b-1c2d3e4f5a6b" }, // v1
      { "Epistula-Timestamp": "1.7e12" },
      { "Epistula-Timestamp": "-1" },
      { "Epistula-Timestamp": "9".repeat(16) },
    ];
    for (const overrides of cases) {
      expect(await verifyAsBob(vectorHeaders(overrides)), JSON.stringify(overrides)).toMatchObject({
        ok: false,
        reason: "malformed",
      });
    }
    const doubled = { ...vectorHeaders(), "epistula-uuid": [VECTOR.uuid, VECTOR.uuid] } as unknown as Record<
      string,
      string
    >;
    delete doubled["Epistula-Uuid"];
    expect(
      await verifyRequest({
        headers: doubled,
        body: VECTOR.body,
        receiver: BOB,
        sr25519: wasm,
        now: NOW,
        replay: memoryReplayGuard(),
      }),
    ).toMatchObject({ ok: false, reason: "malformed", message: /epistula-uuid/ });
  });

  it("another sender's valid signature under Alice's name fails", async () => {
    const eve = hotkeyPairFromUri("//Eve");
    const headers = signRequest({ body: VECTOR.body, signer: eve, signedFor: BOB, sr25519: wasm, now: NOW });
    headers["Epistula-Signed-By"] = ALICE;
    expect(await verifyAsBob(headers)).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("reads lowercase (Hono) and mixed-case header records alike", async () => {
    const lower = Object.fromEntries(Object.entries(vectorHeaders()).map(([k, v]) => [k.toLowerCase(), v]));
    expect(await verifyAsBob(lower)).toMatchObject({ ok: true });
    const upper = Object.fromEntries(Object.entries(vectorHeaders()).map(([k, v]) => [k.toUpperCase(), v]));
    expect(await verifyAsBob(upper)).toMatchObject({ ok: true });
  });

  it("signRequest refuses a bad uuid or clock value", () => {
    expect(() => signRequest({ body: "", signer: alice, signedFor: BOB, sr25519: wasm, uuid: "x" })).toThrow(
      /uuid v4/,
    );
    expect(() => signRequest({ body: "", signer: alice, signedFor: BOB, sr25519: wasm, now: 1.5 })).toThrow(
      /integer/,
    );
  });
});

describe("Epistula v2 signed responses (our extension)", () => {
  const requestUuid = VECTOR.uuid;
  const answer = '{"label":"order_status"}';

  function bobAnswers(overrides: { body?: string; requestUuid?: string; now?: number } = {}) {
    const bob = hotkeyPairFromUri("//Bob");
    return signResponse({
      body: overrides.body ?? answer,
      signer: bob,
      signedFor: ALICE,
      requestUuid: overrides.requestUuid ?? requestUuid,
      sr25519: sr25519Js,
      now: overrides.now ?? NOW,
    });
  }

  function aliceChecks(
    headers: Record<string, string>,
    body = answer,
    extra: { signer?: Hotkey; now?: number } = {},
  ) {
    return verifyResponse({
      headers,
      body,
      signer: extra.signer ?? BOB,
      receiver: ALICE,
      requestUuid,
      sr25519: wasm,
      now: extra.now ?? NOW,
    });
  }

  it("carries the request's uuid and Epistula-Response-Signature, and verifies", async () => {
    const headers = bobAnswers();
    expect(headers["Epistula-Uuid"]).toBe(requestUuid);
    expect(headers["Epistula-Signed-By"]).toBe(BOB);
    expect(headers["Epistula-Signed-For"]).toBe(ALICE);
    expect(headers["Epistula-Response-Signature"]).toMatch(/^0x[0-9a-f]{128}$/);
    expect(headers["Epistula-Request-Signature"]).toBeUndefined();
    expect(await aliceChecks(headers)).toEqual({
      ok: true,
      signedBy: BOB,
      uuid: requestUuid,
      timestamp: NOW,
    });
  });

  it("a response to another request, from another miner, or with a changed body fails", async () => {
    const other = bobAnswers({ requestUuid: crypto.randomUUID() });
    expect(await aliceChecks(other)).toMatchObject({ ok: false, reason: "wrong_request" });
    // Relabelling it to our uuid breaks the signature: the uuid is signed.
    expect(await aliceChecks({ ...other, "Epistula-Uuid": requestUuid })).toMatchObject({
      reason: "bad_signature",
    });
    const charlie = hotkeyPairFromUri("//Charlie").ss58;
    expect(await aliceChecks(bobAnswers(), answer, { signer: charlie })).toMatchObject({
      reason: "wrong_signer",
    });
    expect(await aliceChecks(bobAnswers(), '{"label":"refund"}')).toMatchObject({ reason: "bad_signature" });
  });

  it("a request's headers are not accepted as a response, nor a stale response", async () => {
    const request = signRequest({
      body: answer,
      signer: hotkeyPairFromUri("//Bob"),
      signedFor: ALICE,
      sr25519: wasm,
      now: NOW,
      uuid: requestUuid,
    });
    expect(await aliceChecks(request)).toMatchObject({
      ok: false,
      reason: "missing_header",
      message: /response-signature/,
    });
    expect(await aliceChecks(bobAnswers(), answer, { now: NOW + 8_001 })).toMatchObject({
      reason: "expired",
    });
  });
});
