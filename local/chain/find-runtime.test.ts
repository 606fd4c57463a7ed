import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultSpecPath, findRuntime } from "./find-runtime";

describe("findRuntime", () => {
  it("uses MIAOAI_CHAIN_SPEC when the file exists", () => {
    const p = join(mkdtempSync(join(tmpdir(), "miaoai-spec-")), "spec.json");
    writeFileSync(p, "{}");
    expect(findRuntime({ MIAOAI_CHAIN_SPEC: p })).toEqual({ kind: "found", specPath: p });
  });
  it("says how to get the runtime when it is missing", () => {
    const r = findRuntime({ MIAOAI_CHAIN_SPEC: "/nonexistent/aura-dev.json" });
    expect(r.kind).toBe("missing");
    if (r.kind === "missing") {
      expect(r.howTo).toContain("scripts/get-runtime.ts");
      expect(r.howTo).toContain("dd53a75be37ed9029356a03d9ef68aff88007195");
    }
  });
  it("defaults to the cache outside the repository", () => {
    expect(defaultSpecPath()).toMatch(/\.cache\/miaoai\/chain\/aura-dev-293\.json$/);
  });
});
