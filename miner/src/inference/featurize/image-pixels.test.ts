import { deflateSync } from "node:zlib";
import jpeg from "jpeg-js";
import { describe, expect, it } from "vitest";
import { crc32, encodeGrayPng } from "../../../../shared/src/tasks/png-encode";
import { FeaturizeError, featurize } from "./featurize";
import { type ImageConfig, imagePixels } from "./image-pixels";
import { decodePng, ImageDecodeError } from "./png-decode";

const gray28: ImageConfig = { kind: "image", width: 28, height: 28, channels: 1, invert: false, scale: 255 };

// Builds a PNG with a chosen filter per row (the encoder under test elsewhere only writes filter 0).
function filteredPng(
  px: Uint8Array,
  w: number,
  h: number,
  bpp: number,
  colorType: number,
  filter: number,
): Uint8Array {
  const stride = w * bpp;
  const raw = new Uint8Array((stride + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (stride + 1)] = filter;
    for (let x = 0; x < stride; x++) {
      const cur = px[y * stride + x] as number;
      const a = x >= bpp ? (px[y * stride + x - bpp] as number) : 0;
      const b = y > 0 ? (px[(y - 1) * stride + x] as number) : 0;
      const c = x >= bpp && y > 0 ? (px[(y - 1) * stride + x - bpp] as number) : 0;
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c;
      const pred = [0, a, b, (a + b) >> 1, paeth][filter] as number;
      raw[y * (stride + 1) + 1 + x] = (cur - pred) & 0xff;
    }
  }
  const chunk = (type: string, body: Uint8Array) => {
    const out = new Uint8Array(12 + body.length);
    const v = new DataView(out.buffer);
    v.setUint32(0, body.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(body, 8);
    v.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
    return out;
  };
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, w);
  new DataView(ihdr.buffer).setUint32(4, h);
  ihdr.set([8, colorType, 0, 0, 0], 8);
  const parts = [
    Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", new Uint8Array(0)),
  ];
  return Uint8Array.from(parts.flatMap((p) => Array.from(p)));
}

const ramp = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 37 + (i >> 3) * 11) & 0xff);

describe("decodePng", () => {
  it("reads back what encodeGrayPng (stored deflate) wrote", () => {
    const px = ramp(28 * 28);
    const img = decodePng(encodeGrayPng(px, 28, 28));
    expect([img.width, img.height, img.channels]).toEqual([28, 28, 1]);
    expect(Array.from(img.data)).toEqual(Array.from(px));
  });
  for (const filter of [0, 1, 2, 3, 4]) {
    it(`undoes filter ${filter} on an RGB image`, () => {
      const px = ramp(5 * 4 * 3);
      const img = decodePng(filteredPng(px, 5, 4, 3, 2, filter));
      expect(img.channels).toBe(3);
      expect(Array.from(img.data)).toEqual(Array.from(px));
    });
  }
  it("refuses non-PNG bytes, truncated data and 16-bit samples with ImageDecodeError", () => {
    expect(() => decodePng(Uint8Array.of(1, 2, 3))).toThrow(ImageDecodeError);
    const ok = encodeGrayPng(ramp(16), 4, 4);
    expect(() => decodePng(ok.subarray(0, 40))).toThrow(ImageDecodeError);
    const sixteen = filteredPng(ramp(8), 2, 2, 2, 0, 0);
    sixteen[8 + 8 + 8] = 16; // bit depth byte of IHDR
    expect(() => decodePng(sixteen)).toThrow(/8-bit/);
  });
});

