import { inflateSync } from "node:zlib";
import { concatBytes } from "../../../../shared/src/bytes/concat-bytes";
import { LIMITS } from "../../../../shared/src/protocol/limits";

/** A decoded image: 8-bit samples, row-major, `channels` interleaved per pixel. */
export interface RawImage {
  width: number;
  height: number;
  /** 1 = gray, 2 = gray+alpha, 3 = RGB, 4 = RGBA. */
  channels: 1 | 2 | 3 | 4;
  data: Uint8Array;
}

/** The bytes are not an image we can read; the message says why. */
export class ImageDecodeError extends Error {
  override name = "ImageDecodeError";
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
// Decoded pixels are bounded before inflating so a tiny PNG cannot claim a huge canvas (the protocol's limit).
const MAX_PIXELS = LIMITS.imagePixels;
const CHANNELS_BY_COLOR_TYPE: Record<number, RawImage["channels"]> = { 0: 1, 2: 3, 3: 3, 4: 2, 6: 4 };

/**
 * Decodes a non-interlaced PNG with 8-bit samples (gray, gray+alpha, RGB, RGBA, or palette) per
 * https://www.w3.org/TR/png-3/. Node only (inflates with node:zlib). Throws `ImageDecodeError`.
 */
export function decodePng(bytes: Uint8Array): RawImage {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) throw new ImageDecodeError("not a PNG");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let header: {
    width: number;
    height: number;
    bitDepth: number;
    colorType: number;
    interlace: number;
  } | null = null;
  let palette: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (body.length !== length) throw new ImageDecodeError(`chunk ${type} is truncated`);
    if (type === "IHDR") {
      const v = new DataView(body.buffer, body.byteOffset, body.byteLength);
      header = {
        width: v.getUint32(0),
        height: v.getUint32(4),
        bitDepth: body[8] as number,
        colorType: body[9] as number,
        interlace: body[12] as number,
      };
    } else if (type === "PLTE") palette = body;
    else if (type === "IDAT") idat.push(body);
    else if (type === "IEND") break;
    offset += 12 + length;
  }
  if (!header) throw new ImageDecodeError("PNG has no IHDR chunk");
  const { width, height, bitDepth, colorType, interlace } = header;
  const srcChannels = colorType === 3 ? 1 : CHANNELS_BY_COLOR_TYPE[colorType];
  if (srcChannels === undefined) throw new ImageDecodeError(`unknown PNG color type ${colorType}`);
  if (bitDepth !== 8) throw new ImageDecodeError(`only 8-bit PNG samples are supported (got ${bitDepth})`);
  if (interlace !== 0) throw new ImageDecodeError("interlaced PNGs are not supported");
  if (width === 0 || height === 0 || width * height > MAX_PIXELS) {
    throw new ImageDecodeError(`PNG size ${width}x${height} is out of bounds (at most ${MAX_PIXELS} pixels)`);
  }
  if (idat.length === 0) throw new ImageDecodeError("PNG has no image data");
  const stride = width * srcChannels;
  let inflated: Uint8Array;
  try {
    inflated = inflateSync(concatBytes(idat), { maxOutputLength: (stride + 1) * height });
  } catch (e) {
    throw new ImageDecodeError(`PNG data does not inflate: ${(e as Error).message}`);
  }
  if (inflated.length < (stride + 1) * height)
    throw new ImageDecodeError("PNG data is shorter than its size");
  const pixels = unfilter(inflated, stride, height, srcChannels);
  if (colorType !== 3) return { width, height, channels: srcChannels, data: pixels };
  if (!palette) throw new ImageDecodeError("palette PNG has no PLTE chunk");
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < pixels.length; i++) {
    const p = (pixels[i] as number) * 3;
    rgb[i * 3] = palette[p] ?? 0;
    rgb[i * 3 + 1] = palette[p + 1] ?? 0;
    rgb[i * 3 + 2] = palette[p + 2] ?? 0;
  }
  return { width, height, channels: 3, data: rgb };
}

// Undoes the per-scanline filters (None, Sub, Up, Average, Paeth), PNG spec section 7.3.
function unfilter(src: Uint8Array, stride: number, height: number, bpp: number): Uint8Array {
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = src[y * (stride + 1)];
    const line = src.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? (out[row + x - bpp] as number) : 0;
      const b = y > 0 ? (out[row - stride + x] as number) : 0;
      const c = x >= bpp && y > 0 ? (out[row - stride + x - bpp] as number) : 0;
      const v = line[x] as number;
      let pred: number;
      if (filter === 0) pred = 0;
      else if (filter === 1) pred = a;
      else if (filter === 2) pred = b;
      else if (filter === 3) pred = (a + b) >> 1;
      else if (filter === 4) pred = paeth(a, b, c);
      else throw new ImageDecodeError(`unknown PNG filter ${filter} on row ${y}`);
      out[row + x] = (v + pred) & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}
