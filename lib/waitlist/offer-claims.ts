// The Redis side of a waitlist offer: the offered seats' claim keys are set in the fan's name with
// the offer's expiry, in the same shape as a reserve's claims (lib/inventory/hold-claims.ts), so
// the reserve fast path turns other fans away from these seats in Redis and the sweeper's claim
// checks (dropOrphanClaims, release of expired claims) treat them like any hold's.
//
// Unlike a reserve's claim this one overwrites: PostgreSQL has already given the seats to this fan
// (offers are written after the engine's transaction commits), so a claim still standing on a seat
// can only be a lapsed hold's or a reserve that is about to lose in PostgreSQL; that reserve's own
// release only deletes claims carrying its user id, so it never removes this one.
import { claimIndexKey, orphanClaimGraceMs } from "@/lib/inventory/hold-claims";
import { defineScript, getRedis, reservedTicketKey } from "@/lib/redis";
import { logger } from "@/lib/log/logger";

const log = logger("waitlist");

// KEYS: claim keys (one event), then the event's claim index. ARGV: user id, expiry (ISO), TTL (ms),
// now (epoch ms), first check (epoch ms), reservation id.
const assignScript = defineScript<number>({
  name: "waitlist-offer-claims",
  lua: `
local n = #KEYS - 1
local index = KEYS[#KEYS]
for i = 1, n do
  local key = KEYS[i]
  redis.call('DEL', key)
  redis.call('HSET', key, 'user_id', ARGV[1], 'expire_datetime', ARGV[2], 'status', 'reserved', 'claimed_at', ARGV[4], 'reservation_id', ARGV[6])
  redis.call('PEXPIRE', key, ARGV[3])
  redis.call('ZADD', index, ARGV[5], string.match(key, 'ticket_(%d+)$'))
end
if n > 0 then redis.call('PEXPIRE', index, 172800000) end
return n`,
});

export type OfferClaim = { eventId: number; userId: number; reservationId: number; ticketIds: number[]; expiresAt: Date };

/** Writes the offers' claims; a Redis failure is logged (PostgreSQL already decided). */
export async function assignOfferClaims(offers: OfferClaim[]): Promise<void> {
  const now = Date.now();
  await Promise.all(
    offers.map(async (o) => {
      const ttl = o.expiresAt.getTime() - now;
      if (ttl <= 0 || o.ticketIds.length === 0) return;
      const keys = [...o.ticketIds.map((id) => reservedTicketKey(o.eventId, id)), claimIndexKey(o.eventId)];
      try {
        await getRedis().runScript(assignScript, keys, [String(o.userId), o.expiresAt.toISOString(), String(ttl), String(now), String(now + orphanClaimGraceMs()), String(o.reservationId)]);
      } catch (error) {
        log.warn(`offer claims not written (PostgreSQL alone guards the seats): ${(error as Error).message}`);
      }
    }),
  );
}
