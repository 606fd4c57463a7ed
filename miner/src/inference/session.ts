import * as ort from "onnxruntime-node";

/** Which execution provider to use: `auto` tries CUDA and falls back to CPU; `cuda` fails without a GPU. */
export type ProviderPreference = "auto" | "cuda" | "cpu";

/** Thread settings handed to onnxruntime (0 = let it choose). */
export interface SessionOptions {
  provider: ProviderPreference;
  intraOpThreads: number;
  interOpThreads: number;
  /** Let idle intra-op threads spin (lower latency on a dedicated box, stolen cores on a shared one). Default off. */
  allowSpinning?: boolean;
  /** Called once per session when CUDA was tried and CPU is used instead. */
  onFallback?: (reason: string) => void;
}

/** onnxruntime's native log levels, least to most severe. */
export type OrtLogLevel = "verbose" | "info" | "warning" | "error" | "fatal";

/**
 * Sets onnxruntime's process-wide native log level; it takes effect only before the first session is created.
 * The miner defaults to `fatal` because a missing CUDA EP otherwise prints a multi-line native error banner
 * on every attempt, while the fallback is already reported in one line and real failures throw.
 */
export function configureOrtLogging(level: OrtLogLevel): void {
  ort.env.logLevel = level;
}

/** An onnxruntime session and the provider it really runs on. */
export interface LoadedSession {
  session: ort.InferenceSession;
  provider: "cuda" | "cpu";
}

/** CUDA could not be used and the operator asked for it explicitly. */
export class CudaUnavailableError extends Error {
  override readonly name = "CudaUnavailableError";
}

/**
 * Creates a session, trying the CUDA execution provider first (unless `cpu` is asked for). onnxruntime-node
 * throws at creation when the CUDA EP or its libraries are missing, so the attempt is real, not assumed.
 */
export async function createSession(model: Uint8Array, options: SessionOptions): Promise<LoadedSession> {
  const base: ort.InferenceSession.SessionOptions = {
    graphOptimizationLevel: "all",
    intraOpNumThreads: options.intraOpThreads,
    interOpNumThreads: options.interOpThreads,
    executionMode: "sequential",
    // Spinning intra-op threads would take the cores the event loop needs for HTTP, Epistula and featurizing.
    extra: { session: { intra_op: { allow_spinning: options.allowSpinning ? "1" : "0" } } },
  };
  if (options.provider !== "cpu") {
    try {
      const session = await ort.InferenceSession.create(model, { ...base, executionProviders: ["cuda"] });
      return { session, provider: "cuda" };
    } catch (error) {
      const reason = firstLine(error);
      if (options.provider === "cuda")
        throw new CudaUnavailableError(`CUDA execution provider failed: ${reason}`);
      options.onFallback?.(reason);
    }
  }
  const session = await ort.InferenceSession.create(model, { ...base, executionProviders: ["cpu"] });
  return { session, provider: "cpu" };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split("\n")[0] ?? text).slice(0, 300);
}
