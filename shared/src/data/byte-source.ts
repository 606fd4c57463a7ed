/**
 * Where a loader's bytes come from: a Web `ReadableStream` (fetch, R2, a Node file through the `.node` adapter)
 * or any async iterable of chunks. Loaders pull chunk by chunk, so memory stays constant whatever the file size.
 */
export type ByteSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** A named byte source: the name goes into error messages (`dev.txt:42: ...`). */
export interface NamedSource {
  name: string;
  bytes: ByteSource;
}

/** A fetch failed or returned no body. */
export class SourceUnavailableError extends Error {
  override name = "SourceUnavailableError";
}

/** Iterates the chunks of a source, whichever of the two shapes it has. */
export async function* chunks(source: ByteSource): AsyncGenerator<Uint8Array> {
  if (!("getReader" in source)) {
    yield* source;
    return;
  }
  const reader = source.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Streams a URL's body (Web fetch: works in the Worker and in Node). */
export async function fetchSource(url: string, init?: RequestInit): Promise<NamedSource> {
  const res = await fetch(url, init);
  if (!res.ok || !res.body) throw new SourceUnavailableError(`GET ${url} answered ${res.status}`);
  return { name: url, bytes: res.body };
}

/** Wraps an in-memory string as a source (tests, inline samples). */
export function textSource(name: string, text: string): NamedSource {
  const bytes = new TextEncoder().encode(text);
  return {
    name,
    bytes: (async function* () {
      // Small chunks so tests exercise records that straddle chunk boundaries.
      for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
    })(),
  };
}

/** Gunzips a source on the fly with the Web `DecompressionStream` (Node 18+ and workerd). */
export function gunzip(source: ByteSource): ReadableStream<Uint8Array> {
  const input = "getReader" in source ? source : iterableToStream(source);
  return input.pipeThrough(
    new DecompressionStream("gzip") as unknown as ReadableWritablePair<Uint8Array, Uint8Array>,
  );
}

function iterableToStream(it: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = it[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
  });
}
