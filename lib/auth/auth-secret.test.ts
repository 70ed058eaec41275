import { describe, expect, it } from "vitest";
import { resolveAuthSecret } from "./auth-secret";

const strong = "k".repeat(20) + "0123456789abcdef";

describe("resolveAuthSecret", () => {
  it("uses AUTH_SECRET when set", () => {
    expect(resolveAuthSecret({ NODE_ENV: "production", AUTH_SECRET: strong })).toEqual({ secret: strong, fallback: false });
  });

  it("refuses to run production without AUTH_SECRET, or with a short one", () => {
    expect(() => resolveAuthSecret({ NODE_ENV: "production" })).toThrow(/AUTH_SECRET is not set/);
    expect(() => resolveAuthSecret({ NODE_ENV: "production", AUTH_SECRET: "short" })).toThrow(/at least 32/);
  });

  it("refuses production without a real secret whatever else is set (the demo flag, a whitespace secret, NEXTAUTH_SECRET too short)", () => {
    for (const env of [
      { NODE_ENV: "production", OPENSEAT_DEMO: "1" },
      { NODE_ENV: "production", OPENSEAT_DEMO: "1", AUTH_SECRET: "short" },
      { NODE_ENV: "production", AUTH_SECRET: "   " },
      { NODE_ENV: "production", NEXTAUTH_SECRET: "x".repeat(31) },
    ]) {
      expect(() => resolveAuthSecret(env), JSON.stringify(env)).toThrow(/AUTH_SECRET/);
    }
  });

  it("falls back to a derived secret in development and tests only", () => {
    for (const env of [{ NODE_ENV: "development" }, { NODE_ENV: "test" }]) {
      const resolved = resolveAuthSecret(env);
      expect(resolved.fallback).toBe(true);
      expect(resolved.secret.length).toBeGreaterThanOrEqual(32);
      // Stable across calls, so sessions survive a restart of the dev server.
      expect(resolveAuthSecret(env).secret).toBe(resolved.secret);
    }
  });
});
