import jpeg from "jpeg-js";
import { z } from "zod";
import { LIMITS } from "../../../../shared/src/protocol/limits";
import { decodePng, ImageDecodeError, type RawImage } from "./png-decode";

/**
 * How an encoded image becomes a model input: decoded, converted to gray (or RGB), resized bilinearly to
 * `width x height`, divided by `scale`, optionally inverted (1 - v). Output layout: channel-major `[c, h, w]`.
 */
export const imageConfigSchema = z.strictObject({
  kind: z.literal("image"),
  width: z.number().int().min(1).max(1024),
  height: z.number().int().min(1).max(1024),
  channels: z.union([z.literal(1), z.literal(3)]),
  invert: z.boolean(),
  scale: z.number().positive(),
});
export type ImageConfig = z.infer<typeof imageConfigSchema>;

/** The media types `imagePixels` decodes (the protocol's two). */
export type ImageMediaType = "image/png" | "image/jpeg";

// jpeg-js allocates and decodes per megapixel: the protocol's pixel limit, and a memory cap to go with it.
const JPEG_LIMITS = { maxResolutionInMP: LIMITS.imagePixels / 1e6, maxMemoryUsageInMB: 128 };

/** Decodes PNG (8-bit) or JPEG bytes and returns the `[channels * height * width]` input the contract defines. */
export function imagePixels(bytes: Uint8Array, mediaType: ImageMediaType, cfg: ImageConfig): Float32Array {
  return pixelsFromRaw(decodeImage(bytes, mediaType), cfg);
}

/** Decodes an image by its media type; throws `ImageDecodeError` on anything unreadable. */
export function decodeImage(bytes: Uint8Array, mediaType: ImageMediaType): RawImage {
  if (mediaType === "image/png") return decodePng(bytes);
  try {
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, ...JPEG_LIMITS });
    return { width: img.width, height: img.height, channels: 4, data: img.data };
  } catch (e) {
    throw new ImageDecodeError(`JPEG does not decode: ${(e as Error).message}`);
  }
}

/** Converts decoded samples to the model input (channel conversion, bilinear resize, scaling, inversion). */
export function pixelsFromRaw(img: RawImage, cfg: ImageConfig): Float32Array {
  const planes = toPlanes(img, cfg.channels);
  const out = new Float32Array(cfg.channels * cfg.width * cfg.height);
  const plane = cfg.width * cfg.height;
  // Sample at pixel centres so a same-size image maps 1:1 and a downscale averages neighbours.
  const sx = img.width / cfg.width;
  const sy = img.height / cfg.height;
  for (let c = 0; c < cfg.channels; c++) {
    const src = planes[c] as Float32Array;
    for (let y = 0; y < cfg.height; y++) {
      const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), img.height - 1);
      const y0 = Math.floor(fy);
      const y1 = Math.min(y0 + 1, img.height - 1);
      const wy = fy - y0;
      for (let x = 0; x < cfg.width; x++) {
        const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), img.width - 1);
        const x0 = Math.floor(fx);
        const x1 = Math.min(x0 + 1, img.width - 1);
        const wx = fx - x0;
        const top =
          (src[y0 * img.width + x0] as number) * (1 - wx) + (src[y0 * img.width + x1] as number) * wx;
        const bottom =
          (src[y1 * img.width + x0] as number) * (1 - wx) + (src[y1 * img.width + x1] as number) * wx;
        const v = (top * (1 - wy) + bottom * wy) / cfg.scale;
        out[c * plane + y * cfg.width + x] = cfg.invert ? 1 - v : v;
      }
    }
  }
  return out;
}

// Splits interleaved samples into gray or RGB planes; alpha is composited over black (the Fashion-MNIST
// background), gray uses ITU-R BT.601 luma.
function toPlanes(img: RawImage, channels: 1 | 3): Float32Array[] {
  const n = img.width * img.height;
  const planes = Array.from({ length: channels }, () => new Float32Array(n));
  const d = img.data;
  for (let i = 0; i < n; i++) {
    const base = i * img.channels;
    let r: number;
    let g: number;
    let b: number;
    let a = 255;
    if (img.channels <= 2) {
      r = g = b = d[base] as number;
      if (img.channels === 2) a = d[base + 1] as number;
    } else {
      r = d[base] as number;
      g = d[base + 1] as number;
      b = d[base + 2] as number;
      if (img.channels === 4) a = d[base + 3] as number;
    }
    const k = a / 255;
    if (channels === 1) (planes[0] as Float32Array)[i] = (0.299 * r + 0.587 * g + 0.114 * b) * k;
    else {
      (planes[0] as Float32Array)[i] = r * k;
      (planes[1] as Float32Array)[i] = g * k;
      (planes[2] as Float32Array)[i] = b * k;
    }
  }
  return planes;
}
