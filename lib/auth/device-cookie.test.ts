import { describe, expect, it } from "vitest";
import { DEVICE_COOKIE_MAX_AGE_SECONDS, deviceCookie, serializeDeviceCookie, trustedDeviceId } from "./device-cookie";

const now = 1_900_000_000_000;
const header = (value: string) => `other=1; openseat_device=${value}; more=2`;

describe("device cookies", () => {
  it("name the device for the account it was issued for, and keep the device id when renewed", () => {
    const first = deviceCookie("Fan@Example.com", null, { secure: false }, now);
    const id = trustedDeviceId(header(first.value), "fan@example.com", now);
    expect(id).toMatch(/^[\w-]{22}$/);
    const renewed = deviceCookie("fan@example.com", id, { secure: true }, now + 1000);
    expect(trustedDeviceId(header(renewed.value), "fan@example.com", now + 1000)).toBe(id);
    expect(serializeDeviceCookie(renewed)).toMatch(/^openseat_device=v1\.[^;]+; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax; Secure$/);
  });

  it("are refused for another account, when tampered with, expired, or absent", () => {
    const { value } = deviceCookie("fan@example.com", null, { secure: false }, now);
    expect(trustedDeviceId(header(value), "other@example.com", now)).toBeNull();
    const [v, id, tag, issued, sig] = value.split(".") as [string, string, string, string, string];
    expect(trustedDeviceId(header([v, "someone-elses-id-xxxxx", tag, issued, sig].join(".")), "fan@example.com", now)).toBeNull();
    expect(trustedDeviceId(header([v, id, tag, String(Number(issued) + 3600), sig].join(".")), "fan@example.com", now)).toBeNull();
    expect(trustedDeviceId(header(value), "fan@example.com", now + (DEVICE_COOKIE_MAX_AGE_SECONDS + 10) * 1000)).toBeNull();
    expect(trustedDeviceId("other=1", "fan@example.com", now)).toBeNull();
    expect(trustedDeviceId(null, "fan@example.com", now)).toBeNull();
    expect(trustedDeviceId(header("v1.a.b.c"), "fan@example.com", now)).toBeNull();
  });
});
