// The waiting room's one Lua script: every join, status read and ticker tick is a single call that
// (1) reads the cached settings and the available-ticket count, (2) runs the on-sale draw if it is
// due and has not run, (3) advances "admitted through N" lazily, and (4) looks the caller up (or
// joins them). All state is in Redis, under the event's hash tag; any instance can make any call,
// and the script's atomicity is what makes the draw happen exactly once and a fan get one place.
//
// O(1) waiting: N is one number in a hash, moved by rate x elapsed time since the last advance,
// whoever calls; nothing is done per waiting fan on a tick. `now` is an argument (epoch ms from the
// caller's clock, injectable in tests); N never moves backwards when clocks disagree.
import { defineScript, getRedis } from "@/lib/redis";
import { getTicketCount } from "@/lib/inventory/ticket-counts";
import { newDrawSeed } from "./draw-order";
import { queueKeys } from "./queue-keys";
import { refreshQueueSettings } from "./queue-settings";
import { restoreQueue } from "./restore-queue";
import { logger } from "@/lib/log/logger";

const log = logger("queue");

const RECORD_LOCK_MS = 30_000;
const SETTINGS_LEASE_MS = 10_000;
/** Queue keys outlive the sale by a day (for support questions and the audit). */
const KEEP_AFTER_SALE_MS = 24 * 60 * 60_000;

/**
 * KEYS: 1 state, 2 prequeue, 3 positions, 4 admitted, 5 settings, 6 ticket_count, 7 record_lock,
 * 8 restored (the sentinel: missing after a Redis loss, see restore-queue.ts).
 * ARGV: 1 op (tick | status | join), 2 now (ms), 3 user id ('' for tick), 4 seed for a draw due now,
 *       5 settings lease (ms), 6 record lock (ms), 7 keep-after-sale (ms).
 * Replies (all strings, so no client rounds a number): {'miss_settings'} | {'miss_count', stale} |
 * {'miss_queue', stale, ...settings} |
 * {'unknown_event', stale} | {'off', stale, ...settings} | {'closed', stale} |
 * {'ok', stale, rate, window, onsale, title, ends, drawn, through, queue_length, sold_out, seed,
 *  participants, record_due, kind, number, admitted_at, fresh}
 * where kind is none | pre (in the pre-queue) | rank (drawn: number is the 0-based rank in the
 * sorted pre-queue) | pos (number is the position), and fresh is '1' when this call gave the fan
 * their place (to be written to PostgreSQL by queue-journal.ts).
 */
