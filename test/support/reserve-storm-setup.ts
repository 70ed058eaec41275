// The hooks of a test file whose reserve storms end in paid orders (test/api/order-limit.test.ts,
// test/api/ga-tickets.test.ts): one Stripe emulator for the file, a clean database, Redis and
// emulator before each test, and the per-user and per-IP reserve limits off while the file runs
// (a storm is many fans each within its budget, all from one unknown address, which has none),
// restored afterwards.
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { StripeEmulator } from "@openseat/stripe-emulator";
import { truncateAll } from "@/test/support/database";
import { resetRedis } from "@/test/support/redis";
import { startTestStripe } from "@/test/support/stripe";

const LIMITS = ["RATE_LIMIT_RESERVE_PER_MINUTE", "RATE_LIMIT_RESERVE_IP_PER_MINUTE"] as const;

/** Registers the hooks; the returned object's `emulator` is set once the file's hooks have run. */
export function reserveStormSetup(): { emulator: StripeEmulator } {
  const ctx = {} as { emulator: StripeEmulator };
  const saved = LIMITS.map((name) => process.env[name]);
  beforeAll(async () => {
    ctx.emulator = await startTestStripe();
  });
  afterAll(async () => {
    await ctx.emulator?.close();
    LIMITS.forEach((name, i) => {
      if (saved[i] === undefined) delete process.env[name];
      else process.env[name] = saved[i];
    });
  });
  beforeEach(async () => {
    await ctx.emulator.waitForIdle();
    ctx.emulator.reset();
    await truncateAll();
    await resetRedis();
    for (const name of LIMITS) process.env[name] = "0";
  });
  return ctx;
}
