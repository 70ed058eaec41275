// The sign-in back-off on real Redis, with the clock passed in: closed after the threshold, doubled
// per further failure up to the cap, not lengthened by refused attempts, cleared by a success, and
// kept apart per lane (a known device vs any new device).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors/app-error";
import { resetRedis } from "@/test/support/redis";
import { enforceSignInLimits, recordSignInOutcome } from "./auth-limits";

const KEYS = ["SIGN_IN_BACKOFF_AFTER_FAILURES", "SIGN_IN_BACKOFF_BASE_SECONDS", "SIGN_IN_BACKOFF_MAX_SECONDS", "RATE_LIMIT_AUTH_EMAIL_PER_MINUTE", "RATE_LIMIT_AUTH_PER_MINUTE"];
const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
const T0 = 1_900_000_000_000;
const email = "fan@example.com";

/** The Retry-After of a refused attempt at `now`, or 0 when it is let through. */
async function waitAt(now: number, deviceId: string | null = null, ip = "203.0.113.1"): Promise<number> {
  try {
    await enforceSignInLimits({ ip, email, deviceId }, now);
    return 0;
  } catch (error) {
    if (isAppError(error) && error.code === "rate_limited") return Number(error.details?.retryAfterSeconds ?? -1);
    throw error;
  }
}
const fail = (now: number, deviceId: string | null = null) => recordSignInOutcome({ email, deviceId, ok: false }, now);

beforeEach(async () => {
  await resetRedis();
  Object.assign(process.env, { SIGN_IN_BACKOFF_AFTER_FAILURES: "3", SIGN_IN_BACKOFF_BASE_SECONDS: "30", SIGN_IN_BACKOFF_MAX_SECONDS: "100", RATE_LIMIT_AUTH_EMAIL_PER_MINUTE: "0", RATE_LIMIT_AUTH_PER_MINUTE: "0" });
});
afterEach(() => {
  for (const k of KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe("sign-in back-off", () => {
  it("closes after the threshold, doubles per failure up to the cap, and reopens when the time is up", async () => {
    await fail(T0);
    await fail(T0);
    expect(await waitAt(T0)).toBe(0);
    await fail(T0); // third failure: closed for 30 s
    expect(await waitAt(T0 + 1_000)).toBe(29);
    // Refused attempts are not failures: hammering does not lengthen it.
    for (let i = 0; i < 5; i++) await waitAt(T0 + 2_000);
    expect(await waitAt(T0 + 29_500)).toBe(1);
    expect(await waitAt(T0 + 30_001)).toBe(0);
    await fail(T0 + 31_000); // fourth: 60 s
    expect(await waitAt(T0 + 31_000)).toBe(60);
    await fail(T0 + 100_000); // fifth: 120 s, capped at 100
    expect(await waitAt(T0 + 100_000)).toBe(100);
  });

  it("keeps lanes apart: strangers close the new-devices lane, not a known device's", async () => {
    for (let i = 0; i < 3; i++) await fail(T0);
    expect(await waitAt(T0)).toBeGreaterThan(0);
    expect(await waitAt(T0, "owners-phone")).toBe(0);
    // A known device that fails too often backs off on its own.
    for (let i = 0; i < 3; i++) await fail(T0, "owners-phone");
    expect(await waitAt(T0, "owners-phone")).toBe(30);
  });

  it("a success clears its lane", async () => {
    for (let i = 0; i < 3; i++) await fail(T0);
    await recordSignInOutcome({ email, deviceId: null, ok: true }, T0);
    expect(await waitAt(T0)).toBe(0);
  });
});
