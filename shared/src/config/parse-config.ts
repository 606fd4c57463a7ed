import type { z } from "zod";
import { ConfigError } from "./config-error";

/** Raw settings as strings, e.g. from `process.env`, a `.dev.vars` file, CLI flags or Worker bindings. */
export type RawSettings = Record<string, string | undefined>;

/**
 * Parses settings once, at the edge, into a typed object. Later sources override earlier ones (defaults in the
 * schema, then `.dev.vars`, then env, then flags). A wrong or missing variable raises one `ConfigError` that
 * names each offending variable, never a stack of zod internals.
 */
export function parseConfig<S extends z.ZodType>(schema: S, ...sources: RawSettings[]): z.infer<S> {
  const merged: RawSettings = {};
  for (const source of sources) {
    for (const [key, value] of Object.entries(source))
      if (value !== undefined && value !== "") merged[key] = value;
  }
  const result = schema.safeParse(merged);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.join(".") || "(config)";
      return merged[name] === undefined && issue.code === "invalid_type"
        ? `${name} is missing`
        : `${name}: ${issue.message}`;
    }),
  );
}

/**
 * Reads a dotenv-style text (`.dev.vars`): `KEY=value` lines, `#` comments, optional single or double quotes.
 * Malformed lines are reported with their line number.
 */
export function parseDotenv(text: string, source = ".dev.vars"): RawSettings {
  const out: RawSettings = {};
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(line);
    if (!match) throw new ConfigError([`${source}:${i + 1}: expected KEY=value`]);
    const [, key = "", value = ""] = match;
    out[key] = /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
  }
  return out;
}

/** Parsed command-line arguments. */
export interface ParsedFlags {
  settings: RawSettings;
  positionals: string[];
  /** Each setting's flag as the user typed it (`WALLET_HOTKYE` -> `--wallet.hotkye`), for messages. */
  spelled: Record<string, string>;
}

/**
 * Turns CLI flags into settings: `--wallet.name alice` or `--wallet.name=alice` becomes
 * `{ [rename("wallet.name")]: "alice" }`. A flag without a value (`--warmup`) means "true" only when its
 * setting is one of `booleans`; any other valueless flag is a mistake (`--redis-url --port 1` would otherwise
 * read as REDIS_URL=true) and raises a ConfigError naming it. Positional arguments are returned apart.
 */
export function parseFlags(
  argv: readonly string[],
  rename: (flag: string) => string = (flag) => flag,
  booleans: ReadonlySet<string> = new Set(),
): ParsedFlags {
  const settings: RawSettings = {};
  const spelled: Record<string, string> = {};
  const positionals: string[] = [];
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const name = rename(flag.slice(2));
    spelled[name] = flag;
    if (eq > 0) settings[name] = arg.slice(eq + 1);
    else if (booleans.has(name)) {
      // `--warmup` alone means true; `--warmup false` (as help texts print it) takes the word.
      const next = argv[i + 1];
      settings[name] = next === "true" || next === "false" ? (argv[++i] as string) : "true";
    } else if (i + 1 < argv.length && !(argv[i + 1] ?? "").startsWith("--")) settings[name] = argv[++i];
    else problems.push(`${flag} needs a value`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { settings, positionals, spelled };
}

/** The usual flag-to-variable mapping: `--wallet.name` -> `WALLET_NAME`, `--max-batch` -> `MAX_BATCH`. */
export const flagToEnvName = (flag: string) => flag.replace(/[.-]/g, "_").toUpperCase();

/** A comma-separated list: items trimmed, empty ones dropped (`"a, b,,c"` -> `["a", "b", "c"]`). */
export function splitList(text: string): string[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
}

/** The string-valued entries of an env object: a Worker's vars and secrets, without its bindings. */
export function stringSettings(env: Record<string, unknown>): RawSettings {
  const raw: RawSettings = {};
  for (const [key, value] of Object.entries(env)) if (typeof value === "string") raw[key] = value;
  return raw;
}
