import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { connectChain } from "../../shared/src/chain/connect";
import { readMetagraph } from "../../shared/src/chain/metagraph";
import type { ChainWorkersProvided } from "./support/provided";

const chain = JSON.parse(String(env.CHAIN_WORKERS)) as ChainWorkersProvided;

describe.skipIf(chain.kind !== "ready")("smoke", () => {
  it("connects", async () => {
    if (chain.kind !== "ready") return;
    const c = await connectChain({ endpoints: [chain.wsUrl], timeoutMs: 20_000 });
    expect(c.kind).toBe("connected");
    if (c.kind !== "connected") return;
    const m = await readMetagraph(c.api, chain.netuid);
    expect(m.kind).toBe("found");
    await c.api.disconnect();
  });
});
