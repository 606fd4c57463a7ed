import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort } from "./free-port";

/** Options for {@link startRedisServer}; every field has a default suited to tests. */
export type RedisServerOptions = {
  /** Path or name of the binary; default `$MIAOAI_REDIS_SERVER`, else `redis-server` from PATH. */
  binary?: string;
  /** Interface to bind; default 127.0.0.1 (never a public interface by default). */
  host?: string;
  /** TCP port; default a free port chosen by the OS. */
  port?: number;
  /** Keep data on disk (AOF + RDB snapshots) in `dir`; default false (memory only). */
  persist?: boolean;
  /** Data directory the caller owns and keeps; default a fresh temp dir removed by `stop()`. */
  dir?: string;
  /** How long to wait for the first PONG; default 10 s. */
  startTimeoutMs?: number;
};

/** A running redis-server child process and how to reach it. */
export type RedisServer = {
  /** `redis://host:port`, ready for ioredis. */
  url: string;
  host: string;
  port: number;
  /** Working directory of the server (where RDB/AOF files go when persisting). */
  dir: string;
  /** OS process id of the server, so callers can check it is gone after `stop()`. */
  pid: number;
  /** Stops the process (SIGTERM, then SIGKILL after 5 s) and removes a temp dir we created. Idempotent. */
  stop(): Promise<void>;
};

/** Thrown when the redis-server binary cannot be executed (not installed, or a wrong path). */
export class RedisServerNotFoundError extends Error {
  constructor(readonly binary: string) {
    super(
      `redis-server not found (tried "${binary}"). Install it with \`sudo apt-get install redis-server\`, ` +
        "or point MIAOAI_REDIS_SERVER at the binary.",
    );
    this.name = "RedisServerNotFoundError";
  }
}

/** Thrown when redis-server exits during start-up or never answers PING; carries its log tail. */
export class RedisServerStartError extends Error {
  constructor(
    message: string,
    readonly logTail: string,
  ) {
    super(logTail ? `${message}\n--- redis-server log ---\n${logTail}` : message);
    this.name = "RedisServerStartError";
  }
}

const DEFAULT_HOST = "127.0.0.1";
const LOG_TAIL_BYTES = 4096;
const STOP_GRACE_MS = 5000;
const PORT_RETRIES = 3;

// Every server started in this process, so a crash or Ctrl-C never leaves one behind.
const live = new Map<ChildProcess, { dir: string; ownsDir: boolean }>();
let hooksInstalled = false;

/** The redis-server binary used when none is given: `$MIAOAI_REDIS_SERVER`, else `redis-server` from PATH. */
const defaultBinary = () => process.env.MIAOAI_REDIS_SERVER ?? "redis-server";

/** Whether the redis-server binary runs here (tests that need one skip, saying why, when it does not). */
export function redisServerInstalled(binary: string = defaultBinary()): boolean {
  return spawnSync(binary, ["--version"]).status === 0;
}

/** Starts Debian's redis-server on 127.0.0.1 and resolves once it answers PING. */
export async function startRedisServer(opts: RedisServerOptions = {}): Promise<RedisServer> {
  const binary = opts.binary ?? defaultBinary();
  const host = opts.host ?? DEFAULT_HOST;
  const ownsDir = opts.dir === undefined;
  const dir = opts.dir ?? (await mkdtemp(join(tmpdir(), "miaoai-redis-")));
  try {
    for (let attempt = 1; ; attempt++) {
      const port = opts.port ?? (await findFreePort(host));
      try {
        return await launch({ binary, host, port, dir, ownsDir, opts });
      } catch (error) {
        // A free port can be taken between probing and binding; only then is a retry useful.
        const raced = error instanceof RedisServerStartError && /address already in use/i.test(error.logTail);
        if (!raced || opts.port !== undefined || attempt >= PORT_RETRIES) throw error;
      }
    }
  } catch (error) {
    if (ownsDir) await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

type LaunchPlan = {
  binary: string;
  host: string;
  port: number;
  dir: string;
  ownsDir: boolean;
  opts: RedisServerOptions;
};

async function launch(plan: LaunchPlan): Promise<RedisServer> {
  const { binary, host, port, dir, ownsDir, opts } = plan;
  const persistence = opts.persist
    ? ["--appendonly", "yes", "--save", "3600 1 300 100 60 10000"]
    : ["--appendonly", "no", "--save", ""];
  const args = [
    "--bind",
    host,
    "--port",
    String(port),
    "--dir",
    dir,
    "--daemonize",
    "no",
    "--protected-mode",
    "yes",
    "--logfile",
    "",
    ...persistence,
  ];
  const child = spawn(binary, args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let logTail = "";
  const keepTail = (chunk: Buffer) => {
    logTail = (logTail + chunk.toString("utf8")).slice(-LOG_TAIL_BYTES);
  };
  // Always drain the pipes: a full pipe would stall the server.
  child.stdout?.on("data", keepTail);
  child.stderr?.on("data", keepTail);

  const exited = new Promise<never>((_, reject) => {
    child.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "ENOENT" || error.code === "EACCES"
          ? new RedisServerNotFoundError(binary)
          : new RedisServerStartError(`could not spawn ${binary}: ${error.message}`, logTail),
      );
    });
    child.once("exit", (code, signal) => {
      reject(new RedisServerStartError(`redis-server exited during start-up (${signal ?? code})`, logTail));
    });
  });
  exited.catch(() => {}); // observed below; this only silences the rejection after a successful start

  try {
    await Promise.race([waitForPong(host, port, opts.startTimeoutMs ?? 10_000, () => logTail), exited]);
  } catch (error) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    throw error;
  }
  if (child.pid === undefined) throw new RedisServerStartError("redis-server has no pid", logTail);

  register(child, dir, ownsDir);
  let stopping: Promise<void> | undefined;
  return {
    url: `redis://${host}:${port}`,
    host,
    port,
    dir,
    pid: child.pid,
    stop: () => {
      stopping ??= stopChild(child, dir, ownsDir);
      return stopping;
    },
  };
}

/** Polls with a raw `PING` until `+PONG` (a loading server answers `-LOADING`, so we keep polling). */
async function waitForPong(host: string, port: number, timeoutMs: number, log: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await pingOnce(host, port)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new RedisServerStartError(`redis-server did not answer PING within ${timeoutMs} ms`, log());
}

function pingOnce(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let reply = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString("latin1");
      if (reply.includes("\r\n")) done(reply.startsWith("+PONG"));
    });
  });
}

async function stopChild(child: ChildProcess, dir: string, ownsDir: boolean): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
    await gone;
    clearTimeout(timer);
  }
  live.delete(child);
  if (ownsDir) await rm(dir, { recursive: true, force: true });
}

function register(child: ChildProcess, dir: string, ownsDir: boolean): void {
  // Node's kill() is a no-op once the child has exited, so a reused pid is never signalled.
  live.set(child, { dir, ownsDir });
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on("exit", killAllSync);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    const onSignal = () => {
      // Someone else handles this signal (e.g. a script that stops its servers gracefully): leave it to
      // them; the exit hook still catches anything they forget.
      if (process.listenerCount(signal) > 1) return;
      killAllSync();
      process.off(signal, onSignal);
      process.kill(process.pid, signal); // re-raise, so the default action (exit) still happens
    };
    process.on(signal, onSignal);
  }
}

/** Last-resort cleanup on exit or a signal: synchronous, so it runs even inside an `exit` handler. */
function killAllSync(): void {
  for (const [child, { dir, ownsDir }] of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    if (ownsDir) rmSync(dir, { recursive: true, force: true });
  }
  live.clear();
}
