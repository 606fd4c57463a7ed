/** serve_axon's `ip` is a u128: an IPv4 address in its low 32 bits, or a full IPv6 address. */

/** The address family serve_axon declares with `ip_type`. */
export type IpType = 4 | 6;

/**
 * Addresses the chain refuses with `InvalidIpAddress` (subtensor's is_valid_ip_address in
 * subnets/serving.rs): 0; for IPv4 127.0.0.1 and anything >= u32::MAX; for IPv6 ::1 and u128::MAX.
 */
export function isChainRejectedIp(ip: bigint, ipType: IpType): boolean {
  if (ip === 0n) return true;
  if (ipType === 4) return ip === 0x7f000001n || ip >= 0xffffffffn;
  return ip === 1n || ip === 0xffffffffffffffffffffffffffffffffn;
}

/** Parses a dotted IPv4 or an IPv6 address into serve_axon's u128 and ip_type, or null if malformed. */
export function encodeIp(address: string): { ip: bigint; ipType: IpType } | null {
  const v4 = parseIpv4(address);
  if (v4 !== null) return { ip: v4, ipType: 4 };
  const v6 = parseIpv6(address);
  return v6 === null ? null : { ip: v6, ipType: 6 };
}

/**
 * Formats serve_axon's u128 back to text: RFC 5952-style hex groups for ip_type 6, else a dotted quad
 * (never-served axons have ip_type 0 and ip 0, shown as "0.0.0.0").
 */
export function decodeIp(ip: bigint, ipType: number): string {
  if (ipType !== 6) {
    return [24n, 16n, 8n, 0n].map((s) => ((ip >> s) & 0xffn).toString()).join(".");
  }
  const groups = Array.from({ length: 8 }, (_, i) => Number((ip >> BigInt(112 - 16 * i)) & 0xffffn));
  // Compress the longest run of zero groups (length >= 2) as "::".
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.len < 2) return hex.join(":");
  return `${hex.slice(0, best.at).join(":")}::${hex.slice(best.at + best.len).join(":")}`;
}

function parseIpv4(s: string): bigint | null {
  const parts = s.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return null;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n);
}

function parseIpv6(s: string): bigint | null {
  if (!/^[0-9a-fA-F:]+$/.test(s) || s.length > 39) return null;
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const split = (h: string | undefined) => (h ? h.split(":") : []);
  const head = split(halves[0]);
  const tail = split(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(`0x${g}`), 0n);
}
