import type { TaskRequest } from "../../../shared/src/protocol";
import { GENERATED_INTENTS, type GeneratedIntent, LEXICONS, type Lexicon } from "../../../shared/src/tasks";

/**
 * The "skill" of test miners on the task bank's generated items: recognizes which template wrote a text by
 * matching the public lexicons (slots and surface words as wildcards), the way the fixture lookup does for
 * fixture items. It reads only the request, never the validator's truth. Product images are not read.
 */
export function bankOracle(request: TaskRequest): { label?: string; trueText?: string } | null {
  if (request.taskType === "product_image") return null;
  const lex = Object.values(LEXICONS).find((l) => l.language === request.language);
  if (!lex) return null;
  if (request.taskType === "intent_classification") {
    const intent = intentOf(lex, request.text);
    return intent ? { label: intent } : null;
  }
  if (request.taskType === "sentiment") {
    const found = bestMatch(
      Object.entries(lex.sentiment).flatMap(([label, ts]) => ts.map((t) => ({ label, t }))),
      request.text,
    );
    return found ? { label: found.label } : null;
  }
  const ask = request.turns.filter((t) => t.speaker === "customer").at(-1)?.text ?? "";
  const intent = intentOf(lex, ask);
  if (!intent) return null;
  const replies = lex.intents[intent].replies.map((t) => templateRegex(t, true));
  const hit = request.candidates.find((c) => replies.some((r) => r.test(c.text)));
  return hit ? { trueText: hit.text } : null;
}

function intentOf(lex: Lexicon, text: string): GeneratedIntent | null {
  const found = bestMatch(
    GENERATED_INTENTS.flatMap((label) => lex.intents[label].asks.map((t) => ({ label, t }))),
    text,
  );
  return found?.label ?? null;
}

// The longest matching template wins, so a short template inside a longer one does not steal the match.
function bestMatch<T extends { t: string }>(templates: readonly T[], text: string): T | null {
  let best: T | null = null;
  for (const entry of templates) {
    if (!templateRegex(entry.t, false).test(text)) continue;
    if (!best || entry.t.length > best.t.length) best = entry;
  }
  return best;
}

function templateRegex(template: string, whole: boolean): RegExp {
  const body = template
    .split(/\{\w+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".+?");
  return new RegExp(whole ? `^${body}$` : body, "i");
}
