import { z } from "zod";
import { type HashedNgramsConfig, hashedNgrams, hashedNgramsConfigSchema } from "./hashed-ngrams";
import { type ImageConfig, type ImageMediaType, imageConfigSchema, imagePixels } from "./image-pixels";

/** A bring-your-own-transformer tokenizer; declared so manifests validate, featurized by the miner's tokenizer. */
export const tokenizerConfigSchema = z.strictObject({
  kind: z.literal("tokenizer"),
  tokenizerFile: z.string().min(1).max(256),
  maxLength: z.number().int().min(1).max(4096),
});
export type TokenizerConfig = z.infer<typeof tokenizerConfigSchema>;

/** The `featurizer` block of a model manifest, told apart by `kind`. */
export const featurizerConfigSchema = z.discriminatedUnion("kind", [
  hashedNgramsConfigSchema,
  imageConfigSchema,
  tokenizerConfigSchema,
]);
export type FeaturizerConfig = z.infer<typeof featurizerConfigSchema>;

/** What gets featurized: a text (intent, sentiment, a dialogue context or a candidate) or an encoded image. */
export type FeaturizerInput =
  | { kind: "text"; text: string }
  | { kind: "image"; bytes: Uint8Array; mediaType: ImageMediaType };

/** The input does not fit the featurizer (text given to an image model, or a kind this build cannot run). */
export class FeaturizeError extends Error {
  override name = "FeaturizeError";
}

/**
 * Turns one input into the float vector the manifest's model expects. Throws `FeaturizeError` on a mismatch
 * and `ImageDecodeError` on unreadable image bytes.
 */
export function featurize(cfg: FeaturizerConfig, input: FeaturizerInput): Float32Array {
  switch (cfg.kind) {
    case "hashed-ngrams":
      if (input.kind !== "text") throw new FeaturizeError("a hashed-ngrams model takes text, not an image");
      return hashedNgrams(input.text, cfg satisfies HashedNgramsConfig);
    case "image":
      if (input.kind !== "image") throw new FeaturizeError("an image model takes an image, not text");
      return imagePixels(input.bytes, input.mediaType, cfg satisfies ImageConfig);
    case "tokenizer":
      throw new FeaturizeError(
        "tokenizer models produce int64 ids; use the miner's tokenizer, not featurize()",
      );
  }
}

/** The width of the vector `featurize` returns for a config (the model's input width). */
export function featureWidth(cfg: HashedNgramsConfig | ImageConfig): number {
  return cfg.kind === "hashed-ngrams" ? cfg.dims : cfg.channels * cfg.width * cfg.height;
}

/**
 * The text a response-selection context is featurized from: the turns' texts joined by newlines. Training
 * and serving both call this, so a dual encoder sees contexts the way it was trained on them.
 */
export function dialogueText(turns: readonly { text: string }[]): string {
  return turns.map((t) => t.text).join("\n");
}
