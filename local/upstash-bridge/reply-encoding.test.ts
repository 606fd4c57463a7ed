import { describe, expect, it } from "vitest";
import { encodeReply, replyEncodingFrom } from "./reply-encoding";

describe("encodeReply", () => {
  it("writes UTF-8 text, numbers and nulls as they are without base64", () => {
    expect(encodeReply(Buffer.from("中文 🐱"), "utf8")).toBe("中文 🐱");
    expect(encodeReply([Buffer.from("a"), 2, null, [Buffer.from("OK")]], "utf8")).toEqual([
      "a",
      2,
      null,
      ["OK"],
    ]);
  });

  it("base64-encodes the raw bytes of every string, even invalid UTF-8", () => {
    expect(encodeReply(Buffer.from([0xff, 0x00, 0x80]), "base64")).toBe("/wCA");
    expect(encodeReply(Buffer.from("中文"), "base64")).toBe("5Lit5paH");
    expect(encodeReply([Buffer.from("a"), [Buffer.from("b"), 3]], "base64")).toEqual(["YQ==", ["Yg==", 3]]);
  });

  it("keeps a top-level OK plain but encodes OK inside arrays, matching @upstash/redis decode()", () => {
    expect(encodeReply(Buffer.from("OK"), "base64")).toBe("OK");
    expect(encodeReply([Buffer.from("OK")], "base64")).toEqual(["T0s="]);
    expect(encodeReply(Buffer.from("PONG"), "base64")).toBe("UE9ORw==");
  });

  it("renders an error nested in a reply as its message", () => {
    expect(encodeReply([new Error("ERR nested")], "utf8")).toEqual(["ERR nested"]);
  });
});

describe("replyEncodingFrom", () => {
  it("switches to base64 only for the base64 header value, case-insensitively", () => {
    expect(replyEncodingFrom("base64")).toBe("base64");
    expect(replyEncodingFrom(" Base64 ")).toBe("base64");
    expect(replyEncodingFrom(undefined)).toBe("utf8");
    expect(replyEncodingFrom("hex")).toBe("utf8");
  });
});
