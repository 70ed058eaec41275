// Revocable sessions: every session cookie and access token carries the user's session version at
// issue time (`sv`); every authenticated request compares it with the current version, and a bump
// (sign out everywhere, a role change) makes every earlier cookie and token worthless.
//
// The current version and role of a user ("session state") are read, cheapest first, from:
//  1. this process' memory, at most LOCAL_CACHE_MS old (the reserve path costs nothing in the
//     common case);
//  2. Redis, `user_session_version:<id>` = "<version>:<role>" or "gone" (deleted account), kept
//     SESSION_VERSION_CACHE_MS (one GET);
//  3. PostgreSQL, the source of truth, on a miss, and instead of Redis when Redis fails.
// A bump writes PostgreSQL, then overwrites the Redis entry with the new state (never lowering the
// version) and this process' copy, so it takes effect at once in this process and within
// LOCAL_CACHE_MS in every other; if Redis cannot be written, within SESSION_VERSION_CACHE_MS.
//
// Fail closed: when Redis is down the state is read from PostgreSQL (with its usual timeouts), never
// assumed; when PostgreSQL cannot answer either, the request fails (503) rather than trusting a
// token that may have been revoked.
import { setting, type Env } from "@/lib/config/env";
import { getDb } from "@/lib/db";
import type { UserRole } from "@/lib/generated/prisma/enums";
import { defineScript, getRedis } from "@/lib/redis";
import { logger } from "@/lib/log/logger";

const log = logger("auth");

export type SessionState = { version: number; role: UserRole };

/** The longest this process trusts its own copy (another process' bump is seen within this). */
const LOCAL_CACHE_MS = 2_000;
/** Past this many cached users the local cache starts again (bounded memory). */
const LOCAL_CACHE_MAX_ENTRIES = 50_000;
const GONE = "gone";
const GONE_RANK = 2 ** 31 - 1;

const ROLES: readonly string[] = ["buyer", "venue_admin", "admin", "door_staff"] satisfies UserRole[];

export const sessionStateKey = (userId: number) => `user_session_version:${userId}`;

/**
 * SESSION_VERSION_CACHE_MS: how long Redis keeps a user's session state (default 10000, at most
 * 300000); `0` turns both caches off (every authenticated request reads PostgreSQL). This bounds how
 * long a revocation can go unseen when Redis could not be updated. Invalid values fall back to the
 * default, with a warning.
 */
export function sessionVersionCacheMs(env: Env = process.env): number {
  return setting("SESSION_VERSION_CACHE_MS", env);
}

function encode(state: SessionState | null): string {
  return state ? `${state.version}:${state.role}` : GONE;
}

/** The cached value, or undefined when it is not one we wrote (treated as a miss). */
function decode(value: string): SessionState | null | undefined {
  if (value === GONE) return null;
  const match = /^(\d{1,9}):([a-z_]+)$/.exec(value);
  if (!match || !ROLES.includes(match[2]!)) return undefined;
  return { version: Number(match[1]), role: match[2] as UserRole };
}

// Writes the state unless Redis already holds a higher version: two bumps whose writes arrive out of
// order must not leave the older one in place.
const publishScript = defineScript<number>({
  name: "publish_session_state",
  numberOfKeys: 1,
  lua: `
local current = redis.call('GET', KEYS[1])
if current then
  local version = tonumber(string.match(current, '^(%d+):'))
  if version and version > tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`,
});

type LocalEntry = { state: SessionState | null; until: number };
const globalForSessions = globalThis as unknown as { __openseatSessionStates?: Map<number, LocalEntry> };
const local = (globalForSessions.__openseatSessionStates ??= new Map<number, LocalEntry>());

function remember(userId: number, state: SessionState | null, cacheMs: number): void {
  const localMs = Math.min(LOCAL_CACHE_MS, cacheMs);
  if (localMs <= 0) return;
  if (local.size >= LOCAL_CACHE_MAX_ENTRIES) local.clear();
  local.set(userId, { state, until: Date.now() + localMs });
}

/** Forget this process' copies (tests: simulates another process, which has none). */
export function forgetLocalSessionStates(): void {
  local.clear();
}

async function readFromDatabase(userId: number): Promise<SessionState | null> {
  const row = await getDb().user.findUnique({ where: { id: userId }, select: { sessionVersion: true, role: true } });
  return row && { version: row.sessionVersion, role: row.role };
}

/** The user's current session version and role; null when the account no longer exists. */
export async function currentSessionState(userId: number): Promise<SessionState | null> {
  const cacheMs = sessionVersionCacheMs();
  if (cacheMs === 0) return readFromDatabase(userId);
  const mine = local.get(userId);
  if (mine && mine.until > Date.now()) return mine.state;

  const key = sessionStateKey(userId);
  let redisWorks = true;
  try {
    const cached = await getRedis().get(key);
    const state = cached === null ? undefined : decode(cached);
    if (state !== undefined) {
      remember(userId, state, cacheMs);
      return state;
    }
  } catch (error) {
    // Fail closed: PostgreSQL answers instead (a revoked token must not pass because Redis is down).
    redisWorks = false;
    // Once per 10 s, not once per request, while Redis stays away.
    log.warnEvery("redis-down", 10_000, `session checks read PostgreSQL while Redis fails: ${error instanceof Error ? error.message : String(error)}`);
  }

  const state = await readFromDatabase(userId);
  remember(userId, state, cacheMs);
  if (redisWorks) {
    // NX: a bump that committed after our read has already written the newer state; keep it.
    await getRedis()
      .set(key, encode(state), { ttlMs: cacheMs, nx: true })
      .catch(() => undefined);
  }
  return state;
}

/**
 * Makes `state` (null: the account is gone) what every process sees for `userId`: this process at
 * once, others through Redis within LOCAL_CACHE_MS. Called after the change is committed in
 * PostgreSQL. Never throws: when Redis cannot be written the old entry expires on its own.
 */
export async function publishSessionState(userId: number, state: SessionState | null): Promise<void> {
  const cacheMs = sessionVersionCacheMs();
  local.delete(userId);
  if (cacheMs === 0) return;
  try {
    // A deleted account outranks every version.
    const written = await getRedis().runScript(publishScript, [sessionStateKey(userId)], [state ? state.version : GONE_RANK, encode(state), cacheMs]);
    // Not written: a later bump got there first; the next read takes its state from Redis.
    if (Number(written) !== 1) return;
  } catch (error) {
    log.error(`could not publish the session state of user ${userId} (revocation takes effect within ${cacheMs} ms)`, { err: error });
  }
  remember(userId, state, cacheMs);
}

/**
 * Ends every session and access token of the user issued so far (sign out everywhere): one UPDATE in
 * PostgreSQL, then the new state is published. The new version, or null when the user is gone.
 */
export async function bumpSessionVersion(userId: number): Promise<SessionState | null> {
  const rows = await getDb().$queryRaw<{ session_version: number; role: UserRole }[]>`
    UPDATE users SET session_version = session_version + 1, update_datetime = now()
     WHERE user_id = ${userId}
     RETURNING session_version, role::text AS role`;
  const state = rows[0] ? { version: rows[0].session_version, role: rows[0].role } : null;
  await publishSessionState(userId, state);
  return state;
}
