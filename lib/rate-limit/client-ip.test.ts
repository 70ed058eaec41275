import { describe, expect, it } from "vitest";
import { getClientIp, normaliseIp, UNKNOWN_IP } from "./client-ip";

const h = (init: Record<string, string>) => new Headers(init);

describe("getClientIp", () => {
  it("ignores X-Forwarded-For unless TRUST_PROXY=1: a client could write any address there", () => {
    const headers = h({ "x-forwarded-for": "203.0.113.9, 10.0.0.1", "x-real-ip": "198.51.100.4" });
    expect(getClientIp(headers, {})).toBe("198.51.100.4");
    expect(getClientIp(headers, { TRUST_PROXY: "1" })).toBe("203.0.113.9");
  });

  it("falls back to X-Real-IP, then to one shared 'unknown' bucket", () => {
    expect(getClientIp(h({ "x-forwarded-for": "203.0.113.9" }), {})).toBe(UNKNOWN_IP);
    expect(getClientIp(h({}), { TRUST_PROXY: "1" })).toBe(UNKNOWN_IP);
    expect(getClientIp(h({ "x-forwarded-for": "not-an-ip", "x-real-ip": "198.51.100.4" }), { TRUST_PROXY: "1" })).toBe("198.51.100.4");
    expect(getClientIp(h({ "x-real-ip": "garbage" }), {})).toBe(UNKNOWN_IP);
  });
});

describe("normaliseIp", () => {
  it("keeps IPv4, strips ports, reads IPv4-mapped IPv6 as IPv4", () => {
    expect(normaliseIp(" 203.0.113.9 ")).toBe("203.0.113.9");
    expect(normaliseIp("203.0.113.9:51234")).toBe("203.0.113.9");
    expect(normaliseIp("::ffff:203.0.113.9")).toBe("203.0.113.9");
  });

  it("buckets IPv6 by /64, whatever the notation", () => {
    expect(normaliseIp("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(normaliseIp("[2001:0db8:0001:0002:bbbb:0:0:2]:443")).toBe("2001:db8:1:2::/64");
    expect(normaliseIp("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(normaliseIp("::1")).toBe("0:0:0:0::/64");
    expect(normaliseIp("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
  });

  it("refuses what is not an address", () => {
    for (const bad of ["", "unknown", "1.2.3", "1.2.3.4.5", "example.com", "2001:db8::1::2"]) expect(normaliseIp(bad)).toBeNull();
  });
});