const queueScript = defineScript<string[]>({
  name: "queue-call",
  numberOfKeys: 8,
  lua: `
local op, now, user = ARGV[1], tonumber(ARGV[2]), ARGV[3]
-- '%.0f', not '%d': the in-process VM's integers are 32-bit, and epoch milliseconds are not.
local function int(x) return string.format('%.0f', x) end
-- Missing fields as false on every server (the in-process VM hands back a truthy null otherwise).
local function hmget(key, ...)
  local raw, out = redis.call('HMGET', key, ...), {}
  for i = 1, select('#', ...) do
    if type(raw[i]) == 'string' then out[i] = raw[i] else out[i] = false end
  end
  return out
end
local cfg = hmget(KEYS[5], 'exists', 'enabled', 'rate', 'window', 'onsale', 'ends', 'status', 'title', 'fresh_until')
if not cfg[1] then return {'miss_settings'} end
local stale = '0'
if (tonumber(cfg[9]) or 0) <= now then
  -- One caller per lease reloads the settings; the rest go on with these.
  redis.call('HSET', KEYS[5], 'fresh_until', int(now + tonumber(ARGV[5])))
  stale = '1'
end
if cfg[1] ~= '1' then return {'unknown_event', stale} end
local rate_s, window_s, onsale_s, title, ends_s = cfg[3] or '0', cfg[4] or '1', cfg[5] or '', cfg[8] or '', cfg[6] or '0'
if cfg[2] ~= '1' then return {'off', stale, rate_s, window_s, onsale_s, title, ends_s} end
-- The queue is not (or no longer) in Redis: rebuilt from PostgreSQL first, before anyone is numbered.
if redis.call('EXISTS', KEYS[8]) == 0 then return {'miss_queue', stale, rate_s, window_s, onsale_s, title, ends_s} end
if op == 'join' and (cfg[7] ~= 'scheduled' or now >= tonumber(ends_s)) then return {'closed', stale} end
local count = redis.call('GET', KEYS[6])
if not count then return {'miss_count', stale} end
local sold_out = tonumber(count) <= 0
local rate = tonumber(rate_s)
local window_ms = tonumber(window_s) * 1000
local onsale = tonumber(onsale_s) or 0
local expire_at = int(tonumber(ends_s) + tonumber(ARGV[7]))

local st = hmget(KEYS[1], 'drawn', 'through', 'advanced_at', 'next_position', 'seed', 'participants', 'recorded')
local drawn = st[1] == '1'
local through = tonumber(st[2]) or 0
local next_position = tonumber(st[4]) or 1
local seed, participants = st[5] or '', st[6] or ''
local record_due = '0'
if not drawn and now >= onsale then
  -- The on-sale draw: freeze the pre-queue and record the seed. Positions follow from both.
  -- (After a rebuild that lost an unrecorded draw, numbers already handed out stay taken.)
  local n = redis.call('ZCARD', KEYS[2])
  seed, participants, next_position = ARGV[4], int(n), math.max(n + 1, next_position)
  redis.call('HMSET', KEYS[1], 'drawn', '1', 'seed', seed, 'participants', participants, 'drawn_at', int(now),
    'through', string.format('%.17g', through), 'advanced_at', int(now), 'next_position', int(next_position))
  redis.call('PEXPIREAT', KEYS[1], expire_at)
  redis.call('PEXPIREAT', KEYS[2], expire_at)
  drawn = true
elseif drawn then
  local advanced_at = tonumber(st[3]) or now
  if now > advanced_at then
    -- Sold out: N stands still, and the time does not count towards later admissions.
    if not sold_out then
      through = math.min(next_position - 1, through + (now - advanced_at) * rate / 60000)
    end
    redis.call('HMSET', KEYS[1], 'through', string.format('%.17g', through), 'advanced_at', int(now))
  end
end
if drawn and st[7] ~= '1' then
  if redis.call('SET', KEYS[7], int(now), 'PX', ARGV[6], 'NX') then record_due = '1' end
end

local kind, number, admitted_at, fresh = 'none', '', '', '0'
if user ~= '' then
  if not drawn then
    if op == 'join' then
      fresh = int(redis.call('ZADD', KEYS[2], 'NX', 0, user))
      redis.call('PEXPIREAT', KEYS[2], expire_at)
      kind = 'pre'
    elseif redis.call('ZSCORE', KEYS[2], user) then
      kind = 'pre'
    end
  else
    local pos = redis.call('HGET', KEYS[3], user)
    local adm = redis.call('HGET', KEYS[4], user)
    if op == 'join' and adm and now >= tonumber(adm) + window_ms then
      -- The admission window is over: a new place at the back (the old one stays spent).
      adm = false
      redis.call('HDEL', KEYS[4], user)
      pos = int(next_position)
      next_position = next_position + 1
      redis.call('HSET', KEYS[3], user, pos)
      redis.call('HSET', KEYS[1], 'next_position', int(next_position))
      fresh = '1'
    end
    if pos then
      kind, number = 'pos', pos
    else
      local rank = redis.call('ZRANK', KEYS[2], user)
      if rank then
        kind, number = 'rank', int(rank)
      elseif op == 'join' then
        number = int(next_position)
        next_position = next_position + 1
        redis.call('HSET', KEYS[3], user, number)
        redis.call('HSET', KEYS[1], 'next_position', int(next_position))
        kind, fresh = 'pos', '1'
      end
    end
    if adm then admitted_at = adm end
    if op == 'join' then
      redis.call('PEXPIREAT', KEYS[1], expire_at)
      redis.call('PEXPIREAT', KEYS[3], expire_at)
      redis.call('PEXPIREAT', KEYS[8], expire_at)
    end
  end
end
local queue_length
if drawn then queue_length = int(next_position - 1) else queue_length = int(redis.call('ZCARD', KEYS[2])) end
return {'ok', stale, rate_s, window_s, onsale_s, title, ends_s, drawn and '1' or '0', int(math.floor(through)), queue_length,
  sold_out and '1' or '0', seed, participants, record_due, kind, number, admitted_at, fresh}`,
});

/**
 * KEYS: 1 admitted, 2 positions, 3 state, 4 restored. ARGV: user id, now (ms), position, expire at (ms).
 * Records the fan's first admission (never moved by a later call) if N has reached their position;
 * returns the admission time, nil when N has not reached them, or 'lost' when Redis lost the queue
 * since the caller read it (then the caller starts over, which rebuilds it).
 */
const admitScript = defineScript<string | null>({
  name: "queue-admit",
  numberOfKeys: 4,
  lua: `
if redis.call('EXISTS', KEYS[4]) == 0 then return 'lost' end
local through = tonumber(redis.call('HGET', KEYS[3], 'through')) or 0
if through < tonumber(ARGV[3]) then return false end
redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[3])
redis.call('PEXPIREAT', KEYS[1], ARGV[4])
redis.call('PEXPIREAT', KEYS[2], ARGV[4])
return redis.call('HGET', KEYS[1], ARGV[1])`,
});

export type QueueOp = "tick" | "status" | "join";

