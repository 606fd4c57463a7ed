import { encodeIp } from "../../../../shared/src/chain/axon-ip";
import { splitList } from "../../../../shared/src/config";

/** One side of an override: an address, optionally with a port. */
export type AxonAddress = { ip: string; port: number | null };

/** Rewrites of announced axon addresses, keyed `ip` or `ip:port` (the more specific wins). */
export type AxonOverrides = ReadonlyMap<string, AxonAddress>;

/** An AXON_ADDRESS_OVERRIDES entry that does not parse. */
export class AxonOverrideError extends Error {
  override readonly name = "AxonOverrideError";
}

// `1.2.3.4`, `1.2.3.4:8091`, `[::1]`, `[2001:db8::1]:8091`.
const ADDRESS = /^(?:\[([0-9A-Fa-f:.]+)\]|([0-9.]+))(?::(\d{1,5}))?$/;

function parseAddress(text: string, entry: string): AxonAddress {
  const m = ADDRESS.exec(text.trim());
  const ip = m?.[1] ?? m?.[2];
  const port = m?.[3] === undefined ? null : Number(m[3]);
  if (!ip || encodeIp(ip) === null || (port !== null && (port < 1 || port > 65_535)))
    throw new AxonOverrideError(`'${entry}': '${text}' is not ip, ip:port, [ipv6] or [ipv6]:port`);
  return { ip, port };
}

const keyOf = (ip: string, port: number | null) => (port === null ? ip : `${ip}:${port}`);

/**
 * Parses `AXON_ADDRESS_OVERRIDES`: comma-separated `from=to` pairs, each side `ip`, `ip:port`, `[ipv6]` or
 * `[ipv6]:port`. The chain refuses 127.0.0.1 in serve_axon, so a local devnet announces a documentation
 * address (192.0.2.1) and the validator maps it back: `192.0.2.1=127.0.0.1`. A port on the left matches
 * that axon only; a port on the right replaces the announced one.
 */
export function parseAxonOverrides(text: string): AxonOverrides {
  const out = new Map<string, AxonAddress>();
  for (const entry of splitList(text)) {
    const [from, to, ...rest] = entry.split("=");
    if (from === undefined || to === undefined || rest.length > 0)
      throw new AxonOverrideError(`'${entry}' is not from=to`);
    const f = parseAddress(from, entry);
    out.set(keyOf(f.ip, f.port), parseAddress(to, entry));
  }
  return out;
}

/** The address a validator should call for an announced axon: the override for `ip:port`, else for `ip`. */
export function overrideAxon(
  axon: { ip: string; port: number },
  overrides: AxonOverrides,
): { ip: string; port: number } {
  const hit = overrides.get(keyOf(axon.ip, axon.port)) ?? overrides.get(axon.ip);
  return hit ? { ip: hit.ip, port: hit.port ?? axon.port } : axon;
}
