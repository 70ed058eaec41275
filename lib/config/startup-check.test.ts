import { describe, expect, it } from "vitest";
import { checkStartupConfig } from "./startup-check";

const secret = "s".repeat(44);
// What a production start needs besides the secret (lib/config/shared-services.ts).
const services = { DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/openseat", REDIS_URL: "redis://127.0.0.1:6379/0" };

describe("checkStartupConfig", () => {
  it("refuses production without a real AUTH_SECRET, the demo included", () => {
    expect(checkStartupConfig({ NODE_ENV: "production", OPENSEAT_DEMO: "1" })).toMatch(/AUTH_SECRET is not set/);
    expect(checkStartupConfig({ NODE_ENV: "production", AUTH_SECRET: "too-short" })).toMatch(/at least 32/);
    expect(checkStartupConfig({ NODE_ENV: "production", AUTH_SECRET: secret, ...services })).toBeNull();
  });

  it("refuses a TRUST_PROXY it cannot read, rather than trusting less or more than meant", () => {
    expect(checkStartupConfig({ NODE_ENV: "production", AUTH_SECRET: secret, TRUST_PROXY: "10.0.0.0/8,nginx" })).toMatch(/TRUST_PROXY.*nginx/);
    expect(checkStartupConfig({ NODE_ENV: "production", AUTH_SECRET: secret, TRUST_PROXY: "10.0.0.0/33" })).toMatch(/TRUST_PROXY/);
    expect(checkStartupConfig({ NODE_ENV: "production", AUTH_SECRET: secret, ...services, TRUST_PROXY: "127.0.0.1, 10.0.0.0/8, ::1, fd00::/8, loopback" })).toBeNull();
  });
});

describe("checkStartupConfig: every variable of lib/config/env.ts", () => {
  const base = { NODE_ENV: "production", AUTH_SECRET: secret, ...services };

  it("names each variable it cannot read, rather than starting and falling back at the first request", () => {
    expect(checkStartupConfig({ ...base, RATE_LIMIT_RESERVE_PER_MINUTE: "ten" })).toMatch(/RATE_LIMIT_RESERVE_PER_MINUTE must be a whole number >= 0.*"ten"/);
    expect(checkStartupConfig({ ...base, SESSION_VERSION_CACHE_MS: "999999999" })).toMatch(/SESSION_VERSION_CACHE_MS/);
    expect(checkStartupConfig({ ...base, ACCESS_TOKEN_TTL_SECONDS: "0" })).toMatch(/ACCESS_TOKEN_TTL_SECONDS/);
    expect(checkStartupConfig({ ...base, HOLD_SWEEP_INTERVAL_MS: "500" })).toMatch(/HOLD_SWEEP_INTERVAL_MS/);
    expect(checkStartupConfig({ ...base, DATABASE_POOL_SIZE: "lots" })).toMatch(/DATABASE_POOL_SIZE/);
    expect(checkStartupConfig({ ...base, DATABASE_STATEMENT_TIMEOUT_MS: "5s" })).toMatch(/DATABASE_STATEMENT_TIMEOUT_MS.*"5s"/);
    expect(checkStartupConfig({ ...base, REDIS_COMMAND_TIMEOUT_MS: "0" })).toMatch(/REDIS_COMMAND_TIMEOUT_MS/);
    expect(checkStartupConfig({ ...base, OPENSEAT_CACHE: "maybe" })).toMatch(/OPENSEAT_CACHE/);
    expect(checkStartupConfig({ ...base, LOG_LEVEL: "loud" })).toMatch(/LOG_LEVEL/);
    expect(checkStartupConfig({ ...base, STRIPE_API_URL: "emulator" })).toMatch(/STRIPE_API_URL/);
  });

  it("lists every problem at once", () => {
    const problem = checkStartupConfig({ ...base, RATE_LIMIT_CONFIRM_PER_MINUTE: "-1", HOLD_CLAIM_GRACE_MS: "5" });
    expect(problem).toMatch(/RATE_LIMIT_CONFIRM_PER_MINUTE/);
    expect(problem).toMatch(/HOLD_CLAIM_GRACE_MS/);
  });

  it("refuses a Redis the first call would refuse", () => {
    expect(checkStartupConfig({ ...base, REDIS_URL: "localhost:6379" })).toMatch(/REDIS_URL/);
    expect(checkStartupConfig({ ...base, REDIS_URL: undefined, UPSTASH_REDIS_REST_URL: "https://x.upstash.io" })).toMatch(/UPSTASH_REDIS_REST_TOKEN/);
  });

  it("accepts the documented defaults and examples", () => {
    expect(
      checkStartupConfig({
        ...base,
        DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/openseat",
        DATABASE_POOL_SIZE: "10",
        REDIS_URL: "redis://127.0.0.1:6379/0",
        HOLD_SWEEP_INTERVAL_MS: "0",
        OPENSEAT_CACHE: "off",
        LOG_LEVEL: "warn",
        LOG_FORMAT: "json",
        STRIPE_API_URL: "http://127.0.0.1:12111",
        RATE_LIMIT_RESERVE_PER_MINUTE: "0",
        SIGN_IN_BACKOFF_MAX_SECONDS: "900",
      }),
    ).toBeNull();
  });
});

describe("checkStartupConfig: shared services in production", () => {
  it("refuses production without a shared Redis or a PostgreSQL server, naming the variables", () => {
    const problem = checkStartupConfig({ NODE_ENV: "production", AUTH_SECRET: secret });
    expect(problem).toMatch(/DATABASE_URL is not set/);
    expect(problem).toMatch(/no shared Redis.*REDIS_URL.*UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN/);
  });

  it("lets the one-machine demo (OPENSEAT_DEMO=1) run on the stand-ins, and development and tests too", () => {
    expect(checkStartupConfig({ NODE_ENV: "production", AUTH_SECRET: secret, OPENSEAT_DEMO: "1", DATABASE_URL: services.DATABASE_URL, OPENSEAT_EMBEDDED_DB: "1" })).toBeNull();
    expect(checkStartupConfig({ NODE_ENV: "development" })).toBeNull();
    expect(checkStartupConfig({ NODE_ENV: "test" })).toBeNull();
    expect(checkStartupConfig({})).toBeNull();
  });

  it("refuses Vercel on the stand-ins whatever NODE_ENV or OPENSEAT_DEMO say", () => {
    for (const extra of [{}, { OPENSEAT_DEMO: "1" }, { NODE_ENV: "development" }]) {
      expect(checkStartupConfig({ VERCEL: "1", AUTH_SECRET: secret, DATABASE_URL: "postgresql://u:p@db.example.com/openseat", ...extra })).toMatch(/no shared Redis on Vercel/);
    }
  });
});
