// The Redis fast path of a hold: `reserved_ticket:{event_N}:ticket_M` hashes (user_id,
// expire_datetime, status) claimed all or nothing by one Lua script, so that when thousands of fans
// click the same seats the losers are turned away by Redis and never reach PostgreSQL. Redis is
// not the record: PostgreSQL's conditional UPDATE decides, and a flushed Redis only means more
// requests reach it.
//
// A claim is written before the PostgreSQL transaction; a process that dies in between leaves a
// claim with no hold behind it, which would turn every other fan away from the seat for the whole
// hold (up to 30 minutes). So every claim records when it was made (claimed_at) and is entered in
// its event's claim index (a sorted set scored by when the claim should next be checked), and each
// sweeper run drops the claims older than a grace period that match no live hold of their fan in
// PostgreSQL (dropOrphanClaims). The grace keeps a claim whose transaction is still running.
import { setting, type Env } from "@/lib/config/env";
import { getDb } from "@/lib/db";
import { availabilityCacheKey } from "@/lib/events/cache-keys";
import { budgetWindow, SLIDING_WINDOW_LUA, warnFailOpen, type RateLimitOptions } from "@/lib/rate-limit/rate-limit";
import { defineScript, eventHashTag, getRedis, RedisStoreError, reservedTicketKey, ticketCountKey } from "@/lib/redis";
import { ticketIsAvailableSql } from "./ticket-availability";
import { adjustTicketCount, listOnSaleEventIds } from "./ticket-counts";
import { logger } from "@/lib/log/logger";

const log = logger("inventory");

/**
 * The reserve's one Redis round trip: the caller's rate-limit budgets (lib/rate-limit, counters
 * under the event's hash tag), then the claim, then the event's cached availability and count.
 * KEYS: the seats' claim keys (one event, so one hash slot), the event's claim index, its cached
 * availability (dropped) and ticket count (lowered by the seats claimed), then two counters per
 * budget. ARGV: user id, expiry (ISO), TTL (ms), now (epoch ms), when the claim is first checked
 * (epoch ms), the number of budgets, then limit, window (ms), elapsed (ms) per budget.
 * Returns {2, i, current, previous, ...} per refused budget (nothing counted, nothing claimed);
 * {0, i...} with the 1-based indexes of keys claimed by someone else (the call is counted, nothing
 * claimed); or {1, i...} with the indexes this call claimed (keys the same user already held are
 * left as they are, so re-reserving never lengthens a hold). Each new claim records when it was
 * made and is entered in the index, where the sweeper finds claims left behind by a reserve that
 * died before PostgreSQL (dropOrphanClaims below).
 */
