// The skip rule for tests that need a real server: skip locally, fail when REQUIRE_REAL_SERVERS=1.
import { describe, expect, it } from "vitest";
import { hasRedisServer, skipWithout } from "./servers";

describe("skipWithout", () => {
  it("runs a test whose server is there, whatever REQUIRE_REAL_SERVERS says", () => {
    expect(skipWithout("PostgreSQL", true, {})).toBe(false);
    expect(skipWithout("PostgreSQL", true, { REQUIRE_REAL_SERVERS: "1" })).toBe(false);
  });

  it("skips a test whose server is missing on a developer's machine", () => {
    expect(skipWithout("PostgreSQL", false, {})).toBe(true);
    expect(skipWithout("PostgreSQL", false, { REQUIRE_REAL_SERVERS: "0" })).toBe(true);
  });

  it("fails instead of skipping when REQUIRE_REAL_SERVERS=1", () => {
    expect(() => skipWithout("a Redis server (REDIS_URL)", false, { REQUIRE_REAL_SERVERS: "1" })).toThrow(/REQUIRE_REAL_SERVERS=1.*REDIS_URL/);
  });

  it("counts a blank REDIS_URL as no Redis server", () => {
    expect(hasRedisServer({ REDIS_URL: "redis://127.0.0.1:6379/9" })).toBe(true);
    expect(hasRedisServer({ REDIS_URL: "  " })).toBe(false);
    expect(hasRedisServer({})).toBe(false);
  });
});
