// The Redis fast path of a hold: `reserved_ticket:{event_N}:ticket_M` hashes (user_id,
// expire_datetime, status) claimed all or nothing by one Lua script, so that when thousands of fans
// click the same seats the losers are turned away by Redis and never reach PostgreSQL. Redis is
// not the record: PostgreSQL's conditional UPDATE decides, and a flushed Redis only means more
// requests reach it.
import { defineScript, getRedis, reservedTicketKey } from "@/lib/redis";

/**
 * KEYS: the seats' claim keys (one event, so one hash slot). ARGV: user id, expiry (ISO), TTL (ms).
 * Returns {0, i...} with the 1-based indexes of keys claimed by someone else (nothing written), or
 * {1, i...} with the indexes this call claimed (keys the same user already held are left as they
 * are, so re-reserving never lengthens a hold).
 */
const claimScript = defineScript<number[]>({
  name: "hold-claim",
  lua: `
local taken = {0}
for i, key in ipairs(KEYS) do
  local owner = redis.call('HGET', key, 'user_id')
  if owner and owner ~= ARGV[1] then taken[#taken + 1] = i end
end
if #taken > 1 then return taken end
local claimed = {1}
for i, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 0 then
    redis.call('HSET', key, 'user_id', ARGV[1], 'expire_datetime', ARGV[2], 'status', 'reserved')
    redis.call('PEXPIRE', key, ARGV[3])
    claimed[#claimed + 1] = i
  end
end
return claimed`,
});

/** KEYS: claim keys. ARGV: user id. Deletes the claims that user owns; returns how many. */
const releaseScript = defineScript<number>({
  name: "hold-release",
  lua: `
local n = 0
for _, key in ipairs(KEYS) do
  if redis.call('HGET', key, 'user_id') == ARGV[1] then
    redis.call('DEL', key)
    n = n + 1
  end
end
return n`,
});

/** KEYS: claim keys. ARGV: user id, expiry (ISO), expiry (epoch ms). Moves the user's claims to the hold's expiry. */
const retimeScript = defineScript<number>({
  name: "hold-retime",
  lua: `
local n = 0
for _, key in ipairs(KEYS) do
  if redis.call('HGET', key, 'user_id') == ARGV[1] then
    redis.call('HSET', key, 'expire_datetime', ARGV[2])
    redis.call('PEXPIREAT', key, ARGV[3])
    n = n + 1
  end
end
return n`,
});

export type ClaimOutcome =
  | { ok: true; claimedTicketIds: number[] }
  | { ok: false; takenTicketIds: number[] }
  /** Redis could not be asked: PostgreSQL alone decides this request. */
  | { ok: true; claimedTicketIds: []; degraded: true };

export async function claimSeats(eventId: number, ticketIds: number[], userId: number, expiresAt: Date): Promise<ClaimOutcome> {
  const ttlMs = Math.max(1, expiresAt.getTime() - Date.now());
  const keys = ticketIds.map((id) => reservedTicketKey(eventId, id));
  try {
    const reply = await getRedis().runScript(claimScript, keys, [String(userId), expiresAt.toISOString(), String(ttlMs)]);
    const [flag, ...indexes] = reply;
    const picked = indexes.map((i) => ticketIds[i - 1]!);
    return flag === 1 ? { ok: true, claimedTicketIds: picked } : { ok: false, takenTicketIds: picked };
  } catch (error) {
    console.warn(`[inventory] hold claims unavailable, PostgreSQL decides alone: ${(error as Error).message}`);
    return { ok: true, claimedTicketIds: [], degraded: true };
  }
}

/** Drops the user's claims on these seats (after a failed reserve, a release or a cancel). */
export async function releaseSeatClaims(eventId: number, ticketIds: number[], userId: number): Promise<void> {
  if (ticketIds.length === 0) return;
  try {
    await getRedis().runScript(releaseScript, ticketIds.map((id) => reservedTicketKey(eventId, id)), [String(userId)]);
  } catch (error) {
    // A claim left behind expires with its TTL; PostgreSQL already has the truth.
    console.warn(`[inventory] could not release hold claims: ${(error as Error).message}`);
  }
}

/** Seats added to an existing hold share its expiry, in Redis as in PostgreSQL. */
export async function retimeSeatClaims(eventId: number, ticketIds: number[], userId: number, expiresAt: Date): Promise<void> {
  if (ticketIds.length === 0) return;
  try {
    await getRedis().runScript(retimeScript, ticketIds.map((id) => reservedTicketKey(eventId, id)), [String(userId), expiresAt.toISOString(), String(expiresAt.getTime())]);
  } catch (error) {
    console.warn(`[inventory] could not re-time hold claims: ${(error as Error).message}`);
  }
}