export type QueueSnapshot =
  | { kind: "unknown_event" }
  | { kind: "off"; settings: SettingsView }
  | { kind: "closed" }
  | {
      kind: "on";
      settings: SettingsView;
      drawn: boolean;
      /** floor(N): every position up to this is admitted. */
      admittedThrough: number;
      queueLength: number;
      soldOut: boolean;
      seed: string;
      participants: number;
      /** This caller holds the lock to record the draw in PostgreSQL. */
      recordDue: boolean;
      /** This call gave the fan their place (a join, or a rejoin after an expired admission). */
      fresh: boolean;
      fan: { kind: "none" } | { kind: "pre" } | { kind: "rank"; rank: number } | { kind: "pos"; position: number };
      admittedAt: number | null;
    };

export type SettingsView = { ratePerMinute: number; windowSeconds: number; onsaleAt: Date | null; title: string; endsAt: Date };

const view = (rate: string, window: string, onsale: string, title: string, ends: string): SettingsView => ({
  ratePerMinute: Number(rate),
  windowSeconds: Number(window),
  onsaleAt: onsale ? new Date(Number(onsale)) : null,
  title,
  endsAt: new Date(Number(ends)),
});

/** Reloads stale settings for the caller that got the lease; a slow or failing PostgreSQL never fails the call. */
async function refreshStale(eventId: number, now: number): Promise<void> {
  const refresh = refreshQueueSettings(eventId, now).then(
    () => undefined,
    (e: unknown) => log.warn(`event ${eventId}: settings not refreshed, serving the cached ones: ${(e as Error).message}`),
  );
  await Promise.race([refresh, new Promise((resolve) => setTimeout(resolve, 1000).unref?.())]);
}

export async function runQueueScript({ eventId, op, userId, now }: { eventId: number; op: QueueOp; userId?: number; now: number }): Promise<QueueSnapshot> {
  const k = queueKeys(eventId);
  const keys = [k.state, k.prequeue, k.positions, k.admitted, k.settings, k.ticketCount, k.recordLock, k.restored];
  const redis = getRedis();
  let stale = false;
  for (let attempt = 0; attempt < 5; attempt++) {
    const reply = await redis.runScript(queueScript, keys, [op, now, userId === undefined ? "" : String(userId), newDrawSeed(), SETTINGS_LEASE_MS, RECORD_LOCK_MS, KEEP_AFTER_SALE_MS]);
    const [status, staleFlag, ...rest] = reply;
    stale ||= staleFlag === "1";
    if (status === "miss_settings") {
      await refreshQueueSettings(eventId, now);
      continue;
    }
    if (status === "miss_count") {
      // Counted in PostgreSQL and stored by getTicketCount; the next attempt reads it in the script.
      await getTicketCount(eventId);
      continue;
    }
    if (status === "miss_queue") {
      // Redis lost the queue (or never had it): rebuilt from PostgreSQL by one caller, then retried.
      const [rate, , , , ends] = rest as string[];
      await restoreQueue({ eventId, now, ratePerMinute: Number(rate), expireAt: Math.max(Number(ends), now) + KEEP_AFTER_SALE_MS });
      continue;
    }
    if (stale) await refreshStale(eventId, now);
    if (status === "unknown_event") return { kind: "unknown_event" };
    if (status === "closed") return { kind: "closed" };
    const [rate, window, onsale, title, ends] = rest as [string, string, string, string, string];
    const settings = view(rate, window, onsale, title, ends);
    if (status === "off") return { kind: "off", settings };
    const [, , , , , drawn, through, queueLength, soldOut, seed, participants, recordDue, fanKind, number, admittedAt, fresh] = rest as string[];
    const fan: Extract<QueueSnapshot, { kind: "on" }>["fan"] =
      fanKind === "rank" ? { kind: "rank", rank: Number(number) } : fanKind === "pos" ? { kind: "pos", position: Number(number) } : fanKind === "pre" ? { kind: "pre" } : { kind: "none" };
    return {
      kind: "on",
      settings,
      drawn: drawn === "1",
      admittedThrough: Number(through),
      queueLength: Number(queueLength),
      soldOut: soldOut === "1",
      seed: seed ?? "",
      participants: Number(participants || 0),
      recordDue: recordDue === "1",
      fresh: fresh === "1",
      fan,
      admittedAt: admittedAt ? Number(admittedAt) : null,
    };
  }
  throw new Error(`[queue] event ${eventId}: settings, ticket count or queue could not be put back in Redis`);
}

/**
 * Records the fan's first admission; returns its time (ms), null when N has not reached the
 * position, or "lost" when Redis lost the queue meanwhile.
 */
export async function admitFan({ eventId, userId, position, now, endsAt }: { eventId: number; userId: number; position: number; now: number; endsAt: Date }): Promise<number | null | "lost"> {
  const k = queueKeys(eventId);
  const expireAt = Math.max(endsAt.getTime(), now) + KEEP_AFTER_SALE_MS;
  const reply = await getRedis().runScript(admitScript, [k.admitted, k.positions, k.state, k.restored], [String(userId), now, position, expireAt]);
  if (reply === "lost") return "lost";
  return reply === null ? null : Number(reply);
}