const claimScript = defineScript<number[]>({
  name: "hold-claim",
  lua: `${SLIDING_WINDOW_LUA}
local budgets = tonumber(ARGV[6])
local n = #KEYS - 3 - 2 * budgets
local index = KEYS[n + 1]
local refused = {2}
for b = 1, budgets do
  local a = 6 + 3 * (b - 1)
  local ok, current, previous = rate_limit_peek(KEYS[n + 2 + 2 * b], KEYS[n + 3 + 2 * b], tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]))
  if not ok then
    refused[#refused + 1] = b
    refused[#refused + 1] = current
    refused[#refused + 1] = previous
  end
end
if #refused > 1 then return refused end
for b = 1, budgets do
  rate_limit_count(KEYS[n + 2 + 2 * b], tonumber(ARGV[6 + 3 * (b - 1) + 2]))
end
local taken = {0}
for i = 1, n do
  local owner = redis.call('HGET', KEYS[i], 'user_id')
  if owner and owner ~= ARGV[1] then taken[#taken + 1] = i end
end
if #taken > 1 then return taken end
local claimed = {1}
for i = 1, n do
  local key = KEYS[i]
  if redis.call('EXISTS', key) == 0 then
    redis.call('HSET', key, 'user_id', ARGV[1], 'expire_datetime', ARGV[2], 'status', 'reserved', 'claimed_at', ARGV[4])
    redis.call('PEXPIRE', key, ARGV[3])
    redis.call('ZADD', index, ARGV[5], string.match(key, 'ticket_(%d+)$'))
    claimed[#claimed + 1] = i
  end
end
-- The index outlives every claim in it (holds last minutes), and goes with the event's last claims.
if #claimed > 1 then
  redis.call('PEXPIRE', index, 172800000)
  -- The seats are about to be held: the cached availability goes, the cached count follows (both
  -- are rebuilt from PostgreSQL; the sweeper reconciles the count).
  redis.call('DEL', KEYS[n + 2])
  if redis.call('EXISTS', KEYS[n + 3]) == 1 then
    local left = redis.call('DECRBY', KEYS[n + 3], #claimed - 1)
    if left < 0 then redis.call('DEL', KEYS[n + 3]) end
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
  /** A budget refused the call: nothing was counted or claimed. */
  | { ok: false; retryAfterSeconds: number; takenTicketIds?: undefined }
  /** Redis could not be asked: PostgreSQL alone decides this request (rate limits fail open). */
  | { ok: true; claimedTicketIds: []; degraded: true };

/**
 * Claims the seats for the user in one round trip, after counting the call against `budgets`
 * (lib/rate-limit budgets, checked per event: their counters live in the event's slot). A new claim
 * also drops the event's cached availability and lowers its cached count by the seats claimed
 * (giveBackClaims undoes both when PostgreSQL then refuses).
 */
export async function claimSeats(eventId: number, ticketIds: number[], userId: number, expiresAt: Date, budgets: RateLimitOptions[] = []): Promise<ClaimOutcome> {
  const now = Date.now();
  const ttlMs = Math.max(1, expiresAt.getTime() - now);
  const windows = budgets.map((b) => budgetWindow(b, eventHashTag(eventId))).filter((w) => w !== null);
  const keys = [...ticketIds.map((id) => reservedTicketKey(eventId, id)), claimIndexKey(eventId), availabilityCacheKey(eventId), ticketCountKey(eventId), ...windows.flatMap((w) => w.keys)];
  const args = [String(userId), expiresAt.toISOString(), String(ttlMs), String(now), String(now + orphanClaimGraceMs()), String(windows.length), ...windows.flatMap((w) => w.args.map(String))];
  try {
    const [flag, ...rest] = await getRedis().runScript(claimScript, keys, args);
    if (flag === 2) {
      let wait = 1;
      for (let i = 0; i + 2 < rest.length; i += 3) wait = Math.max(wait, windows[rest[i]! - 1]!.retryAfterSeconds(rest[i + 1]!, rest[i + 2]!));
      return { ok: false, retryAfterSeconds: wait };
    }
    const picked = rest.map((i) => ticketIds[i - 1]!);
    return flag === 1 ? { ok: true, claimedTicketIds: picked } : { ok: false, takenTicketIds: picked };
  } catch (error) {
    // The budgets fail open with the claim (rate limits protect capacity, not correctness).
    if (windows.length > 0 && error instanceof RedisStoreError) warnFailOpen(error);
    log.warn(`hold claims unavailable, PostgreSQL decides alone: ${(error as Error).message}`);
    return { ok: true, claimedTicketIds: [], degraded: true };
  }
}

/** After PostgreSQL refused a reserve: drops its new claims and gives the cached count back. */
export async function giveBackClaims(eventId: number, ticketIds: number[], userId: number): Promise<void> {
  if (ticketIds.length === 0) return;
  await Promise.all([releaseSeatClaims(eventId, ticketIds, userId), adjustTicketCount(eventId, ticketIds.length)]);
}

/** Drops the user's claims on these seats (after a failed reserve, a release or a cancel). */
export async function releaseSeatClaims(eventId: number, ticketIds: number[], userId: number): Promise<void> {
  if (ticketIds.length === 0) return;
  try {
    await getRedis().runScript(releaseScript, ticketIds.map((id) => reservedTicketKey(eventId, id)), [String(userId)]);
  } catch (error) {
    // A claim left behind expires with its TTL; PostgreSQL already has the truth.
    log.warn(`could not release hold claims: ${(error as Error).message}`);
  }
}

/** Seats added to an existing hold share its expiry, in Redis as in PostgreSQL. */
export async function retimeSeatClaims(eventId: number, ticketIds: number[], userId: number, expiresAt: Date): Promise<void> {
  if (ticketIds.length === 0) return;
  try {
    await getRedis().runScript(retimeScript, ticketIds.map((id) => reservedTicketKey(eventId, id)), [String(userId), expiresAt.toISOString(), String(expiresAt.getTime())]);
  } catch (error) {
    log.warn(`could not re-time hold claims: ${(error as Error).message}`);
  }
}

/** `reserved_ticket_claims:{event_42}`: the event's claims (ticket ids), scored by when to check them next (epoch ms). */
export function claimIndexKey(eventId: number): string {
  return `reserved_ticket_claims:${eventHashTag(eventId)}`;
}

/** How old a claim must be before the sweeper may drop it for having no hold: HOLD_CLAIM_GRACE_MS, default 30 s. */
export function orphanClaimGraceMs(env: Env = process.env): number {
  // At least 1000; the default is longer than any reserve transaction can run (connection wait +
  // statement timeouts, ~10 s).
  return setting("HOLD_CLAIM_GRACE_MS", env);
}

// KEYS: the index. ARGV: now (epoch ms), how many. The ticket ids whose claims are due a check.
const dueClaimsScript = defineScript<string[]>({
  name: "hold-claims-due",
  numberOfKeys: 1,
  lua: `return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))`,
});

// KEYS: claim keys, then the index. Per key {user_id, claimed_at, expire_datetime} ("" when the
// claim is gone: its index entry is removed here).
const readClaimsScript = defineScript<string[][]>({
  name: "hold-claims-read",
  lua: `
