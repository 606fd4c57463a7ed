/**
 * The protocol version carried by every request and response. Bump the major when a message changes shape;
 * a receiver refuses a version it does not speak instead of guessing.
 */
export const PROTOCOL_VERSION = 1 as const;
