import type { ApiPromise } from "@polkadot/api";
import type { Signer, SignerResult } from "@polkadot/api/types";
import type { KeyringPair } from "@polkadot/keyring/types";
import type { SignerPayloadJSON } from "@polkadot/types/types";
import { u8aToHex } from "@polkadot/util";
import { blake2AsU8a } from "@polkadot/util-crypto";

/** An account that can sign: its address and a @polkadot/api `Signer`. */
export interface ChainAccount {
  address: string;
  signer: Signer;
}

/**
 * Signs with a key pair through the `Signer` interface instead of handing the pair to @polkadot/api.
 * Why: with two copies of @polkadot/types-codec installed (ours and chopsticks'), the API's own pair
 * signing fails its `instanceof Enum` check and emits an untyped signature ("Unable to create Enum via
 * index ..."). Signing here always produces the typed MultiSignature the chain expects.
 */
export function pairAccount(pair: KeyringPair, api: ApiPromise): ChainAccount {
  let id = 0;
  return {
    address: pair.address,
    signer: {
      async signPayload(payload: SignerPayloadJSON): Promise<SignerResult> {
        const raw = api.registry.createType("ExtrinsicPayload", payload, { version: payload.version });
        const data = raw.toU8a({ method: true });
        // Payloads over 256 bytes are signed by their blake2-256 hash (sp_runtime's SignedPayload).
        const message = data.length > 256 ? blake2AsU8a(data, 256) : data;
        return { id: ++id, signature: u8aToHex(pair.sign(message, { withType: true })) };
      },
    },
  };
}
