/** Typed configuration parsed once at the edge, with one clear message per bad variable. */
export * from "./config-error";
export * from "./parse-config";
