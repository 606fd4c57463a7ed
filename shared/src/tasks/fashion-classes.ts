/** Fashion-MNIST's ten classes as protocol labels, in the dataset's label-index order. */
export const FASHION_CLASSES = [
  "t-shirt",
  "trouser",
  "pullover",
  "dress",
  "coat",
  "sandal",
  "shirt",
  "sneaker",
  "bag",
  "ankle-boot",
] as const;
export type FashionClass = (typeof FASHION_CLASSES)[number];
