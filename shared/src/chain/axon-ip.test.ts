import { describe, expect, it } from "vitest";
import { decodeIp, encodeIp, isChainRejectedIp } from "./axon-ip";

describe("serve_axon ip encoding (u128 + ip_type)", () => {
  it("encodes IPv4 in the low 32 bits and decodes it back", () => {
    expect(encodeIp("203.0.113.7")).toEqual({ ip: 0xcb007107n, ipType: 4 });
    expect(decodeIp(0xcb007107n, 4)).toBe("203.0.113.7");
  });
  it("encodes IPv6 and compresses the longest zero run", () => {
    const enc = encodeIp("2001:db8::1");
    expect(enc).toEqual({ ip: 0x20010db8000000000000000000000001n, ipType: 6 });
    expect(decodeIp(0x20010db8000000000000000000000001n, 6)).toBe("2001:db8::1");
    expect(decodeIp(1n, 6)).toBe("::1");
  });
  it("rejects what the chain rejects (InvalidIpAddress)", () => {
    expect(isChainRejectedIp(0n, 4)).toBe(true);
    expect(isChainRejectedIp(encodeIp("127.0.0.1")?.ip ?? 0n, 4)).toBe(true);
    expect(isChainRejectedIp(encodeIp("::1")?.ip ?? 0n, 6)).toBe(true);
    expect(isChainRejectedIp(encodeIp("255.255.255.255")?.ip ?? 0n, 4)).toBe(true);
    expect(isChainRejectedIp(encodeIp("10.0.0.1")?.ip ?? 0n, 4)).toBe(false);
  });
  it("returns null for malformed addresses", () => {
    for (const bad of ["1.2.3", "256.1.1.1", "1::2::3", "hello", "1.2.3.4.5", "12345::"]) {
      expect(encodeIp(bad)).toBeNull();
    }
  });
});
