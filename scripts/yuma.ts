/**
 * `npm run yuma -- --snapshot <file> --validator <uid> (--weights "2:0.7,3:0.3" | --candidate <file>)
 *   [--u16] [--epochs N] [--json]`
 * Offline Yuma Consensus (spec 293 epoch): what incentive each uid and what dividends a validator
 * would get if that validator set the candidate weights, next to the current weights.
 * The snapshot format is documented in shared/src/yuma/snapshot.ts; example: test/fixtures/yuma/.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { floatWeightsToU16, simulateCandidate } from "../shared/src/yuma/candidate";
import type { EpochOutput, U16Row } from "../shared/src/yuma/epoch";
import { metagraphSnapshotSchema, snapshotToEpochInput } from "../shared/src/yuma/snapshot";

const HELP = `npm run yuma -- --snapshot <file> --validator <uid> (--weights <list> | --candidate <file>) [options]

Runs the subtensor epoch (Yuma Consensus, spec 293 rules) on a metagraph snapshot twice: with the
current weights and with one validator's candidate weights. Prints each uid's expected incentive and
the validator's expected dividends.

  --snapshot <file>    metagraph snapshot JSON (format: shared/src/yuma/snapshot.ts;
                       example: test/fixtures/yuma/example-snapshot.json)
  --validator <uid>    the validator whose weights are replaced
  --weights <list>     candidate weights, "uid:weight,uid:weight" (floats, scaled like the Python SDK)
  --candidate <file>   candidate weights as JSON: {"weights": {"2": 0.7, "3": 0.3}} or [[2, 0.7], ...]
  --u16                the candidate weights are already u16 (0..65535) as stored on chain
  --epochs <n>         epochs to simulate (default 1); bonds and permits carry over between epochs
  --json               machine-readable output
  --help               this text
`;

const argsSchema = z.object({
  snapshot: z.string().min(1, "is required"),
  validator: z.coerce.number().int().min(0).max(65535),
  weights: z.string().optional(),
  candidate: z.string().optional(),
  u16: z.boolean().default(false),
  epochs: z.coerce.number().int().min(1).max(1000).default(1),
  json: z.boolean().default(false),
});

const candidateFileSchema = z.union([
  z.object({
    weights: z.union([z.array(z.tuple([z.number(), z.number()])), z.record(z.string(), z.number())]),
  }),
  z.array(z.tuple([z.number(), z.number()])),
]);

/** A usage error: printed with a hint, exit code 2. */
class UsageError extends Error {
  override readonly name = "UsageError";
}

