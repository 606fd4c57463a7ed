import { z } from "zod";
import { message, requestEnvelope, responseEnvelope } from "../envelope";
import { labelSchema, labelSetSchema, probabilitiesSchema } from "../fields";
import { LIMITS } from "../limits";

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** Longest base64 text that decodes to at most `LIMITS.imageBytes`. */
const maxBase64Chars = Math.ceil(LIMITS.imageBytes / 3) * 4;

/** An encoded product photo. Only PNG and JPEG; the magic bytes must agree with the stated media type. */
export const encodedImageSchema = z
  .strictObject({
    mediaType: z.enum(["image/png", "image/jpeg"]),
    data: z.string().min(8).max(maxBase64Chars).regex(BASE64, "image data must be base64"),
  })
  .refine((img) => magicMatches(img.mediaType, img.data), "image bytes do not match its media type");
export type EncodedImage = z.infer<typeof encodedImageSchema>;

/** Product image ("scene understanding"): which catalogue category does the photo show? */
export const productImageRequestSchema = message({
  ...requestEnvelope,
  taskType: z.literal("product_image"),
  image: encodedImageSchema,
  categories: labelSetSchema,
});
export type ProductImageRequest = z.infer<typeof productImageRequestSchema>;

/** The chosen category and a probability for every allowed category. */
export const productImageResponseSchema = message({
  ...responseEnvelope,
  taskType: z.literal("product_image"),
  label: labelSchema,
  probabilities: probabilitiesSchema,
});
export type ProductImageResponse = z.infer<typeof productImageResponseSchema>;

// Base64 of the PNG signature (89 50 4E 47 0D 0A 1A 0A) and of a JPEG SOI marker (FF D8 FF).
function magicMatches(mediaType: "image/png" | "image/jpeg", data: string): boolean {
  return mediaType === "image/png" ? data.startsWith("iVBORw0KGgo") : data.startsWith("/9j/");
}
