import { describe, expect, it } from "vitest";
import { checkStartupConfig } from "./startup-check";

const secret = "s".repeat(44);

describe("checkStartupConfig", () => {
  it("refuses production without a real AUTH_SECRET, the demo included", () => {
    expect(checkStartupConfig({ NODE_ENV: "production", OPENSEAT_DEMO: "1" })).toMatch(/AUTH_SECRET is not set/);
    expect(checkStartupConfig({ NODE_ENV: "production", AUTH_SECRET: "too-short" })).toMatch(/at least 32/);
    expect(checkStartupConfig({ NODE_ENV: "production", AUTH_SECRET: secret })).toBeNull();
  });

  it("refuses a TRUST_PROXY it cannot read, rather than trusting less or more than meant", () => {
    expect(checkStartupConfig({ NODE_ENV: "production", AUTH_SECRET: secret, TRUST_PROXY: "10.0.0.0/8,nginx" })).toMatch(/TRUST_PROXY.*nginx/);
    expect(checkStartupConfig({ NODE_ENV: "production", AUTH_SECRET: secret, TRUST_PROXY: "10.0.0.0/33" })).toMatch(/TRUST_PROXY/);
    expect(checkStartupConfig({ NODE_ENV: "production", AUTH_SECRET: secret, TRUST_PROXY: "127.0.0.1, 10.0.0.0/8, ::1, fd00::/8, loopback" })).toBeNull();
  });
});