function parseWeightList(s: string): Array<[number, number]> {
  return s
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((pair) => {
      const m = /^(\d+)\s*:\s*([0-9.eE+-]+)$/.exec(pair);
      if (!m) throw new UsageError(`--weights: "${pair}" is not uid:weight`);
      return [Number(m[1]), Number(m[2])] as [number, number];
    });
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${path}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${what} ${path} is not valid JSON: ${(e as Error).message}`);
  }
}

function issues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
}

function loadCandidate(args: z.infer<typeof argsSchema>): Array<[number, number]> {
  if ((args.weights === undefined) === (args.candidate === undefined)) {
    throw new UsageError("give exactly one of --weights or --candidate");
  }
  let pairs: Array<[number, number]>;
  if (args.weights !== undefined) pairs = parseWeightList(args.weights);
  else {
    const parsed = candidateFileSchema.safeParse(readJson(args.candidate as string, "candidate file"));
    if (!parsed.success) throw new UsageError(`candidate file: ${issues(parsed.error)}`);
    const w = Array.isArray(parsed.data) ? parsed.data : parsed.data.weights;
    pairs = Array.isArray(w) ? w.map(([u, v]) => [u, v]) : Object.entries(w).map(([u, v]) => [Number(u), v]);
  }
  if (new Set(pairs.map(([u]) => u)).size !== pairs.length)
    throw new UsageError("candidate has duplicate uids");
  if (args.u16) {
    for (const [u, v] of pairs) {
      if (!Number.isInteger(u) || u < 0 || !Number.isInteger(v) || v < 0 || v > 65535) {
        throw new UsageError(`--u16: uid ${u} has ${v}, not an integer in 0..65535`);
      }
    }
    return pairs;
  }
  try {
    return floatWeightsToU16(pairs);
  } catch (e) {
    throw new UsageError(`candidate: ${(e as Error).message}`);
  }
}

const frac = (u: number) => (u / 65535).toFixed(6);

function report(
  validator: number,
  candidate: U16Row,
  baseline: EpochOutput,
  withCandidate: EpochOutput,
  epochs: number,
): string {
  const lines = [
    `Candidate weights of validator ${validator} (u16): ${candidate.map(([u, v]) => `${u}:${v}`).join(" ") || "(none)"}`,
    `After epoch ${epochs} of ${epochs}:`,
    "",
    "uid  incentive(current)  incentive(candidate)",
  ];
  baseline.incentive.forEach((inc, uid) => {
    const next = withCandidate.incentive[uid] ?? 0;
    if (inc === 0 && next === 0) return;
    lines.push(`${String(uid).padStart(3)}  ${frac(inc).padStart(18)}  ${frac(next).padStart(20)}`);
  });
  const d0 = baseline.dividends[validator] ?? 0;
  const d1 = withCandidate.dividends[validator] ?? 0;
  lines.push(
    "",
    `Validator ${validator} dividends: current ${frac(d0)} (${d0}/65535) -> candidate ${frac(d1)} (${d1}/65535)`,
    `Validator ${validator} trust: current ${frac(baseline.validatorTrust[validator] ?? 0)} -> candidate ${frac(withCandidate.validatorTrust[validator] ?? 0)}`,
  );
  if (!withCandidate.validatorPermit[validator]) {
    lines.push(`Note: uid ${validator} holds no validator permit after the epoch; its weights do not count.`);
  }
  return lines.join("\n");
}

function main(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      snapshot: { type: "string" },
      validator: { type: "string" },
      weights: { type: "string" },
      candidate: { type: "string" },
      u16: { type: "boolean" },
      epochs: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const parsedArgs = argsSchema.safeParse({ snapshot: "", ...values });
  if (!parsedArgs.success) throw new UsageError(issues(parsedArgs.error).replace(/^(\w+)/, "--$1"));
  const args = parsedArgs.data;

  const snap = metagraphSnapshotSchema.safeParse(readJson(args.snapshot, "snapshot"));
  if (!snap.success) throw new UsageError(`snapshot ${args.snapshot}: ${issues(snap.error)}`);
  const input = snapshotToEpochInput(snap.data);
  if (args.validator >= input.stake.length) {
    throw new UsageError(`--validator ${args.validator}: the snapshot has uids 0..${input.stake.length - 1}`);
  }
  const candidate = loadCandidate(args);
  for (const [u] of candidate) {
    if (u >= input.stake.length) throw new UsageError(`candidate uid ${u} is not in the snapshot`);
  }

  const result = simulateCandidate({ input, validatorUid: args.validator, candidate, epochs: args.epochs });
  const last = <T>(xs: T[]) => xs[xs.length - 1] as T;
  const baseline = last(result.baseline);
  const withCandidate = last(result.candidate);
  if (args.json) {
    const out = {
      validator: args.validator,
      epochs: args.epochs,
      candidateU16: candidate,
      incentive: { current: baseline.incentive, candidate: withCandidate.incentive },
      dividends: { current: baseline.dividends, candidate: withCandidate.dividends },
      validatorDividends: {
        current: baseline.dividends[args.validator],
        candidate: withCandidate.dividends[args.validator],
      },
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } else {
    process.stdout.write(`${report(args.validator, candidate, baseline, withCandidate, args.epochs)}\n`);
  }
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")) {
    console.error(`yuma: ${(error as Error).message}\n(run with --help for usage)`);
    process.exitCode = 2;
  } else {
    console.error("yuma failed:", error);
    process.exitCode = 1;
  }
}
