import { afterEach, describe, expect, it, vi } from "vitest";
import { checkEnv, setting } from "./env";

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe("setting", () => {
  it("is read on every call, so a test can change a variable without a restart", () => {
    vi.stubEnv("RATE_LIMIT_CHECKOUT_PER_MINUTE", "7");
    expect(setting("RATE_LIMIT_CHECKOUT_PER_MINUTE")).toBe(7);
    vi.stubEnv("RATE_LIMIT_CHECKOUT_PER_MINUTE", "8");
    expect(setting("RATE_LIMIT_CHECKOUT_PER_MINUTE")).toBe(8);
  });

  it("gives the default for unset or blank values, and parses the rest by the variable's shape", () => {
    expect(setting("RATE_LIMIT_CHECKOUT_PER_MINUTE", {})).toBe(20);
    expect(setting("RATE_LIMIT_CHECKOUT_PER_MINUTE", { RATE_LIMIT_CHECKOUT_PER_MINUTE: "  " })).toBe(20);
    expect(setting("DATABASE_POOL_SIZE", {})).toBe(10);
    expect(setting("DATABASE_POOL_SIZE", { OPENSEAT_EMBEDDED_DB: "1" })).toBe(1);
    expect(setting("HOLD_SWEEP_INTERVAL_MS", { HOLD_SWEEP_INTERVAL_MS: "0" })).toBeNull();
    expect(setting("HOLD_SWEEP_INTERVAL_MS", { HOLD_SWEEP_INTERVAL_MS: "2500.7" })).toBe(2500);
    expect(setting("OPENSEAT_CACHE", { OPENSEAT_CACHE: "OFF" })).toBe(false);
    expect(setting("LOG_FORMAT", { NODE_ENV: "production" })).toBe("json");
    expect(setting("LOG_FORMAT", { NODE_ENV: "development" })).toBe("pretty");
  });

  it("falls back to the default on a bad value, logging it once per value; strict variables throw naming themselves", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(setting("HOLD_CLAIM_GRACE_MS", { HOLD_CLAIM_GRACE_MS: "12" })).toBe(30_000);
    expect(setting("HOLD_CLAIM_GRACE_MS", { HOLD_CLAIM_GRACE_MS: "12" })).toBe(30_000);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/HOLD_CLAIM_GRACE_MS must be .*"12"; using 30000/);
    expect(() => setting("ACCESS_TOKEN_TTL_SECONDS", { ACCESS_TOKEN_TTL_SECONDS: "soon" })).toThrow(/ACCESS_TOKEN_TTL_SECONDS/);
    expect(() => setting("REDIS_URL", { REDIS_URL: "localhost:6379" })).toThrow(/REDIS_URL/);
  });
});

describe("checkEnv", () => {
  it("accepts an empty environment: every variable has a default", () => {
    expect(checkEnv({})).toEqual([]);
  });

  it("reports each invalid variable by name", () => {
    expect(checkEnv({ SSE_MAX_CONNECTIONS_PER_CLIENT: "six", LOG_LEVEL: "loud" })).toEqual([
      expect.stringMatching(/^SSE_MAX_CONNECTIONS_PER_CLIENT must be a whole number/),
      expect.stringMatching(/^LOG_LEVEL must be debug, info, warn, error, silent, got "loud"/),
    ]);
  });

  it("is the only reader of the environment in lib/ and app/ (tests and the edge-inlined NODE_ENV aside)", async () => {
    const { execFileSync } = await import("node:child_process");
    let out = "";
    try {
      out = execFileSync("git", ["grep", "-nE", "process\\.env(\\.|\\[)", "--", "lib", "app", ":!*.test.ts", ":!lib/generated"], { encoding: "utf8" });
    } catch (error) {
      if ((error as { status?: number }).status !== 1) throw error; // 1: no match
    }
    expect(out.split("\n").filter(Boolean)).toEqual([]);
  });
});
