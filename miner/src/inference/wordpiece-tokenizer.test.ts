import { describe, expect, it } from "vitest";
import { preTokenize, TokenizerError, WordPieceTokenizer } from "./wordpiece-tokenizer";

// A tiny tokenizer.json in Hugging Face's format (BERT uncased layout), written by hand for this test.
const vocab = [
  "[PAD]",
  "[UNK]",
  "[CLS]",
  "[SEP]",
  "where",
  "is",
  "my",
  "order",
  "?",
  "un",
  "##able",
  "##s",
  "cafe",
  "包",
  "裹",
  "!",
];
const tokenizerJson = JSON.stringify({
  version: "1.0",
  normalizer: {
    type: "BertNormalizer",
    clean_text: true,
    handle_chinese_chars: true,
    strip_accents: null,
    lowercase: true,
  },
  pre_tokenizer: { type: "BertPreTokenizer" },
  post_processor: { type: "BertProcessing", sep: ["[SEP]", 3], cls: ["[CLS]", 2] },
  padding: null,
  model: {
    type: "WordPiece",
    unk_token: "[UNK]",
    continuing_subword_prefix: "##",
    max_input_chars_per_word: 100,
    vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
  },
});
const tok = WordPieceTokenizer.fromJson(tokenizerJson);

describe("WordPieceTokenizer (tokenizer.json)", () => {
  it("lowercases, splits punctuation and wraps in [CLS] ... [SEP]", () => {
    expect(tok.encode("Where is my ORDER?", 32).ids).toEqual([2, 4, 5, 6, 7, 8, 3]);
  });

  it("uses ## continuation pieces, greedy longest match, and [UNK] for unknown words", () => {
    expect(tok.encode("unables zzz", 32).ids).toEqual([2, 9, 10, 11, 1, 3]);
  });

  it("strips accents and spaces out CJK ideographs", () => {
    expect(tok.encode("Café 包裹!", 32).ids).toEqual([2, 12, 13, 14, 15, 3]);
  });

  it("truncates to maxLength including the special tokens; mask and type ids match", () => {
    const e = tok.encode("where is my order ?", 4);
    expect(e.ids).toEqual([2, 4, 5, 3]);
    expect(e.attentionMask).toEqual([1, 1, 1, 1]);
    expect(e.typeIds).toEqual([0, 0, 0, 0]);
  });

  it("encodes a pair with segment ids and longest-first truncation", () => {
    const e = tok.encodePair("where is my order", "cafe", 7);
    expect(e.ids).toEqual([2, 4, 5, 6, 3, 12, 3]); // "order" cut: the longer side loses first
    expect(e.typeIds).toEqual([0, 0, 0, 0, 0, 1, 1]);
    expect(tok.padId).toBe(0);
  });

  it("pre-tokenizes on whitespace and BERT punctuation (ASCII symbols included)", () => {
    expect(preTokenize("a+b, c$")).toEqual(["a", "+", "b", ",", "c", "$"]);
  });

  it("refuses non-WordPiece models and a vocab without its unk token", () => {
    expect(() => WordPieceTokenizer.fromJson(JSON.stringify({ model: { type: "BPE", vocab: {} } }))).toThrow(
      TokenizerError,
    );
    expect(() =>
      WordPieceTokenizer.fromJson(JSON.stringify({ model: { type: "WordPiece", vocab: { a: 0 } } })),
    ).toThrow("unk_token");
    expect(() => WordPieceTokenizer.fromJson("{")).toThrow("not JSON");
  });
});
