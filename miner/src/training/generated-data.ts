import { generateItem, splitSeed } from "../../../shared/src/tasks/generator";
import type { ImageExample, RankingExample, TextExample } from "./datasets.node.js";

/**
 * Training and held-out data from the task bank's own generator: split `train` and split `test` use disjoint
 * item seeds (so held-out items are new draws, though they share the generator's templates).
 */
export function generatedTexts(
  taskType: "intent_classification" | "sentiment",
  split: string,
  n: number,
): TextExample[] {
  return Array.from({ length: n }, (_, i) => {
    const item = generateItem(
      taskType,
      splitSeed(`${split}:${taskType}`, i),
      splitSeed(`${split}:${taskType}:surface`, i),
    );
    if (item.taskType !== "intent_classification" && item.taskType !== "sentiment")
      throw new TypeError("unexpected item");
    return { text: item.text, label: item.label, language: item.language };
  });
}

/** Generated dialogues as (context, response) training pairs. */
export function generatedPairs(split: string, n: number): { turns: string[]; response: string }[] {
  return Array.from({ length: n }, (_, i) => {
    const item = generatedDialogue(split, i);
    return { turns: item.turns.map((t) => t.text), response: item.response };
  });
}

/** Generated dialogues as 10-candidate ranking items (true reply + 9 hard negatives, as the bank serves them). */
export function generatedRanking(split: string, n: number, poolSize = 10): RankingExample[] {
  return Array.from({ length: n }, (_, i) => {
    const item = generatedDialogue(split, i);
    const candidates = [item.response, ...item.negatives.slice(0, poolSize - 1)];
    const rot = i % candidates.length;
    const shuffled = [...candidates.slice(rot), ...candidates.slice(0, rot)];
    return {
      turns: item.turns.map((t) => t.text),
      candidates: shuffled,
      trueIndex: shuffled.indexOf(item.response),
    };
  });
}

/** Generated product silhouettes (the bank's synthetic Fashion-MNIST stand-ins) as labelled images. */
export function generatedImages(split: string, n: number): ImageExample[] {
  return Array.from({ length: n }, (_, i) => {
    const item = generateItem(
      "product_image",
      splitSeed(`${split}:image`, i),
      splitSeed(`${split}:image:surface`, i),
    );
    if (item.taskType !== "product_image") throw new TypeError("unexpected item");
    return { pixels: item.pixels, label: item.label };
  });
}

// Pairs and ranking items of one split draw the same dialogue for the same index.
function generatedDialogue(split: string, i: number) {
  const item = generateItem(
    "response_selection",
    splitSeed(`${split}:dialogue`, i),
    splitSeed(`${split}:dialogue:surface`, i),
  );
  if (item.taskType !== "response_selection") throw new TypeError("unexpected item");
  return item;
}
