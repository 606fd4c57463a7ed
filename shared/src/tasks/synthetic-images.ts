import type { FashionClass } from "./fashion-classes";
import type { Rng } from "./seeded-random";

/**
 * Draws a 28x28 gray product silhouette for a Fashion-MNIST class (white-ish object on a black background,
 * like the dataset), so product-image tasks work without the dataset. Shapes jitter in size, position and
 * brightness per draw; they are meant to be told apart by a small model, not to look like photos.
 */
export function drawSyntheticProduct(cls: FashionClass, rng: Rng): Uint8Array {
  const img = new Uint8Array(28 * 28);
  const j = (n: number) => rng.int(2 * n + 1) - n; // jitter in [-n, n]
  const tone = () => 150 + rng.int(100);
  const dx = j(2);
  const dy = j(1);
  const poly = (pts: readonly (readonly [number, number])[], v = tone()) =>
    fillPolygon(
      img,
      pts.map(([x, y]) => [x + dx, y + dy] as const),
      v,
    );
  const rect = (x0: number, y0: number, x1: number, y1: number, v = tone()) =>
    poly(
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
      ],
      v,
    );
  const w = j(1);
  switch (cls) {
    case "t-shirt":
      rect(8 - w, 6, 20 + w, 25);
      poly([
        [8, 6],
        [3, 10],
        [5, 13],
        [8, 11],
      ]);
      poly([
        [20, 6],
        [25, 10],
        [23, 13],
        [20, 11],
      ]);
      break;
    case "trouser":
      rect(9 - w, 2, 19 + w, 7);
      rect(9 - w, 7, 13, 27);
      rect(15, 7, 19 + w, 27);
      break;
    case "pullover":
      rect(8 - w, 5, 20 + w, 25);
      poly([
        [8, 5],
        [3, 24],
        [6, 25],
        [9, 11],
      ]);
      poly([
        [20, 5],
        [25, 24],
        [22, 25],
        [19, 11],
      ]);
      break;
    case "dress":
      poly([
        [11 - w, 2],
        [17 + w, 2],
        [23 + w, 27],
        [5 - w, 27],
      ]);
      break;
    case "coat": {
      const v = tone();
      rect(7 - w, 3, 21 + w, 27, v);
      poly(
        [
          [7, 3],
          [2, 26],
          [5, 27],
          [8, 10],
        ],
        v,
      );
      poly(
        [
          [21, 3],
          [26, 26],
          [23, 27],
          [20, 10],
        ],
        v,
      );
      rect(13, 5, 14, 27, v - 110); // the opening down the front
      break;
    }
    case "sandal": {
      const v = tone();
      rect(2, 20 + j(1), 26, 23, v);
      for (let x = 5 + rng.int(2); x < 24; x += 5)
        poly(
          [
            [x, 20],
            [x + 2, 13],
            [x + 3, 14],
            [x + 2, 20],
          ],
          v,
        );
      break;
    }
    case "shirt":
      rect(8 - w, 4, 20 + w, 26, tone() - 40);
      poly([
        [8, 4],
        [4, 24],
        [6, 25],
        [9, 11],
      ]);
      poly([
        [20, 4],
        [24, 24],
        [22, 25],
        [19, 11],
      ]);
      poly(
        [
          [11, 4],
          [14, 9],
          [17, 4],
        ],
        255,
      ); // collar
      break;
    case "sneaker":
      poly([
        [2, 24],
        [26, 24],
        [26, 19],
        [16, 15],
        [11, 12],
        [4, 13],
        [2, 18],
      ]);
      rect(2, 23, 26, 25, 255);
      break;
    case "bag": {
      const v = tone();
      rect(4 - w, 11, 24 + w, 26, v);
      rect(8, 4, 10, 11, v);
      rect(18, 4, 20, 11, v);
      rect(8, 4, 20, 6, v);
      break;
    }
    case "ankle-boot":
      poly([
        [6, 3],
        [15, 3],
        [16, 16],
        [26, 20],
        [26, 26],
        [4, 26],
        [5, 15],
      ]);
      break;
  }
  // Faint sensor noise, so no two draws are byte-identical.
  for (let i = 0; i < img.length; i++) {
    if ((img[i] as number) > 0) img[i] = Math.max(1, Math.min(255, (img[i] as number) + j(12)));
  }
  return img;
}

// Even-odd fill of a polygon, sampled at pixel centres.
function fillPolygon(img: Uint8Array, pts: readonly (readonly [number, number])[], value: number): void {
  const v = Math.max(1, Math.min(255, value));
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      let inside = false;
      for (let i = 0, k = pts.length - 1; i < pts.length; k = i++) {
        const [xi, yi] = pts[i] as readonly [number, number];
        const [xk, yk] = pts[k] as readonly [number, number];
        if (yi > py !== yk > py && px < ((xk - xi) * (py - yi)) / (yk - yi) + xi) inside = !inside;
      }
      if (inside) img[y * 28 + x] = v;
    }
  }
}
