/**
 * Upper bounds for every field of the protocol. A hostile peer can only make us allocate what these allow,
 * and the HTTP layers cap the body at `maxBodyBytes` before any of it is parsed.
 */
export const LIMITS = {
  maxBodyBytes: 512 * 1024,
  taskIdChars: 64,
  languageTagChars: 35,
  textChars: 2_000,
  turns: 32,
  candidates: 100,
  candidateIdChars: 32,
  labels: 128,
  labelChars: 64,
  imageBytes: 256 * 1024,
  /** Decoded pixels (2048 x 2048): a few kB of PNG can declare far more, and decoding costs per pixel. */
  imagePixels: 2048 * 2048,
  minDeadlineMs: 100,
  maxDeadlineMs: 60_000,
} as const;
