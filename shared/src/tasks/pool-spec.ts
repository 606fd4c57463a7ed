import { z } from "zod";
import type { NamedSource } from "../data/byte-source";
import { fetchSource } from "../data/byte-source";
import { type ItemPool, loadPool } from "./item-pool";

/**
 * A dataset the operator points the task bank at, as it appears in validator config: where it lives (a URL, or
 * a path where the opener reads files), its format and how much of it to keep in memory.
 */
export const poolSpecSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "pool names are 1-64 of [A-Za-z0-9._-]"),
  format: z.enum(["edc", "bitext", "banking77", "xsid", "jsonl", "fashion-mnist"]),
  location: z.string().min(1).max(2_000),
  /** Fashion-MNIST only: the labels file beside the images file. */
  labelsLocation: z.string().min(1).max(2_000).optional(),
  maxItems: z.number().int().min(2).max(50_000).optional(),
  language: z
    .string()
    .regex(/^[a-z]{2,3}$/)
    .optional(),
});
export type PoolSpec = z.infer<typeof poolSpecSchema>;

/** Opens a location as a byte stream: `fetchSource` in the Worker; Node may add local paths (`fileSource`). */
export type SourceOpener = (location: string) => Promise<NamedSource>;

/** Loads one configured pool through the opener (streamed, reservoir-sampled to `maxItems`). */
export async function loadPoolFromSpec(spec: PoolSpec, open: SourceOpener = fetchSource): Promise<ItemPool> {
  const source = await open(spec.location);
  const labels = spec.labelsLocation ? await open(spec.labelsLocation) : undefined;
  return loadPool(
    spec.format,
    source,
    { name: spec.name, maxItems: spec.maxItems, language: spec.language },
    labels,
  );
}
