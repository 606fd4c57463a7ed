import { decodeAddress } from "@polkadot/util-crypto";
import { z } from "zod";

/** A subnet id (u16 on chain). */
export const netuidSchema = z.number().int().min(0).max(65535).brand<"Netuid">();
export type Netuid = z.infer<typeof netuidSchema>;

/** A neuron's position on its subnet (u16 on chain). */
export const uidSchema = z.number().int().min(0).max(65535).brand<"Uid">();
export type Uid = z.infer<typeof uidSchema>;

/** An SS58 address of a hotkey. */
export const hotkeySchema = z
  .string()
  .refine((s) => isSs58(s), "expected an SS58 address")
  .brand<"Hotkey">();
export type Hotkey = z.infer<typeof hotkeySchema>;

/** An SS58 address of a coldkey. */
export const coldkeySchema = z
  .string()
  .refine((s) => isSs58(s), "expected an SS58 address")
  .brand<"Coldkey">();
export type Coldkey = z.infer<typeof coldkeySchema>;

/** An amount in rao (1 TAO = 1e9 rao); bigint because totals pass 2^53. */
export const raoSchema = z.bigint().nonnegative().brand<"Rao">();
export type Rao = z.infer<typeof raoSchema>;

/** Whether `s` decodes as an SS58 address with a 32-byte account id. */
export function isSs58(s: string): boolean {
  try {
    return decodeAddress(s).length === 32;
  } catch {
    return false;
  }
}