local n = #KEYS - 1
local out = {}
for i = 1, n do
  local v = redis.call('HMGET', KEYS[i], 'user_id', 'claimed_at', 'expire_datetime')
  if not v[1] then
    redis.call('ZREM', KEYS[#KEYS], string.match(KEYS[i], 'ticket_(%d+)$'))
    out[i] = {'', '', ''}
  else
    out[i] = {v[1], v[2] or '', v[3] or ''}
  end
end
return out`,
});

// KEYS: claim keys, then the index. ARGV per key: action ("drop" | "keep"), user id, claimed_at,
// next check (epoch ms). "drop" deletes the claim only if it is still the one that was checked
// (same fan, same claimed_at: a new claim made meanwhile is left alone); "keep" reschedules it.
// Returns how many claims were deleted.
const settleClaimsScript = defineScript<number>({
  name: "hold-claims-settle",
  lua: `
local n = #KEYS - 1
local index = KEYS[#KEYS]
local dropped = 0
for i = 1, n do
  local key = KEYS[i]
  local member = string.match(key, 'ticket_(%d+)$')
  local a = 4 * (i - 1)
  local v = redis.call('HMGET', key, 'user_id', 'claimed_at')
  if not v[1] then
    redis.call('ZREM', index, member)
  elseif v[1] == ARGV[a + 2] and (v[2] or '') == ARGV[a + 3] then
    if ARGV[a + 1] == 'drop' then
      dropped = dropped + redis.call('DEL', key)
      redis.call('ZREM', index, member)
    else
      redis.call('ZADD', index, ARGV[a + 4], member)
    end
  end
end
return dropped`,
});

export type OrphanClaimsResult = { checked: number; dropped: number; droppedTicketIds: Map<number, number[]> };

/**
 * The sweeper's pass over the claims (see the file comment): for every event on sale, at most
 * `batch` claims due a check (made more than the grace ago, or rescheduled to now) are compared
 * with PostgreSQL. A claim whose fan does not hold the seat there (by the one availability
 * predicate: the seat is free, or someone else's) is deleted; one that matches a live hold is
 * checked again when that hold should end. Bounded: one index read per event on sale, `batch`
 * claims at most per event and run. Claims made before the index existed are not seen (their
 * TTL ends them as before).
 */
export async function dropOrphanClaims({ now = new Date(), batch = 500, eventIds }: { now?: Date; batch?: number; eventIds?: number[] } = {}): Promise<OrphanClaimsResult> {
  const result: OrphanClaimsResult = { checked: 0, dropped: 0, droppedTicketIds: new Map() };
  const redis = getRedis();
  const nowMs = now.getTime();
  const grace = orphanClaimGraceMs();
  for (const eventId of eventIds ?? (await listOnSaleEventIds(now))) {
    const index = claimIndexKey(eventId);
    const due = (await redis.runScript(dueClaimsScript, [index], [nowMs, batch])).map(Number).filter((id) => Number.isSafeInteger(id));
    if (due.length === 0) continue;
    const keys = due.map((id) => reservedTicketKey(eventId, id));
    const claims = await redis.runScript(readClaimsScript, [...keys, index]);
    const live = due.map((id, i) => ({ id, key: keys[i]!, userId: claims[i]?.[0] ?? "", claimedAt: claims[i]?.[1] ?? "", expire: claims[i]?.[2] ?? "" })).filter((c) => c.userId !== "");
    if (live.length === 0) continue;
    result.checked += live.length;
    const rows = await getDb().$queryRaw<{ ticket_id: number; user_id: number | null; taken: boolean }[]>`
      SELECT t.ticket_id, t.user_id, NOT ${ticketIsAvailableSql} AS taken
        FROM ticket t WHERE t.event_id = ${eventId} AND t.ticket_id = ANY(${live.map((c) => c.id)}::int[])`;
    const byId = new Map(rows.map((r) => [r.ticket_id, r]));
    const args: (string | number)[] = [];
    const dropped: number[] = [];
    for (const c of live) {
      const row = byId.get(c.id);
      const held = row !== undefined && row.taken && String(row.user_id) === c.userId;
      // Claims of seats the fan holds: checked again when the hold should end (the TTL usually
      // removes them first); never sooner than one grace period from now.
      const expireMs = Date.parse(c.expire);
      const next = Math.max(nowMs + grace, Number.isFinite(expireMs) ? expireMs : 0);
      if (!held) dropped.push(c.id);
      args.push(held ? "keep" : "drop", c.userId, c.claimedAt, next);
    }
    const n = await redis.runScript(settleClaimsScript, [...live.map((c) => c.key), index], args);
    result.dropped += n;
    if (dropped.length > 0) result.droppedTicketIds.set(eventId, dropped);
  }
  return result;
}
