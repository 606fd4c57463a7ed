import { z } from "zod";

/**
 * A small pure-JS reader of Hugging Face `tokenizer.json` files for BERT-style WordPiece models, enough for
 * "bring your own ONNX" transformers. It follows the Rust `tokenizers` crate for what it implements and refuses
 * (TokenizerError naming the type and JSON path) what it does not, so a served model never gets silently
 * different token ids:
 * - normalizer: BertNormalizer, Lowercase, StripAccents, NFD/NFC/NFKD/NFKC, Sequence of those, or null;
 * - pre_tokenizer: BertPreTokenizer, Whitespace, WhitespaceSplit, Punctuation, Sequence of those, or null;
 * - model: WordPiece (greedy longest match, `##` continuation prefix);
 * - post_processor: BertProcessing, TemplateProcessing, or null (no special tokens).
 * Format: https://huggingface.co/docs/tokenizers/api/models#tokenizers.models.WordPiece
 */

const tokenizerJsonSchema = z.object({
  // Each is checked by its own builder below, which can name the unsupported type and where it is.
  normalizer: z.unknown().optional(),
  pre_tokenizer: z.unknown().optional(),
  post_processor: z.unknown().optional(),
  padding: z.object({ pad_id: z.number().int().optional() }).passthrough().nullable().optional(),
  model: z.object({
    type: z.literal("WordPiece", { message: "only WordPiece tokenizer.json models are supported" }),
    vocab: z.record(z.string(), z.number().int().min(0)),
    unk_token: z.string().default("[UNK]"),
    continuing_subword_prefix: z.string().default("##"),
    max_input_chars_per_word: z.number().int().positive().default(100),
  }),
});

const typed = z.object({ type: z.string() }).passthrough();

// HF defaults; a hand-written file may leave the flags out (HF itself requires them).
const bertNormalizerSchema = z.object({
  lowercase: z.boolean().default(true),
  strip_accents: z.boolean().nullable().optional(),
  handle_chinese_chars: z.boolean().default(true),
  clean_text: z.boolean().default(true),
});

const splitBehaviour = z.enum(["Removed", "Isolated", "MergedWithPrevious", "MergedWithNext", "Contiguous"]);
type SplitBehaviour = z.infer<typeof splitBehaviour>;

