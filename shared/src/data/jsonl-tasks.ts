import { z } from "zod";
import { labelSchema, languageTagSchema, textSchema } from "../protocol/fields";
import { dialogueTurnSchema } from "../protocol/tasks/response-selection";
import { SENTIMENT_LABELS } from "../protocol/tasks/sentiment";
import type { NamedSource } from "./byte-source";
import { DataFormatError } from "./data-error";
import { lines } from "./lines";

/**
 * MiaoAI's own dataset format: JSON Lines, one record per line, tagged by `kind`. Blank lines and lines
 * starting with `//` are skipped. Examples:
 *   {"kind":"intent","language":"en","text":"where is my parcel","label":"order_status"}
 *   {"kind":"sentiment","language":"de","text":"Danke, super schnell!","label":"positive"}
 *   {"kind":"dialogue","language":"zh","turns":[{"speaker":"customer","text":"发货了吗"}],
 *    "response":"亲，今天发货哦","negatives":["好的呢"]}
 *   {"kind":"image","label":"sneaker","mediaType":"image/png","data":"<base64>"}
 * `negatives` are optional hard negatives; without them the task bank draws other dialogues' responses.
 */
export const datasetRecordSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("intent"),
    language: languageTagSchema,
    text: textSchema,
    label: labelSchema,
  }),
  z.strictObject({
    kind: z.literal("sentiment"),
    language: languageTagSchema,
    text: textSchema,
    label: z.enum(SENTIMENT_LABELS),
  }),
  z.strictObject({
    kind: z.literal("dialogue"),
    language: languageTagSchema,
    turns: z.array(dialogueTurnSchema).min(1).max(32),
    response: textSchema,
    negatives: z.array(textSchema).max(99).optional(),
  }),
  z.strictObject({
    kind: z.literal("image"),
    label: labelSchema,
    mediaType: z.enum(["image/png", "image/jpeg"]),
    data: z.string().min(8).max(350_000),
  }),
]);
export type DatasetRecord = z.infer<typeof datasetRecordSchema>;

/** Streams a MiaoAI JSONL dataset; bad JSON or a record that fails the schema throws `DataFormatError`. */
export async function* readJsonlTasks(
  source: NamedSource,
): AsyncGenerator<DatasetRecord & { lineNo: number }> {
  for await (const { line, lineNo } of lines(source.bytes, source.name)) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("//")) continue;
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (e) {
      throw new DataFormatError(source.name, lineNo, `invalid JSON: ${(e as Error).message}`);
    }
    const parsed = datasetRecordSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new DataFormatError(
        source.name,
        lineNo,
        `${issue?.path.join(".") || "(record)"}: ${issue?.message}`,
      );
    }
    yield { ...parsed.data, lineNo };
  }
}
