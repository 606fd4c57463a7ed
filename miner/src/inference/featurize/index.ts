/** Featurizers shared by training and the miner (see the model contract). */
export * from "./featurize";
export * from "./hashed-ngrams";
export * from "./image-pixels";
export { decodePng, ImageDecodeError, type RawImage } from "./png-decode";
