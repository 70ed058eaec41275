// Which real servers this test run has, and what a test that needs one does without it.
//
// Locally a test that needs a real PostgreSQL server (row-lock concurrency; the embedded PGlite runs
// one transaction at a time) or a Redis server (REDIS_URL) skips itself and says so. CI sets
// REQUIRE_REAL_SERVERS=1 (.ci/run): there a missing server is a broken CI machine, not a reason to
// skip, so the same call throws and the test file fails.

type Env = Record<string, string | undefined>;

/** True when the run must have every real server (REQUIRE_REAL_SERVERS=1). */
export const realServersRequired = (env: Env = process.env): boolean => env.REQUIRE_REAL_SERVERS === "1";

/** Whether REDIS_URL names a Redis server (the tests otherwise use the in-process store). */
export const hasRedisServer = (env: Env = process.env): boolean => Boolean(env.REDIS_URL?.trim());

/**
 * The condition for `describe.skipIf` / `it.skipIf` of a test that needs `server`: true (skip) when
 * it is not available, unless REQUIRE_REAL_SERVERS=1, when it throws instead so the run fails.
 */
export function skipWithout(server: string, available: boolean, env: Env = process.env): boolean {
  if (available) return false;
  if (realServersRequired(env)) {
    throw new Error(`REQUIRE_REAL_SERVERS=1 and this test needs ${server}, which this run does not have: it may not be skipped`);
  }
  return true;
}
