import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";

describe("worker tests run inside workerd", () => {
  it("reports the Workers runtime from inside the test and from the Worker", async () => {
    expect(navigator.userAgent).toBe("Cloudflare-Workers");
    const res = await exports.default.fetch("http://validator/healthz");
    expect(await res.json()).toEqual({ ok: true, runtime: "Cloudflare-Workers" });
  });
});
