import { de } from "./de";
import { en } from "./en";
import { es } from "./es";
import { fr } from "./fr";
import { ja } from "./ja";
import { ko } from "./ko";
import type { Lexicon } from "./lexicon";
import { pt } from "./pt";
import { zh } from "./zh";

export * from "./lexicon";

/** Every language the built-in generator writes, keyed by BCP-47 primary subtag. */
export const LEXICONS: Readonly<Record<string, Lexicon>> = { en, zh, ja, ko, es, de, fr, pt };
/** The generator's languages, in a fixed order. */
export const GENERATED_LANGUAGES = Object.keys(LEXICONS);
