// Production runs on shared services or not at all. The in-process Redis stand-in and the embedded
// PostgreSQL (PGlite) exist for the one-machine demo and the tests; on several processes or
// serverless instances each would keep its own holds, queues and rate limits, and overselling
// protection would rest on PostgreSQL alone while the waiting room silently stopped working.
//
// Required where:
// - on Vercel (VERCEL set by the platform): always; no flag turns it off, a function instance never
//   sees another's memory.
// - under NODE_ENV=production (`npm start`, the on-sale lab): unless OPENSEAT_DEMO=1, which
//   scripts/demo.ts (and so the e2e suite) sets for the one-machine demo.
// Not during `next build` (NEXT_PHASE=phase-production-build): nothing is served then.
//
// instrumentation.ts (through lib/config/startup-check.ts) refuses to start with the problems below,
// each naming its variables; getRedis() (lib/redis) refuses the in-process store on the same rule,
// in case a server ever starts without the instrumentation hook.
import { setting, type Env } from "./env";

/** Why shared services are required in this environment, or null when the stand-ins are allowed. */
export function sharedServicesRequiredBecause(env: Env = process.env): string | null {
  if (setting("NEXT_PHASE", env) === "phase-production-build") return null;
  if (setting("VERCEL", env)) return "on Vercel (VERCEL is set)";
  if (setting("NODE_ENV", env) === "production" && setting("OPENSEAT_DEMO", env) !== "1") {
    return "in production (NODE_ENV=production without OPENSEAT_DEMO=1)";
  }
  return null;
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[?::1\]?)$/i;

/** True when the URL's host is this machine (a loopback name or address). */
function pointsAtThisMachine(value: string): boolean {
  try {
    return LOOPBACK.test(new URL(value).hostname);
  } catch {
    return false;
  }
}

/** The Redis variables, as one phrase for the messages. */
export const SHARED_REDIS_VARIABLES =
  "REDIS_URL (a Redis server), REDIS_CLUSTER_NODES (a Redis Cluster), or UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN (Upstash; KV_REST_API_URL and KV_REST_API_TOKEN are read too)";

/** True when the environment names a shared Redis (a TCP URL or a complete Upstash pair). */
function hasSharedRedis(env: Env): boolean {
  if (env.REDIS_URL?.trim() || env.REDIS_CLUSTER_NODES?.trim()) return true;
  const url = env.UPSTASH_REDIS_REST_URL?.trim() || env.KV_REST_API_URL?.trim();
  const token = env.UPSTASH_REDIS_REST_TOKEN?.trim() || env.KV_REST_API_TOKEN?.trim();
  // A half pair is reported by redisConfigFromEnv (startup-check), not here.
  return Boolean(url || token);
}

/**
 * What is missing for a production start, one message per problem naming its variables; empty when
 * nothing is (or when the stand-ins are allowed here).
 */
export function sharedServiceProblems(env: Env = process.env): string[] {
  const because = sharedServicesRequiredBecause(env);
  if (!because) return [];
  const problems: string[] = [];
  const onVercel = Boolean(setting("VERCEL", env));
  const databaseUrl = env.DATABASE_URL?.trim();
  if (!databaseUrl) {
    problems.push(`DATABASE_URL is not set: a PostgreSQL server is required ${because}`);
  } else if (env.OPENSEAT_EMBEDDED_DB?.trim() === "1") {
    problems.push(`OPENSEAT_EMBEDDED_DB=1 (the embedded PGlite) is for the demo and the tests, not ${because}; point DATABASE_URL at a PostgreSQL server`);
  } else if (onVercel && pointsAtThisMachine(databaseUrl)) {
    problems.push(`DATABASE_URL points at the function's own machine (${new URL(databaseUrl).hostname}); on Vercel use a hosted PostgreSQL's pooled URL`);
  }
  if (!hasSharedRedis(env)) {
    problems.push(`no shared Redis ${because}: set ${SHARED_REDIS_VARIABLES}; the in-process stand-in is for one-process demos and tests`);
  } else if (onVercel && env.REDIS_URL?.trim() && pointsAtThisMachine(env.REDIS_URL.trim())) {
    problems.push(`REDIS_URL points at the function's own machine; on Vercel use a hosted Redis (UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN)`);
  }
  return problems;
}
