// One sweeper pass at a time across instances. Every self-hosted server process runs the sweep on
// its own timer (lib/inventory/hold-sweep-timer.ts); with N instances behind a balancer that is N
// passes per interval racing for the same rows. They are safe together (each step picks its rows
// with FOR UPDATE SKIP LOCKED, so a row is changed by exactly one pass), but all but one would
// only burn connections. So a pass first takes a lease in Redis (SET NX with an expiry) and gives it
// back when it ends: the other instances' ticks find it taken and skip. A process that dies mid-pass
// leaves the lease to expire (SWEEP_LEASE_MS); meanwhile nothing is stuck, because a lapsed hold is
// free to the next buyer without any sweep. When Redis cannot be asked, the pass runs anyway
// (safe, as above): the sweep never depends on Redis.
import { randomUUID } from "node:crypto";
import { defineScript, getRedis, RedisStoreError } from "@/lib/redis";
import { logger } from "@/lib/log/logger";

const log = logger("sweep");

/** The lease key (a single key: any Redis, any cluster slot). */
export const SWEEP_LEASE_KEY = "sweep:lease";

/**
 * Longest a lease outlives a pass that died, or whose give-back was lost (a Redis command timing
 * out under load): sweeping pauses that long at most. A pass normally takes a few seconds; one that
 * runs longer than this may overlap the next instance's, which is safe (SKIP LOCKED).
 */
export const SWEEP_LEASE_MS = 30_000;

/** This process' name on the lease. */
export const PROCESS_SWEEP_OWNER = `${process.pid}-${randomUUID().slice(0, 8)}`;

export type SweepLease = "acquired" | "held" | "unavailable";

/** Takes the lease for `owner`: "held" when another pass has it, "unavailable" when Redis failed. */
export async function acquireSweepLease(owner: string = PROCESS_SWEEP_OWNER, ttlMs: number = SWEEP_LEASE_MS): Promise<SweepLease> {
  try {
    return (await getRedis().set(SWEEP_LEASE_KEY, owner, { nx: true, ttlMs })) ? "acquired" : "held";
  } catch (error) {
    if (!(error instanceof RedisStoreError)) throw error;
    log.warnEvery("sweep-lease", 60_000, `sweep lease unavailable, sweeping without it (safe: rows are taken with SKIP LOCKED): ${error.message}`);
    return "unavailable";
  }
}

// Deletes the lease only if it is still ours (it may have expired and been taken by another pass).
const releaseScript = defineScript<number>({
  name: "sweep-lease-release",
  numberOfKeys: 1,
  lua: `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
});

/** Gives the lease back if `owner` still has it; true when it did. Never throws. */
export async function releaseSweepLease(owner: string = PROCESS_SWEEP_OWNER): Promise<boolean> {
  // Twice: a give-back lost to one slow command would pause every instance's sweep for the lease's
  // whole length.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      return (await getRedis().runScript(releaseScript, [SWEEP_LEASE_KEY], [owner])) === 1;
    } catch {
      // try once more; then it expires by itself
    }
  }
  return false;
}
