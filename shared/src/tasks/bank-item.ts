import type { DialogueTurn } from "../protocol/tasks/response-selection";
import type { SentimentLabel } from "../protocol/tasks/sentiment";

/**
 * One task before it gets a surface form (task id, shuffled candidates and labels, fresh candidate ids):
 * what pools and the generator produce and `toRequest` turns into a protocol request plus its ground truth.
 */
export type BankItem =
  | {
      taskType: "intent_classification";
      language: string;
      text: string;
      label: string;
      labels: readonly string[];
    }
  | { taskType: "sentiment"; language: string; text: string; label: SentimentLabel }
  | {
      taskType: "response_selection";
      language: string;
      turns: DialogueTurn[];
      response: string;
      /** Wrong replies to choose distractors from (at least as many as a request needs). */
      negatives: readonly string[];
    }
  | {
      taskType: "product_image";
      label: string;
      categories: readonly string[];
      pixels: Uint8Array;
      width: number;
      height: number;
    };
