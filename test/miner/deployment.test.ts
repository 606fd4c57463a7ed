import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// No Docker engine here: these checks read the deployment files and pin the properties that matter.

const root = join(import.meta.dirname, "../..");
const read = (path: string) => readFile(join(root, path), "utf8");

/** Dockerfile instructions with continuation lines joined, comments dropped. */
function instructions(text: string): { op: string; args: string }[] {
  return text
    .replace(/\\\r?\n/g, " ")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => {
      const [op = "", ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(" ") };
    });
}

describe("miner/Dockerfile", async () => {
  const ins = instructions(await read("miner/Dockerfile"));
  const all = (op: string) => ins.filter((i) => i.op === op).map((i) => i.args);

  it("builds on a CUDA 12 cuDNN runtime image and installs Node 20", () => {
    expect(all("FROM")).toHaveLength(1);
    expect(all("FROM")[0]).toMatch(/^nvidia\/cuda:12\.[\d.]+-cudnn[\d]*-runtime-ubuntu22\.04$/);
    expect(all("RUN").join(" ")).toMatch(/node_20\.x/);
  });

  it("installs onnxruntime-node with its CUDA files despite the repo's .npmrc skip", () => {
    expect(all("ENV").join(" ")).toMatch(/ONNXRUNTIME_NODE_INSTALL=cuda12/);
    const run = all("RUN").join(" ");
    expect(run).toMatch(/npm ci --omit=dev/);
    expect(run).toContain("libonnxruntime_providers_cuda.so");
  });

  it("copies the package's install-time scripts in before `npm ci` runs them", async () => {
    const pkg = JSON.parse(await read("package.json")) as { scripts: Record<string, string> };
    const npmCi = ins.findIndex((i) => i.op === "RUN" && i.args.includes("npm ci"));
    const copiedBefore = ins
      .slice(0, npmCi)
      .filter((i) => i.op === "COPY")
      .map((i) => i.args);
    for (const hook of ["preinstall", "install", "postinstall", "prepare"]) {
      const script = pkg.scripts[hook];
      if (!script) continue;
      const file = script.match(/\bscripts\/[\w./-]+/)?.[0];
      expect(file, `${hook}: ${script}`).toBeDefined();
      expect(copiedBefore.some((args) => args.startsWith(`${file} `))).toBe(true);
    }
  });

  it("sets a UTF-8 locale", () => {
    const env = all("ENV").join(" ");
    expect(env).toMatch(/LANG=C\.UTF-8/);
    expect(env).toMatch(/LC_ALL=C\.UTF-8/);
  });

  it("runs as a non-root user, after the last root-only step", () => {
    const users = ins.map((i, n) => ({ ...i, n })).filter((i) => i.op === "USER");
    expect(users.length).toBeGreaterThan(0);
    const last = users[users.length - 1];
    expect(last?.args).not.toMatch(/^(root|0)(:|$)/);
    const lastRun = Math.max(...ins.map((i, n) => (i.op === "RUN" ? n : -1)));
    expect(last?.n).toBeGreaterThan(lastRun);
  });

  it("has a HEALTHCHECK on /healthz and EXPOSEs the miner port", () => {
    expect(all("HEALTHCHECK").join(" ")).toContain("/healthz");
    expect(all("EXPOSE")).toEqual(["8091"]);
  });

  it("copies no secrets: no wallets, keys, .env files, and never the whole context", () => {
    for (const args of [...all("COPY"), ...all("ADD")]) {
      expect(args).not.toMatch(/\.bittensor|wallet|hotkey|\.dev\.vars|\.env|\.pem|\.key\b/);
      expect(args.split(/\s+/)[0]).not.toBe(".");
    }
  });

  it(".dockerignore keeps wallets, env files and node_modules out of the build context", async () => {
    const ignore = await read(".dockerignore");
    for (const pattern of [".dev.vars", "**/.env", "**/wallets", ".bittensor", "node_modules", ".git"]) {
      expect(ignore.split(/\r?\n/)).toContain(pattern);
    }
  });
});

describe("the documented docker run", () => {
  it("finds the wallet where the docs mount it, whatever HOME a --user id gets", async () => {
    const docs = await read("docs/running_miner.md");
    const mount = /-v ~\/\.bittensor\/wallets:(\S+?):ro/.exec(docs)?.[1];
    expect(mount).toBe("/home/miner/.bittensor/wallets");
    const env = instructions(await read("miner/Dockerfile"))
      .filter((i) => i.op === "ENV")
      .map((i) => i.args)
      .join(" ");
    expect(env).toContain(`WALLET_PATH=${mount}`);
    expect(docs).toContain('--user "$(id -u):$(id -g)"');
  });
});

describe("miner/ecosystem.config.cjs (pm2)", () => {
  it("starts the miaoai-miner bin with `start` and restarts it", async () => {
    const require = createRequire(import.meta.url);
    const config = require(join(root, "miner/ecosystem.config.cjs")) as {
      apps: { script: string; args: string; autorestart: boolean; env: Record<string, string> }[];
    };
    expect(config.apps.length).toBeGreaterThan(0);
    for (const app of config.apps) {
      expect(app.script).toBe("miner/bin/miaoai-miner.js");
      expect(app.args).toBe("start");
      expect(app.autorestart).toBe(true);
      expect(Object.keys(app.env).join(" ")).not.toMatch(/SEED|MNEMONIC|SECRET|URI/);
      // A configuration error (exit 2) is not restarted in a loop.
      expect((app as { stop_exit_codes?: number[] }).stop_exit_codes).toContain(2);
    }
  });

  it("takes its settings from the shell that runs pm2 start", () => {
    const path = join(root, "miner/ecosystem.config.cjs");
    const load = () => {
      const require = createRequire(import.meta.url);
      delete require.cache[require.resolve(path)];
      return require(path) as { apps: { env: Record<string, string> }[] };
    };
    const saved = { NETUID: process.env.NETUID, MODELS: process.env.MODELS };
    try {
      process.env.NETUID = "7";
      process.env.MODELS = "/data/models";
      expect(load().apps[0]?.env).toMatchObject({ NETUID: "7", MODELS: "/data/models" });
      delete process.env.NETUID;
      delete process.env.MODELS;
      expect(load().apps[0]?.env).toMatchObject({ NETUID: "", MODELS: "/srv/miaoai/models" });
    } finally {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
  });
});
