/** What the CLI's outbound calls (`info --url`, `probe`) share: the URL they accept and how they word a failure. */

/** `text` as an http(s) URL, or null for anything else (a bare host:port, another scheme, garbage). */
export function parseHttpUrl(text: string | undefined): URL | null {
  try {
    const url = new URL(text ?? "");
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

/** One line on why a fetch failed: its timeout, or the network's own reason rather than "fetch failed". */
export function fetchFailureReason(error: unknown, timeoutMs: number): string {
  const e = error as Error & { cause?: { message?: string } };
  return e.name === "TimeoutError"
    ? `no answer within ${timeoutMs / 1000} s`
    : (e.cause?.message ?? e.message);
}
