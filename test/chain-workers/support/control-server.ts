import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApiPromise } from "@polkadot/api";
import type { LocalChain } from "../../../local/chain/local-chain";
import { type SubnetFixture, sudoCalls } from "../../../local/chain/subnet-fixture";
import { chainErrorName } from "../../../shared/src/chain/chain-errors";
import type { Extrinsic } from "../../../shared/src/chain/extrinsics";
import { roundRandomness } from "../../../shared/src/timelock/drand";

/** A running control server. */
export interface ControlServer {
  url: string;
  stop(): Promise<void>;
}

type Handler = (body: Record<string, unknown>) => Promise<unknown>;

const MAX_BODY = 64 * 1024;

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/**
 * What workerd cannot do itself in these tests, done from Node on the test's request (127.0.0.1 only):
 * make blocks, switch block mode, write storage (dev_setStorage), run sudo AdminUtils calls, inject a
 * drand pulse, and read back what the chain holds (weights, nonce, extrinsics signed by an address).
 */
export async function startControlServer(
  chain: LocalChain,
  api: ApiPromise,
  fx: SubnetFixture,
): Promise<ControlServer> {
  const sub = () => {
    const q = api.query.subtensorModule;
    if (!q) throw new Error("no SubtensorModule storage");
    return q;
  };
  const routes: Record<string, Handler> = {
    "/idle": async () => {
      // Instant mode builds a block per transaction after the submit RPC returned: wait for it.
      while ((await chain.upcomingBlocks()) > 0) {}
      return { head: chain.headNumber() };
    },
    "/query": async (b) => {
      // biome-ignore lint/suspicious/noExplicitAny: storage items are decorated from metadata at run time
      const q = (api.query as any)[String(b.pallet)]?.[String(b.item)];
      if (!q) throw new Error(`no storage ${b.pallet}.${b.item}`);
      return { value: (await q(...((b.args as unknown[]) ?? []))).toJSON() };
    },
    "/blocks": async (b) => ({ head: await chain.newBlocks(Number(b.n ?? 1)) }),
    "/mode": async (b) => {
      chain.setBlockMode(b.mode === "Manual" ? "Manual" : "Instant");
      return { mode: b.mode };
    },
    "/head": async () => ({ head: chain.headNumber() }),
    "/storage": async (b) => {
      await chain.setStorage(b.values as never);
      return { ok: true };
    },
    "/sudo": async (b) => {
      const calls = (b.calls as { method: string; args: unknown[] }[]).map(({ method, args }): Extrinsic => {
        const f = api.tx.adminUtils?.[method];
        if (!f) throw new Error(`no adminUtils.${method}`);
        return f(...args);
      });
      const out = await sudoCalls(api, fx.sudo, calls);
      if (out.kind !== "inBlock") {
        throw new Error(`sudo failed: ${out.kind === "timeout" ? "timeout" : chainErrorName(out.error)}`);
      }
      return { block: out.blockNumber };
    },
    "/pulse": async (b) => {
      const round = Number(b.round);
      const signature = String(b.signatureHex).replace(/^0x/, "");
      const randomness = Buffer.from(roundRandomness(Buffer.from(signature, "hex"))).toString("hex");
      await chain.setStorage({
        Drand: {
          Pulses: [[[round], { round, randomness: `0x${randomness}`, signature: `0x${signature}` }]],
          LastStoredRound: round,
        },
      } as never);
      const stored = (await api.query.drand?.pulses?.(round))?.toJSON();
      return { stored: stored !== null && stored !== undefined };
    },
    "/state": async (b) => {
      const uid = Number(b.uid);
      const address = String(b.address);
      const weights = (await sub().weights?.(fx.netuid, uid))?.toJSON() as [number, number][] | undefined;
      const lastUpdate = ((await sub().lastUpdate?.(fx.netuid))?.toJSON() as number[] | undefined)?.[uid];
      const account = (await api.query.system?.account?.(address))?.toJSON() as { nonce: number } | undefined;
      const pending = await api.rpc.author.pendingExtrinsics();
      const revealPeriodEpochs = Number((await sub().revealPeriodEpochs?.(fx.netuid))?.toString() ?? 1);
      return {
        revealPeriodEpochs,
        head: chain.headNumber(),
        weights: weights ?? [],
        lastUpdate: lastUpdate ?? null,
        nonce: account?.nonce ?? 0,
        pendingFromAddress: pending.filter((x) => x.signer.toString() === address).length,
      };
    },
    "/extrinsics": async (b) => {
      // Signed extrinsics from `address` in blocks from..head (inclusive): counts double submissions.
      const address = String(b.address);
      const from = Number(b.from);
      const head = chain.headNumber();
      const found: { block: number; call: string }[] = [];
      for (let n = from; n <= head; n++) {
        const hash = await api.rpc.chain.getBlockHash(n);
        const block = await api.rpc.chain.getBlock(hash);
        for (const x of block.block.extrinsics) {
          if (x.isSigned && x.signer.toString() === address) {
            found.push({ block: n, call: `${x.method.section}.${x.method.method}` });
          }
        }
      }
      return { head, found };
    },
  };
  const server: Server = createServer((req, res) => {
    const route = routes[req.url ?? ""];
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body, (_, v) => (typeof v === "bigint" ? v.toString() : v)));
    };
    if (!route || req.method !== "POST") return reply(404, { error: `no route ${req.method} ${req.url}` });
    readJson(req)
      .then(route)
      .then(
        (body) => reply(200, body),
        (e: unknown) => reply(500, { error: e instanceof Error ? e.message : String(e) }),
      );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
