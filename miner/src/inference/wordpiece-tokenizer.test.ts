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
  // Appended for the tests below (ids 16..24).
  "hello",
  "οδοσ",
  "x",
  "##々",
  "a",
  "b",
  "c",
  "y",
  "z",
];
const model = {
  type: "WordPiece",
  unk_token: "[UNK]",
  continuing_subword_prefix: "##",
  max_input_chars_per_word: 100,
  vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
};
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
  model,
});
const tok = WordPieceTokenizer.fromJson(tokenizerJson);

/** A tokenizer.json with the given components, written out in full as HF saves it (nulls included). */
function build(parts: {
  normalizer?: unknown;
  pre_tokenizer?: unknown;
  post_processor?: unknown;
}): WordPieceTokenizer {
  return WordPieceTokenizer.fromJson(
    JSON.stringify({
      normalizer: null,
      pre_tokenizer: null,
      post_processor: null,
      padding: null,
      ...parts,
      model,
    }),
  );
}
const bertPost = { type: "BertProcessing", sep: ["[SEP]", 3], cls: ["[CLS]", 2] };

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

  // Expected ids below were checked against Hugging Face tokenizers 0.23 on the same tokenizer.json.

  it("refuses normalizer, pre_tokenizer and post_processor types it does not implement, naming type and path", () => {
    const replace = {
      type: "Sequence",
      normalizers: [{ type: "NFD" }, { type: "Replace", pattern: {}, content: "" }],
    };
    expect(() => build({ normalizer: replace })).toThrow(TokenizerError);
    expect(() => build({ normalizer: replace })).toThrow(
      /normalizer\.normalizers\.1: normalizer type "Replace"/,
    );
    expect(() => build({ pre_tokenizer: { type: "Metaspace", replacement: "▁" } })).toThrow(
      /pre_tokenizer: pre_tokenizer type "Metaspace"/,
    );
    expect(() =>
      build({ post_processor: { type: "RobertaProcessing", sep: ["</s>", 2], cls: ["<s>", 0] } }),
    ).toThrow(/post_processor: post_processor type "RobertaProcessing"/);
  });

  it("applies a Sequence of NFD, Lowercase, StripAccents (HF's WordPiece recipe) with the Whitespace pre-tokenizer", () => {
    const t = build({
      normalizer: {
        type: "Sequence",
        normalizers: [{ type: "NFD" }, { type: "Lowercase" }, { type: "StripAccents" }],
      },
      pre_tokenizer: { type: "Whitespace" },
    });
    expect(t.encode("Hello Café", 32).ids).toEqual([16, 12]);
    // Whitespace keeps runs of symbols together ("!!" is one word), unlike BertPreTokenizer.
    expect(t.encode("cafe!! x", 32).ids).toEqual([12, 1, 18]);
  });

  it("applies a lone Lowercase normalizer (no accent stripping) and WhitespaceSplit", () => {
    const t = build({ normalizer: { type: "Lowercase" }, pre_tokenizer: { type: "WhitespaceSplit" } });
    expect(t.encode("HELLO Café cafe!", 32).ids).toEqual([16, 1, 1]);
  });

  it("applies a Sequence of pre-tokenizers and Punctuation's split behaviour", () => {
    const t = build({
      pre_tokenizer: {
        type: "Sequence",
        pretokenizers: [{ type: "WhitespaceSplit" }, { type: "Punctuation", behavior: "Contiguous" }],
      },
    });
    expect(t.encode("x?!y a", 32).ids).toEqual([18, 1, 23, 20]);
    expect(build({ pre_tokenizer: { type: "Punctuation" } }).encode("x?!y", 32).ids).toEqual([18, 8, 15, 23]);
  });

  it("cleans text as HF BertNormalizer: drops format/control chars (soft hyphen, ZWSP, \\v), maps spaces", () => {
    expect(tok.encode("un\u00adable un\u200bable un\u000bable\u3000x", 32).ids).toEqual([
      2, 9, 10, 9, 10, 9, 10, 18, 3,
    ]);
    expect(tok.normalize("a\u2028b\tc\ufeffd\u0000e\ufffd")).toBe("a b cde");
  });

  it("spaces out only HF's CJK ideograph ranges, not every Han-script character", () => {
    expect(tok.encode("x々", 32).ids).toEqual([2, 18, 19, 3]); // 々 (U+3005) is Han script but not split
    // HF starts that range at U+2B920, so U+2B820 stays joined; 〇 (U+3007) is Han script too.
    expect(tok.normalize("包\u{2B820}\u{2B920}〇")).toBe(" 包 \u{2B820} \u{2B920} 〇");
  });

  it("lowercases char by char like HF (no final-sigma rule)", () => {
    expect(tok.normalize("ΟΔΟΣ")).toBe("οδοσ");
    expect(build({ normalizer: { type: "Lowercase" } }).encode("ΟΔΟΣ", 32).ids).toEqual([17]);
  });

  it("adds no special tokens without a post_processor; an explicit null pre_tokenizer splits nothing", () => {
    const t = build({ normalizer: { type: "Lowercase" }, pre_tokenizer: { type: "BertPreTokenizer" } });
    expect(t.encode("Hello x", 32)).toEqual({ ids: [16, 18], attentionMask: [1, 1], typeIds: [0, 0] });
    const pair = t.encodePair("hello", "x y", 32);
    expect(pair.ids).toEqual([16, 18, 23]);
    expect(pair.typeIds).toEqual([0, 1, 1]);
    expect(build({ post_processor: bertPost }).encode("a b", 32).ids).toEqual([2, 1, 3]);
  });

  it("lays out TemplateProcessing's single and pair templates with their special ids and type ids", () => {
    const special = (id: string, type_id = 0) => ({ SpecialToken: { id, type_id } });
    const seq = (id: "A" | "B", type_id: number) => ({ Sequence: { id, type_id } });
    const t = build({
      pre_tokenizer: { type: "BertPreTokenizer" },
      post_processor: {
        type: "TemplateProcessing",
        single: [special("[CLS]"), seq("A", 0)],
        pair: [special("[CLS]"), seq("A", 0), special("[SEP]"), seq("B", 1), special("[SEP]", 1)],
        special_tokens: {
          "[CLS]": { id: "[CLS]", ids: [101], tokens: ["[CLS]"] },
          "[SEP]": { id: "[SEP]", ids: [102], tokens: ["[SEP]"] },
        },
      },
    });
    expect(t.encode("a b c", 3).ids).toEqual([101, 20, 21]);
    const e = t.encodePair("a b", "x", 32);
    expect(e.ids).toEqual([101, 20, 21, 102, 18, 102]);
    expect(e.typeIds).toEqual([0, 0, 0, 0, 1, 1]);
    const missing = {
      type: "TemplateProcessing",
      single: [special("<s>"), seq("A", 0)],
      pair: [],
      special_tokens: {},
    };
    expect(() => build({ post_processor: missing })).toThrow(/post_processor\.single\.0: special token <s>/);
  });

  it("truncates a pair as HF longest_first does (cutting both: half each, the odd token to the second)", () => {
    expect(tok.encodePair("a b c", "x y z", 6).ids).toEqual([2, 20, 3, 18, 23, 3]);
    expect(tok.encodePair("a b c", "x", 5).ids).toEqual([2, 20, 3, 18, 3]);
  });
});
