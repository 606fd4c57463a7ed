import { type ByteSource, chunks, gunzip, type NamedSource } from "./byte-source";
import { DataFormatError } from "./data-error";

/** One image of an MNIST-style idx file: 8-bit gray pixels, row-major, and its class index. */
export interface IdxImage {
  pixels: Uint8Array;
  label: number;
  width: number;
  height: number;
  index: number;
}

const IMAGES_MAGIC = 0x803;
const LABELS_MAGIC = 0x801;

/**
 * Streams image/label pairs from gzip'd MNIST idx files (http://yann.lecun.com/exdb/mnist/ format; Fashion-MNIST
 * uses it too): big-endian header, then one byte per pixel / label. Reads both files in step, one image at a
 * time. Bad magic numbers or mismatched counts throw `DataFormatError` (line = record index + 1).
 */
export async function* readIdxImages(images: NamedSource, labels: NamedSource): AsyncGenerator<IdxImage> {
  const img = new ByteReader(gunzip(images.bytes));
  const lab = new ByteReader(gunzip(labels.bytes));
  const ih = await img.take(16);
  const lh = await lab.take(8);
  if (!ih || !lh) throw new DataFormatError(images.name, 0, "file shorter than its idx header");
  const iv = new DataView(ih.buffer, ih.byteOffset, 16);
  const lv = new DataView(lh.buffer, lh.byteOffset, 8);
  if (iv.getUint32(0) !== IMAGES_MAGIC)
    throw new DataFormatError(images.name, 0, "not an idx3 image file (magic)");
  if (lv.getUint32(0) !== LABELS_MAGIC)
    throw new DataFormatError(labels.name, 0, "not an idx1 label file (magic)");
  const count = iv.getUint32(4);
  if (lv.getUint32(4) !== count) {
    throw new DataFormatError(labels.name, 0, `${lv.getUint32(4)} labels for ${count} images`);
  }
  const height = iv.getUint32(8);
  const width = iv.getUint32(12);
  if (width * height === 0 || width * height > 1 << 20) {
    throw new DataFormatError(images.name, 0, `image size ${width}x${height} out of bounds`);
  }
  for (let index = 0; index < count; index++) {
    const pixels = await img.take(width * height);
    const label = await lab.take(1);
    if (!pixels || !label)
      throw new DataFormatError(pixels ? labels.name : images.name, index + 1, "file ends early");
    yield { pixels, label: label[0] as number, width, height, index };
  }
}

// Hands out exact-size slices of a chunked stream, keeping at most one chunk plus one record buffered.
class ByteReader {
  private readonly it: AsyncGenerator<Uint8Array>;
  private buf: Uint8Array = new Uint8Array(0);
  private pos = 0;

  constructor(source: ByteSource) {
    this.it = chunks(source);
  }

  async take(n: number): Promise<Uint8Array | null> {
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      if (this.pos >= this.buf.length) {
        const next = await this.it.next();
        if (next.done) return null;
        this.buf = next.value;
        this.pos = 0;
        continue;
      }
      const k = Math.min(n - filled, this.buf.length - this.pos);
      out.set(this.buf.subarray(this.pos, this.pos + k), filled);
      filled += k;
      this.pos += k;
    }
    return out;
  }
}
