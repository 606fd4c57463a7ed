import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { redisServerInstalled } from "../../local/redis-server";

// `npm run devnet` as a user runs it: a real process tree (redis-server, workerd) that Ctrl-C must take down.
const ROOT = resolve(import.meta.dirname, "..", "..");
const redisMissing = !redisServerInstalled();
if (redisMissing) console.warn("devnet CLI test skipped: needs redis-server (apt-get install redis-server)");

/** Every descendant of `pid`, with its command name (from ps). */
function descendants(pid: number): { pid: number; comm: string }[] {
  const rows = execFileSync("ps", ["-e", "-o", "pid=,ppid=,comm="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .map(([p, pp, comm]) => ({ pid: Number(p), ppid: Number(pp), comm: comm ?? "" }));
  const out: { pid: number; comm: string }[] = [];
  const walk = (parent: number) => {
    for (const r of rows.filter((x) => x.ppid === parent)) {
      out.push({ pid: r.pid, comm: r.comm });
      walk(r.pid);
    }
  };
  walk(pid);
  return out;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function waitFor(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let out = "";
    const timer = setTimeout(
      () => reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${out}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      out += chunk.toString("utf8");
      if (pattern.test(out)) {
        clearTimeout(timer);
        resolvePromise(out);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`devnet exited (${code}) before ${pattern}; output:\n${out}`));
    });
  });
}

describe.skipIf(redisMissing)("npm run devnet, stopped with Ctrl-C", () => {
  it("prints usage for --help and names a bad flag", () => {
    const help = execFileSync(process.execPath, ["--import", "tsx", "scripts/devnet.ts", "--help"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(help).toMatch(/--miners N/);
    expect(help).toMatch(/--keep-running/);
    let stderr = "";
    try {
      execFileSync(process.execPath, ["--import", "tsx", "scripts/devnet.ts", "--miners", "lots"], {
        cwd: ROOT,
        encoding: "utf8",
        stdio: "pipe",
      });
    } catch (error) {
      stderr = String((error as { stderr?: string }).stderr);
      expect((error as { status?: number }).status).toBe(2);
    }
    expect(stderr).toMatch(/--miners needs a whole number/);
  });

  it("without the runtime, says weights are not submitted; on SIGINT, no redis-server or workerd is left", {
    timeout: 150_000,
  }, async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "scripts/devnet.ts", "--miners", "2", "--rounds", "1", "--keep-running"],
      {
        cwd: ROOT,
        // A runtime path that does not exist: the fresh-offline-machine case.
        env: { ...process.env, MIAOAI_CHAIN_SPEC: resolve(ROOT, "no-such-runtime.json") },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    try {
      const out = await waitFor(child, /press Ctrl-C to stop/, 140_000);
      expect(out).toMatch(
        /Weights were computed but NOT submitted to any chain: the subtensor runtime is not on/,
      );
      expect(out).toMatch(/scripts\/get-runtime\.ts/);
      expect(out).toMatch(/Dashboard: http:\/\/127\.0\.0\.1:\d+\//);
      const started = descendants(child.pid as number);
      expect(started.some((p) => p.comm.startsWith("redis-server"))).toBe(true);
      expect(started.some((p) => p.comm.startsWith("workerd"))).toBe(true);

      const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
      child.kill("SIGINT");
      expect(await exited).toBe(130);
      // workerd and esbuild finish exiting a moment after their parent; none may outlive that moment.
      const deadline = Date.now() + 10_000;
      let left = started.filter((p) => alive(p.pid));
      while (left.length > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        left = started.filter((p) => alive(p.pid));
      }
      expect(left).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