const typeId = z.number().int().min(0);
const templateSchema = z.array(
  z.union([
    z.object({ SpecialToken: z.object({ id: z.string(), type_id: typeId }) }).strict(),
    z.object({ Sequence: z.object({ id: z.enum(["A", "B"]), type_id: typeId }) }).strict(),
  ]),
);
const templateProcessingSchema = z.object({
  single: templateSchema,
  pair: templateSchema,
  special_tokens: z.record(z.string(), z.object({ ids: z.array(z.number().int().min(0)) }).passthrough()),
});
const bertProcessingSchema = z.object({
  cls: z.tuple([z.string(), z.number().int().min(0)]).optional(),
  sep: z.tuple([z.string(), z.number().int().min(0)]).optional(),
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

type Normalizer = (text: string) => string;
type PreTokenizer = (word: string) => string[];
/** A post-processor template: special token ids, or where sequence A/B goes, each with its type id. */
type Template = ({ ids: number[]; typeId: number } | { seq: "A" | "B"; typeId: number })[];

/** A WordPiece tokenizer built from a parsed tokenizer.json. */
export class WordPieceTokenizer {
  private readonly vocab: Map<string, number>;
  private readonly unkId: number;
  private readonly normalizer: Normalizer;
  private readonly preTokenizer: PreTokenizer;
  private readonly single: Template;
  private readonly pair: Template;
  /** The id used to pad a batch to a common length. */
  readonly padId: number;

  private constructor(private readonly spec: z.infer<typeof tokenizerJsonSchema>) {
    this.vocab = new Map(Object.entries(spec.model.vocab));
    const unk = this.vocab.get(spec.model.unk_token);
    if (unk === undefined) throw new TokenizerError(`unk_token ${spec.model.unk_token} is not in the vocab`);
    this.unkId = unk;
    this.normalizer = spec.normalizer == null ? (t) => t : buildNormalizer(spec.normalizer, "normalizer");
    // An absent key (only hand-written files; HF always writes it) keeps this reader's historical BERT default;
    // an explicit null is HF's "no pre-tokenizer": the whole normalized text is one word.
    this.preTokenizer =
      spec.pre_tokenizer === undefined
        ? preTokenize
        : spec.pre_tokenizer === null
          ? (w) => (w === "" ? [] : [w])
          : buildPreTokenizer(spec.pre_tokenizer, "pre_tokenizer");
    [this.single, this.pair] = this.buildTemplates(spec.post_processor);
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
    return new WordPieceTokenizer(parseAt(tokenizerJsonSchema, raw, ""));
  }

  /** Encodes one text with the post-processor's single template, truncated to `maxLength` (specials included). */
  encode(text: string, maxLength: number): Encoding {
    const budget = Math.max(0, maxLength - addedCount(this.single));
    return assemble(this.single, this.pieces(text, budget), []);
  }

  /**
   * Encodes a pair for a cross-encoder (BERT: `[CLS] a [SEP] b [SEP]`, segment 0 then 1). When too long, it is
   * cut as Hugging Face's "longest_first" does (see longestFirst), so both sides keep some tokens.
   */
  encodePair(a: string, b: string, maxLength: number): Encoding {
    const budget = Math.max(0, maxLength - addedCount(this.pair));
    // Whole lengths: which side is longer decides the cut even when both exceed the budget.
    const left = this.pieces(a, Number.POSITIVE_INFINITY);
    const right = this.pieces(b, Number.POSITIVE_INFINITY);
    const [keepLeft, keepRight] = longestFirst(left.length, right.length, budget, maxLength);
    return assemble(this.pair, left.slice(0, keepLeft), right.slice(0, keepRight));
  }

  /** Applies the tokenizer.json normalizer (none when it is null). */
  normalize(text: string): string {
    return this.normalizer(text);
  }

  private pieces(text: string, budget: number): number[] {
    const out: number[] = [];
    for (const word of this.preTokenizer(this.normalize(text))) {
      if (out.length >= budget) break;
      out.push(...this.wordPiece(word));
    }
    return out.slice(0, budget);
  }

  /** The single and pair templates of the post-processor; null adds nothing, as in HF. */
  private buildTemplates(node: unknown): [Template, Template] {
    const a = { seq: "A", typeId: 0 } as const;
    const b = { seq: "B", typeId: 1 } as const; // HF encodes the second text with type id 1
    if (node == null) return [[a], [a, b]];
    const { type } = parseAt(typed, node, "post_processor");
    if (type === "BertProcessing") {
      const p = parseAt(bertProcessingSchema, node, "post_processor");
      const cls = p.cls?.[1] ?? this.vocab.get("[CLS]");
      const sep = p.sep?.[1] ?? this.vocab.get("[SEP]");
      if (cls === undefined || sep === undefined) {
        throw new TokenizerError("tokenizer.json post_processor: BertProcessing needs cls and sep");
      }
      const c = { ids: [cls], typeId: 0 };
      const s0 = { ids: [sep], typeId: 0 };
      return [
        [c, a, s0],
        [c, a, s0, b, { ids: [sep], typeId: 1 }],
      ];
    }
    if (type === "TemplateProcessing") {
      const p = parseAt(templateProcessingSchema, node, "post_processor");
      const build = (pieces: z.infer<typeof templateSchema>, key: "single" | "pair"): Template =>
        pieces.map((piece, i) => {
          if ("Sequence" in piece) {
            if (key === "single" && piece.Sequence.id === "B") {
              throw new TokenizerError(
                `tokenizer.json post_processor.single.${i}: the single template uses $B`,
              );
            }
            return { seq: piece.Sequence.id, typeId: piece.Sequence.type_id };
          }
          const special = p.special_tokens[piece.SpecialToken.id];
          if (!special) {
            throw new TokenizerError(
              `tokenizer.json post_processor.${key}.${i}: special token ${piece.SpecialToken.id} is not in special_tokens`,
            );
          }
          return { ids: special.ids, typeId: piece.SpecialToken.type_id };
        });
      const single = build(p.single, "single");
      const pair = build(p.pair, "pair");
      for (const seq of ["A", "B"]) {
        if (!pair.some((x) => "seq" in x && x.seq === seq)) {
          throw new TokenizerError(`tokenizer.json post_processor.pair: the pair template lacks $${seq}`);
        }
      }
      return [single, pair];
    }
    throw unsupported("post_processor", type, "post_processor", ["BertProcessing", "TemplateProcessing"]);
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

/**
 * How many tokens of each side HF's longest_first truncation keeps (checked against tokenizers 0.23): the shorter
 * side keeps all it can and the longer takes the rest; if both must be cut they get half each, the odd token
 * going to the longer side, or to the second once the shorter alone reaches `maxLength` (specials included).
 */
function longestFirst(left: number, right: number, budget: number, maxLength: number): [number, number] {
  if (left + right <= budget) return [left, right];
  const half = Math.floor(budget / 2);
  const short = Math.min(left, right);
  if (short >= maxLength) return [half, budget - half];
  let keepShort = short;
  let keepLong = Math.max(short, budget - short);
  if (keepShort + keepLong > budget) [keepShort, keepLong] = [half, budget - half];
  return left > right ? [keepLong, keepShort] : [keepShort, keepLong];
}

function addedCount(template: Template): number {
  return template.reduce((n, p) => n + ("ids" in p ? p.ids.length : 0), 0);
}

/** Lays out the template: a Sequence piece's type id applies to every token of that sequence. */
function assemble(template: Template, a: number[], b: number[]): Encoding {
  const ids: number[] = [];
  const typeIds: number[] = [];
  for (const p of template) {
    const part = "ids" in p ? p.ids : p.seq === "A" ? a : b;
    for (const id of part) {
      ids.push(id);
      typeIds.push(p.typeId);
    }
  }
  return { ids, attentionMask: ids.map(() => 1), typeIds };
}

function parseAt<T extends z.ZodTypeAny>(schema: T, value: unknown, path: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = [path, ...(issue?.path ?? [])].filter((p) => p !== "").join(".");
  throw new TokenizerError(`tokenizer.json ${where}: ${issue?.message ?? "invalid"}`);
}

function unsupported(kind: string, type: string, path: string, supported: string[]): TokenizerError {
  return new TokenizerError(
    `tokenizer.json ${path}: ${kind} type ${JSON.stringify(type)} is not supported (supported: ${supported.join(", ")})`,
  );
}

// --- normalizers ---

// HF's "control": Unicode general category Other (Cc, Cf, Cn, Co, Cs), plus U+FFFD; \t \n \r count as space.
const CONTROL = /[\p{C}\ufffd]/gu;
// Rust char::is_whitespace is the White_Space property (JS \s differs: it has U+FEFF, lacks U+0085).
const WHITE_SPACE = /\p{White_Space}/gu;
// HF's fixed "CJK ideograph" ranges (not Script=Han: 々 U+3005 or 〇 U+3007 are left alone). HF's Rust code
// starts one range at U+2B920 (Google's BERT: U+2B820); we follow HF.
const CJK =
  /[\u{4E00}-\u{9FFF}\u{3400}-\u{4DBF}\u{20000}-\u{2A6DF}\u{2A700}-\u{2B73F}\u{2B740}-\u{2B81F}\u{2B920}-\u{2CEAF}\u{F900}-\u{FAFF}\u{2F800}-\u{2FA1F}]/gu;

/** HF lowercases char by char (Rust char::to_lowercase): no final-sigma rule, so Σ is always σ. */
function lowercase(text: string): string {
  return (text.includes("Σ") ? text.replaceAll("Σ", "σ") : text).toLowerCase();
}

function bertNormalizer(node: unknown, path: string): Normalizer {
  const n = parseAt(bertNormalizerSchema, node, path);
  // As in HF: strip_accents null means "follow lowercase".
  const stripAccents = n.strip_accents ?? n.lowercase;
  return (text) => {
    let out = text;
    if (n.clean_text) {
      out = out.replace(CONTROL, (c) => (c === "\t" || c === "\n" || c === "\r" ? " " : ""));
      out = out.replace(WHITE_SPACE, " ");
    }
    if (n.handle_chinese_chars) out = out.replace(CJK, (c) => ` ${c} `);
    // HF's order: strip accents (NFD, drop nonspacing marks), then lowercase.
    if (stripAccents) out = out.normalize("NFD").replace(/\p{Mn}/gu, "");
    if (n.lowercase) out = lowercase(out);
    return out;
  };
}

const NORMALIZERS = ["BertNormalizer", "Lowercase", "StripAccents", "NFD", "NFC", "NFKD", "NFKC", "Sequence"];

function buildNormalizer(node: unknown, path: string): Normalizer {
  const { type } = parseAt(typed, node, path);
  switch (type) {
    case "BertNormalizer":
      return bertNormalizer(node, path);
    case "Lowercase":
      return lowercase;
    // HF's StripAccents drops every combining mark (M*) and does not decompose: recipes put NFD first.
    case "StripAccents":
      return (text) => text.replace(/\p{M}/gu, "");
    case "NFD":
    case "NFC":
    case "NFKD":
    case "NFKC":
      return (text) => text.normalize(type);
    case "Sequence": {
      const { normalizers } = parseAt(z.object({ normalizers: z.array(z.unknown()) }), node, path);
      const steps = normalizers.map((n, i) => buildNormalizer(n, `${path}.normalizers.${i}`));
      return (text) => steps.reduce((t, step) => step(t), text);
    }
    default:
      throw unsupported("normalizer", type, path, NORMALIZERS);
  }
}

// --- pre-tokenizers ---

// BERT's "punctuation": Unicode P* plus the ASCII symbols ($, +, <, =, >, ^, `, |, ~).
const PUNCT = /[\p{P}!-/:-@[-`{-~]/u;
const WORD_OR_PUNCT = /[\p{P}!-/:-@[-`{-~]|[^\p{White_Space}\p{P}!-/:-@[-`{-~]+/gu;
const NON_SPACE = /\P{White_Space}+/gu;
// HF Whitespace is the Rust regex `\w+|[^\w\s]+`; Rust's Unicode \w is this class.
const WORD_CLASS = String.raw`\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}`;
const WORDS_OR_SYMBOLS = new RegExp(`[${WORD_CLASS}]+|[^${WORD_CLASS}\\p{White_Space}]+`, "gu");

/** BertPreTokenizer: split on whitespace, and make every punctuation character its own word. */
export function preTokenize(text: string): string[] {
  return text.match(WORD_OR_PUNCT) ?? [];
}

/** Splits on single punctuation characters, treating them as HF's SplitDelimiterBehavior says. */
function splitPunctuation(word: string, behaviour: SplitBehaviour): string[] {
  // Runs of non-punctuation, and each punctuation character alone (as HF's char-predicate pattern matches).
  const parts: { text: string; match: boolean }[] = [];
  for (const c of word) {
    const match = PUNCT.test(c);
    const last = parts.at(-1);
    if (!match && last && !last.match) last.text += c;
    else parts.push({ text: c, match });
  }
  const merged: { text: string; match: boolean }[] = [];
  const ordered = behaviour === "MergedWithNext" ? parts.reverse() : parts;
  let previousMatch = false;
  for (const p of ordered) {
    const last = merged.at(-1);
    if (behaviour === "Removed" && p.match) continue;
    if (behaviour === "Contiguous" && p.match && last?.match) last.text += p.text;
    else if (behaviour === "MergedWithPrevious" && p.match && !previousMatch && last) last.text += p.text;
    else if (behaviour === "MergedWithNext" && p.match && !previousMatch && last)
      last.text = p.text + last.text;
    else merged.push({ ...p });
    previousMatch = p.match;
  }
  if (behaviour === "MergedWithNext") merged.reverse();
  return merged.map((p) => p.text);
}

const PRE_TOKENIZERS = ["BertPreTokenizer", "Whitespace", "WhitespaceSplit", "Punctuation", "Sequence"];

function buildPreTokenizer(node: unknown, path: string): PreTokenizer {
  const { type } = parseAt(typed, node, path);
  switch (type) {
    case "BertPreTokenizer":
      return preTokenize;
    case "Whitespace":
      return (w) => w.match(WORDS_OR_SYMBOLS) ?? [];
    case "WhitespaceSplit":
      return (w) => w.match(NON_SPACE) ?? [];
    case "Punctuation": {
      const { behavior } = parseAt(z.object({ behavior: splitBehaviour.default("Isolated") }), node, path);
      return (w) => splitPunctuation(w, behavior);
    }
    case "Sequence": {
      const { pretokenizers } = parseAt(z.object({ pretokenizers: z.array(z.unknown()) }), node, path);
      const steps = pretokenizers.map((p, i) => buildPreTokenizer(p, `${path}.pretokenizers.${i}`));
      return (text) => steps.reduce<string[]>((words, step) => words.flatMap(step), [text]);
    }
    default:
      throw unsupported("pre_tokenizer", type, path, PRE_TOKENIZERS);
  }
}
