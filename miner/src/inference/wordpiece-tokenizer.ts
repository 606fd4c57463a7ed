import { z } from "zod";

/**
 * A small pure-JS reader of Hugging Face `tokenizer.json` files for BERT-style WordPiece models, enough for
 * "bring your own ONNX" transformers: BertNormalizer (lowercase, strip accents, space around CJK ideographs,
 * control-character cleanup), BertPreTokenizer (split on whitespace and punctuation), greedy longest-match
 * WordPiece with the `##` continuation prefix, and `[CLS] ... [SEP]` from the post-processor.
 * Format: https://huggingface.co/docs/tokenizers/api/models#tokenizers.models.WordPiece
 */

const tokenizerJsonSchema = z.object({
  normalizer: z
    .object({
      type: z.string(),
      lowercase: z.boolean().optional(),
      strip_accents: z.boolean().nullable().optional(),
      handle_chinese_chars: z.boolean().optional(),
      clean_text: z.boolean().optional(),
    })
    .nullable()
    .optional(),
  post_processor: z
    .object({
      type: z.string(),
      cls: z.tuple([z.string(), z.number()]).optional(),
      sep: z.tuple([z.string(), z.number()]).optional(),
    })
    .passthrough()
    .nullable()
    .optional(),
  padding: z.object({ pad_id: z.number().int().optional() }).passthrough().nullable().optional(),
  model: z.object({
    type: z.literal("WordPiece", { message: "only WordPiece tokenizer.json models are supported" }),
    vocab: z.record(z.string(), z.number().int().min(0)),
    unk_token: z.string().default("[UNK]"),
    continuing_subword_prefix: z.string().default("##"),
    max_input_chars_per_word: z.number().int().positive().default(100),
  }),
});

/** Token ids, attention mask and segment (token type) ids of one text or pair, all of length <= maxLength. */
export interface Encoding {
  ids: number[];
  attentionMask: number[];
  typeIds: number[];
}

/** The tokenizer.json could not be used; the message names what is wrong. */
export class TokenizerError extends Error {
  override readonly name = "TokenizerError";
}

/** A WordPiece tokenizer built from a parsed tokenizer.json. */
export class WordPieceTokenizer {
  private readonly vocab: Map<string, number>;
  private readonly unkId: number;
  private readonly clsId: number | null;
  private readonly sepId: number | null;
  /** The id used to pad a batch to a common length. */
  readonly padId: number;

  private constructor(private readonly spec: z.infer<typeof tokenizerJsonSchema>) {
    this.vocab = new Map(Object.entries(spec.model.vocab));
    const unk = this.vocab.get(spec.model.unk_token);
    if (unk === undefined) throw new TokenizerError(`unk_token ${spec.model.unk_token} is not in the vocab`);
    this.unkId = unk;
    this.clsId = spec.post_processor?.cls?.[1] ?? this.vocab.get("[CLS]") ?? null;
    this.sepId = spec.post_processor?.sep?.[1] ?? this.vocab.get("[SEP]") ?? null;
    this.padId = spec.padding?.pad_id ?? this.vocab.get("[PAD]") ?? 0;
  }

  /** Parses the text of a tokenizer.json. */
  static fromJson(text: string): WordPieceTokenizer {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new TokenizerError("tokenizer.json is not JSON");
    }
    const parsed = tokenizerJsonSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TokenizerError(
        `tokenizer.json ${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`,
      );
    }
    return new WordPieceTokenizer(parsed.data);
  }

  /** Encodes one text: `[CLS] pieces... [SEP]`, truncated to `maxLength` tokens (special tokens included). */
  encode(text: string, maxLength: number): Encoding {
    const budget = Math.max(0, maxLength - this.specialCount(1));
    const ids = [...this.cls(), ...this.pieces(text, budget), ...this.sep()];
    return { ids, attentionMask: ids.map(() => 1), typeIds: ids.map(() => 0) };
  }

  /**
   * Encodes a pair for a cross-encoder: `[CLS] a [SEP] b [SEP]`, segment 0 then 1. When too long, the longer
   * side is cut first ("longest_first", as Hugging Face does), so both sides keep some tokens.
   */
  encodePair(a: string, b: string, maxLength: number): Encoding {
    const budget = Math.max(0, maxLength - this.specialCount(2));
    let left = this.pieces(a, budget);
    let right = this.pieces(b, budget);
    while (left.length + right.length > budget) {
      if (left.length > right.length) left = left.slice(0, -1);
      else right = right.slice(0, -1);
    }
    const first = [...this.cls(), ...left, ...this.sep()];
    const second = [...right, ...this.sep()];
    const ids = [...first, ...second];
    return { ids, attentionMask: ids.map(() => 1), typeIds: [...first.map(() => 0), ...second.map(() => 1)] };
  }

  private pieces(text: string, budget: number): number[] {
    const out: number[] = [];
    for (const word of preTokenize(this.normalize(text))) {
      if (out.length >= budget) break;
      out.push(...this.wordPiece(word));
    }
    return out.slice(0, budget);
  }

  private specialCount(segments: number): number {
    return (this.clsId === null ? 0 : 1) + (this.sepId === null ? 0 : segments);
  }

  private cls(): number[] {
    return this.clsId === null ? [] : [this.clsId];
  }

  private sep(): number[] {
    return this.sepId === null ? [] : [this.sepId];
  }

  /** Applies the BertNormalizer settings (defaults as in Hugging Face tokenizers). */
  normalize(text: string): string {
    const n = this.spec.normalizer;
    if (n?.type !== "BertNormalizer") return text;
    let out = text;
    if (n.clean_text ?? true) out = out.replace(/[\ufffd\p{Cc}]/gu, (c) => (/\s/.test(c) ? " " : ""));
    if (n.handle_chinese_chars ?? true) out = out.replace(/\p{Script=Han}/gu, (c) => ` ${c} `);
    const lowercase = n.lowercase ?? true;
    if (lowercase) out = out.toLowerCase();
    // As in HF: strip_accents null means "follow lowercase".
    if (n.strip_accents ?? lowercase) out = out.normalize("NFD").replace(/\p{Mn}/gu, "");
    return out;
  }

  private wordPiece(word: string): number[] {
    const chars = Array.from(word);
    if (chars.length > this.spec.model.max_input_chars_per_word) return [this.unkId];
    const prefix = this.spec.model.continuing_subword_prefix;
    const out: number[] = [];
    let start = 0;
    while (start < chars.length) {
      let end = chars.length;
      let found: number | undefined;
      while (start < end) {
        const piece = (start > 0 ? prefix : "") + chars.slice(start, end).join("");
        found = this.vocab.get(piece);
        if (found !== undefined) break;
        end--;
      }
      // A word with any unknown piece becomes a single [UNK], as in the reference implementation.
      if (found === undefined) return [this.unkId];
      out.push(found);
      start = end;
    }
    return out;
  }
}

// BERT's "punctuation": Unicode P* plus the ASCII symbols ($, +, <, =, >, ^, `, |, ~).
const WORD_OR_PUNCT = /[\p{P}!-/:-@[-`{-~]|[^\s\p{P}!-/:-@[-`{-~]+/gu;

/** BertPreTokenizer: split on whitespace, and make every punctuation character its own word. */
export function preTokenize(text: string): string[] {
  return text.match(WORD_OR_PUNCT) ?? [];
}
