import { describe, expect, it } from "vitest";
import { type CommandTable, checkCommand, mayWrite } from "./command-policy";

// Flags as redis-server 7 reports them for these commands.
const table: CommandTable = new Map([
  ["get", new Set(["readonly", "fast"])],
  ["set", new Set(["write", "denyoom"])],
  ["eval", new Set(["noscript", "stale", "skip_monitor", "no_mandatory_keys", "movablekeys"])],
  ["eval_ro", new Set(["readonly", "noscript", "stale", "skip_monitor", "no_mandatory_keys", "movablekeys"])],
  ["blpop", new Set(["write", "noscript", "blocking"])],
  ["xread", new Set(["readonly", "blocking", "movablekeys"])],
  ["script", new Set<string>()],
  ["script|load", new Set(["noscript", "stale"])],
  ["object|encoding", new Set(["readonly"])],
]);
const cmd = (name: string, ...args: string[]) => ({ name, args });

describe("checkCommand", () => {
  it("lets the full token run reads, writes and scripts", () => {
    for (const command of [
      cmd("GET", "k"),
      cmd("set", "k", "v"),
      cmd("EVAL", "return 1", "0"),
      cmd("unknown"),
    ]) {
      expect(checkCommand(table, command, "full")).toEqual({ ok: true });
    }
  });

  it("limits the read-only token to commands flagged readonly, with Upstash's NOPERM text", () => {
    expect(checkCommand(table, cmd("GET", "k"), "readonly")).toEqual({ ok: true });
    expect(checkCommand(table, cmd("EVAL_RO", "return 1", "0"), "readonly")).toEqual({ ok: true });
    expect(checkCommand(table, cmd("object", "encoding", "k"), "readonly")).toEqual({ ok: true });
    expect(checkCommand(table, cmd("PING"), "readonly")).toEqual({ ok: true });
    expect(checkCommand(table, cmd("SET", "k", "v"), "readonly")).toEqual({
      ok: false,
      error: "NOPERM this user has no permissions to run the 'set' command",
    });
    expect(checkCommand(table, cmd("EVAL", "return 1", "0"), "readonly").ok).toBe(false);
    expect(checkCommand(table, cmd("SCRIPT", "LOAD", "return 1"), "readonly").ok).toBe(false);
  });

  it("refuses blocking, streaming and connection-state commands for every token", () => {
    for (const command of [
      cmd("BLPOP", "q", "0"),
      cmd("SUBSCRIBE", "c"),
      cmd("MULTI"),
      cmd("select", "2"),
      cmd("CONFIG", "SET", "dir", "/"),
    ]) {
      const verdict = checkCommand(table, command, "full");
      expect(verdict.ok).toBe(false);
      expect(!verdict.ok && verdict.error).toMatch(
        /^ERR '[a-z]+' is not supported by the local Upstash bridge: /,
      );
    }
  });

  it("allows XREAD unless it asks to BLOCK (a key named BLOCK after STREAMS does not count)", () => {
    expect(checkCommand(table, cmd("XREAD", "COUNT", "1", "STREAMS", "s", "0"), "full").ok).toBe(true);
    expect(checkCommand(table, cmd("XREAD", "STREAMS", "BLOCK", "0"), "full").ok).toBe(true);
    expect(checkCommand(table, cmd("XREAD", "BLOCK", "10", "STREAMS", "s", "$"), "full").ok).toBe(false);
  });
});

describe("mayWrite", () => {
  it("treats everything not flagged readonly as a possible write", () => {
    expect(mayWrite(table, cmd("GET", "k"))).toBe(false);
    expect(mayWrite(table, cmd("SET", "k", "v"))).toBe(true);
    expect(mayWrite(table, cmd("EVAL", "return 1", "0"))).toBe(true);
    expect(mayWrite(table, cmd("nosuch"))).toBe(true);
  });
});
