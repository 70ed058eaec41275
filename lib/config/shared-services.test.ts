import { afterEach, describe, expect, it } from "vitest";
import { closeRedis, getRedis } from "@/lib/redis";
import { sharedServiceProblems, sharedServicesRequiredBecause } from "./shared-services";

const neon = "postgresql://app:pw@ep-cool-1234-pooler.eu-central-1.aws.neon.tech/openseat?sslmode=require";
const upstash = { UPSTASH_REDIS_REST_URL: "https://eu1-x.upstash.io", UPSTASH_REDIS_REST_TOKEN: "token" };

describe("sharedServicesRequiredBecause", () => {
  it("requires shared services on Vercel always, in production unless OPENSEAT_DEMO=1, never during next build", () => {
    expect(sharedServicesRequiredBecause({ VERCEL: "1" })).toMatch(/on Vercel/);
    expect(sharedServicesRequiredBecause({ VERCEL: "1", OPENSEAT_DEMO: "1" })).toMatch(/on Vercel/);
    expect(sharedServicesRequiredBecause({ NODE_ENV: "production" })).toMatch(/NODE_ENV=production/);
    expect(sharedServicesRequiredBecause({ NODE_ENV: "production", OPENSEAT_DEMO: "1" })).toBeNull();
    expect(sharedServicesRequiredBecause({ NODE_ENV: "production", OPENSEAT_DEMO: "0" })).toMatch(/NODE_ENV=production/);
    expect(sharedServicesRequiredBecause({ NODE_ENV: "production", VERCEL: "1", NEXT_PHASE: "phase-production-build" })).toBeNull();
    expect(sharedServicesRequiredBecause({ NODE_ENV: "development" })).toBeNull();
    expect(sharedServicesRequiredBecause({ NODE_ENV: "test" })).toBeNull();
  });
});

describe("sharedServiceProblems", () => {
  it("names DATABASE_URL when it is unset", () => {
    expect(sharedServiceProblems({ VERCEL: "1", ...upstash })).toEqual([expect.stringMatching(/^DATABASE_URL is not set/)]);
  });

  it("names the Redis variables when only the in-process store would be left", () => {
    const [problem, ...rest] = sharedServiceProblems({ NODE_ENV: "production", DATABASE_URL: neon });
    expect(rest).toEqual([]);
    expect(problem).toMatch(/no shared Redis in production/);
    for (const name of ["REDIS_URL", "UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN", "KV_REST_API_URL", "KV_REST_API_TOKEN"]) expect(problem).toContain(name);
  });

  it("refuses the embedded PGlite in production", () => {
    expect(sharedServiceProblems({ NODE_ENV: "production", DATABASE_URL: "postgresql://postgres@127.0.0.1:40001/postgres", OPENSEAT_EMBEDDED_DB: "1", REDIS_URL: "redis://127.0.0.1:6379" })).toEqual([
      expect.stringMatching(/OPENSEAT_EMBEDDED_DB=1/),
    ]);
  });

  it("on Vercel, refuses services on the function's own machine", () => {
    const problems = sharedServiceProblems({ VERCEL: "1", DATABASE_URL: "postgresql://postgres@localhost:5432/openseat", REDIS_URL: "redis://127.0.0.1:6379" });
    expect(problems).toEqual([expect.stringMatching(/DATABASE_URL points at the function's own machine/), expect.stringMatching(/REDIS_URL points at the function's own machine/)]);
  });

  it("accepts a self-hosted production on local servers and Vercel on hosted ones (either Upstash name pair)", () => {
    expect(sharedServiceProblems({ NODE_ENV: "production", DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/openseat", REDIS_URL: "redis://127.0.0.1:6379/0" })).toEqual([]);
    expect(sharedServiceProblems({ VERCEL: "1", NODE_ENV: "production", DATABASE_URL: neon, ...upstash })).toEqual([]);
    expect(sharedServiceProblems({ VERCEL: "1", DATABASE_URL: neon, KV_REST_API_URL: "https://eu1-x.upstash.io", KV_REST_API_TOKEN: "t" })).toEqual([]);
    expect(sharedServiceProblems({ VERCEL: "1", DATABASE_URL: neon, REDIS_URL: "rediss://default:pw@redis.example.com:6380" })).toEqual([]);
  });
});

describe("getRedis", () => {
  const saved = { ...process.env };
  afterEach(async () => {
    for (const key of ["VERCEL", "NODE_ENV", "OPENSEAT_DEMO", "REDIS_URL", "UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN", "KV_REST_API_URL", "KV_REST_API_TOKEN"]) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    await closeRedis();
  });

  it("refuses the in-process store on Vercel instead of quietly giving each instance its own", async () => {
    await closeRedis();
    for (const key of ["REDIS_URL", "UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN", "KV_REST_API_URL", "KV_REST_API_TOKEN"]) delete process.env[key];
    process.env.VERCEL = "1";
    expect(() => getRedis()).toThrow(/no shared Redis on Vercel.*REDIS_URL/);
    delete process.env.VERCEL;
    expect(getRedis().kind).toBe("memory"); // tests and development keep the stand-in
  });
});
