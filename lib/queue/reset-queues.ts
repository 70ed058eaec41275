// Forgets events' waiting rooms in Redis (state, pre-queue, positions, admissions, cached settings).
// For the demo seed, whose event ids restart at 1: a queue left from the previous data would
// otherwise be inherited by the new event with the same id. Never needed in production.
import { getRedis } from "@/lib/redis";
import { queueKeys } from "./queue-keys";

export async function resetQueues(eventIds: number[]): Promise<void> {
  const redis = getRedis();
  // One DEL per event: its keys share a hash slot.
  await Promise.all(
    eventIds.map((id) => {
      const k = queueKeys(id);
      return redis.del(k.state, k.prequeue, k.positions, k.admitted, k.recordLock, k.restored, k.restoreLock, k.settings);
    }),
  );
}