describe("imagePixels", () => {
  it("maps a same-size gray PNG 1:1 to [0,1]", () => {
    const px = ramp(28 * 28);
    const v = imagePixels(encodeGrayPng(px, 28, 28), "image/png", gray28);
    expect(v).toHaveLength(784);
    for (let i = 0; i < 784; i++) expect(v[i]).toBeCloseTo((px[i] as number) / 255, 6);
  });
  it("inverts when asked", () => {
    const px = new Uint8Array(784).fill(255);
    const v = imagePixels(encodeGrayPng(px, 28, 28), "image/png", { ...gray28, invert: true });
    expect(Math.max(...v)).toBeCloseTo(0, 6);
  });
  it("downscales a 56x56 image of 2x2 blocks to their values", () => {
    const big = new Uint8Array(56 * 56);
    for (let y = 0; y < 56; y++)
      for (let x = 0; x < 56; x++) big[y * 56 + x] = ((x >> 1) * 9 + (y >> 1)) & 0xff;
    const v = imagePixels(encodeGrayPng(big, 56, 56), "image/png", gray28);
    expect(v[3 * 28 + 5]).toBeCloseTo(((5 * 9 + 3) & 0xff) / 255, 5);
  });
  it("converts RGBA to luma composited over black", () => {
    const px = Uint8Array.of(255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 255, 255, 255, 255);
    const v = imagePixels(filteredPng(px, 2, 2, 4, 6, 4), "image/png", { ...gray28, width: 2, height: 2 });
    expect(Array.from(v).map((x) => Math.round(x * 1000) / 1000)).toEqual([
      0.299,
      Math.round(0.587 * (128 / 255) * 1000) / 1000,
      0,
      1,
    ]);
  });
  it("decodes a JPEG (jpeg-js) close to its source", () => {
    const w = 16;
    const rgba = new Uint8Array(w * w * 4);
    for (let i = 0; i < w * w; i++) rgba.set([200, 200, 200, 255], i * 4);
    const encoded = jpeg.encode({ width: w, height: w, data: rgba }, 95).data;
    const v = imagePixels(new Uint8Array(encoded), "image/jpeg", { ...gray28, width: 4, height: 4 });
    for (const x of v) expect(x).toBeCloseTo(200 / 255, 1);
  });
  it("decodes up to 2048 x 2048 pixels and refuses larger images before decoding them", () => {
    const big = (w: number, h: number) => filteredPng(new Uint8Array(w * h), w, h, 1, 0, 0);
    expect(imagePixels(big(2048, 2048), "image/png", gray28)).toHaveLength(28 * 28);
    expect(() => imagePixels(big(4096, 4096), "image/png", gray28)).toThrow(/4096x4096 is out of bounds/);
    expect(() => imagePixels(big(2049, 2048), "image/png", gray28)).toThrow(ImageDecodeError);
    const jpegOf = (w: number, h: number) =>
      new Uint8Array(jpeg.encode({ width: w, height: h, data: new Uint8Array(w * h * 4) }, 50).data);
    expect(imagePixels(jpegOf(2048, 2048), "image/jpeg", gray28)).toHaveLength(28 * 28);
    expect(() => imagePixels(jpegOf(2100, 2100), "image/jpeg", gray28)).toThrow(/maxResolutionInMP/);
  });
  it("refuses garbage JPEG bytes with ImageDecodeError", () => {
    expect(() => imagePixels(Uint8Array.of(0xff, 0xd8, 0xff, 0, 1, 2), "image/jpeg", gray28)).toThrow(
      ImageDecodeError,
    );
  });
});

describe("featurize", () => {
  it("dispatches on the config kind and refuses mismatched input", () => {
    const hashed = {
      kind: "hashed-ngrams" as const,
      dims: 64,
      wordNgrams: [1],
      charNgrams: [],
      lowercase: true,
      seed: 0,
    };
    expect(featurize(hashed, { kind: "text", text: "hello" })).toHaveLength(64);
    const png = encodeGrayPng(new Uint8Array(784), 28, 28);
    expect(featurize(gray28, { kind: "image", bytes: png, mediaType: "image/png" })).toHaveLength(784);
    expect(() => featurize(gray28, { kind: "text", text: "x" })).toThrow(FeaturizeError);
    expect(() => featurize(hashed, { kind: "image", bytes: png, mediaType: "image/png" })).toThrow(
      FeaturizeError,
    );
    expect(() =>
      featurize({ kind: "tokenizer", tokenizerFile: "t.json", maxLength: 8 }, { kind: "text", text: "x" }),
    ).toThrow(FeaturizeError);
  });
});
