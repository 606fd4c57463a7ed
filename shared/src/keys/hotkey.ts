import { z } from "zod";
import { BITTENSOR_SS58_PREFIX, decodeSs58, encodeSs58, Ss58Error } from "./ss58";

/**
 * A hotkey as Bittensor shows it: the SS58 (prefix 42) encoding of a 32-byte sr25519 public key. Branded so
 * that a hotkey cannot be mixed up with a coldkey string or any other text; comparisons are plain string
 * equality because the encoding is canonical for a given prefix.
 */
export const hotkeySchema = z
  .string()
  .superRefine((value, ctx) => {
    const decoded = decodeSs58(value, BITTENSOR_SS58_PREFIX);
    if (!decoded.ok) ctx.addIssue({ code: "custom", message: decoded.message });
  })
  .brand<"Hotkey">();
export type Hotkey = z.infer<typeof hotkeySchema>;

/** Parses a hotkey string at an edge (config, CLI), throwing `Ss58Error` with the reason. */
export function parseHotkey(value: string): Hotkey {
  const decoded = decodeSs58(value, BITTENSOR_SS58_PREFIX);
  if (!decoded.ok) throw new Ss58Error(`invalid hotkey: ${decoded.message}`);
  return value as Hotkey;
}

/** The hotkey (SS58, prefix 42) of a 32-byte sr25519 public key. */
export function hotkeyFromPublicKey(publicKey: Uint8Array): Hotkey {
  return encodeSs58(publicKey, BITTENSOR_SS58_PREFIX) as Hotkey;
}

/** The 32-byte public key inside a hotkey (already validated by its brand, so this cannot fail). */
export function hotkeyPublicKey(hotkey: Hotkey): Uint8Array {
  const decoded = decodeSs58(hotkey, BITTENSOR_SS58_PREFIX);
  if (!decoded.ok) throw new Ss58Error(`invalid hotkey: ${decoded.message}`);
  return decoded.publicKey;
}

/**
 * A coldkey's SS58 address (prefix 42). Branded apart from `Hotkey`: the two are the same encoding but
 * never interchangeable (stake owner vs. signing key).
 */
export const coldkeySchema = z
  .string()
  .superRefine((value, ctx) => {
    const decoded = decodeSs58(value, BITTENSOR_SS58_PREFIX);
    if (!decoded.ok) ctx.addIssue({ code: "custom", message: decoded.message });
  })
  .brand<"Coldkey">();
export type Coldkey = z.infer<typeof coldkeySchema>;
