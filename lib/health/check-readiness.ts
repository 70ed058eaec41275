// Readiness: may a load balancer send this instance traffic? Yes when PostgreSQL answers a query and
// Redis answers PING, each within READINESS_TIMEOUT_MS, and the server is not shutting down.
// Liveness (GET /api/health) is the other question and touches neither: a restart cannot fix a
// database outage, so an orchestrator must not kill instances because PostgreSQL is away.
//
// The answer names which check failed and how ("timeout", "error"), never the error text: it can
// carry host names and user names, and this route is public.
import { setting } from "@/lib/config/env";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors/app-error";
import { isDraining } from "@/lib/http/shutdown";
import { logger } from "@/lib/log/logger";
import { getRedis } from "@/lib/redis";

const log = logger("health");

/** Seconds a balancer is asked to wait before asking an unready instance again. */
const NOT_READY_RETRY_AFTER_SECONDS = 5;

export type CheckResult = { status: "ok"; latency_ms: number } | { status: "timeout" | "error" };

export type Readiness = {
  status: "ready";
  checks: { postgres: CheckResult; redis: CheckResult & { kind?: string } };
};

const TIMED_OUT = Symbol("timed out");

async function timed(name: string, timeoutMs: number, run: () => Promise<unknown>): Promise<CheckResult> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
  });
  // The losing promise keeps running (a pg query cannot be withdrawn from here); its failure is
  // already answered, so it is swallowed.
  const attempt = run().then(
    () => "ok" as const,
    (error: unknown) => {
      log.warnEvery(`readiness-${name}`, 10_000, `readiness: ${name} check failed: ${error instanceof Error ? error.message : String(error)}`);
      return "error" as const;
    },
  );
  const outcome = await Promise.race([attempt, deadline]);
  clearTimeout(timer);
  if (outcome === TIMED_OUT) return { status: "timeout" };
  if (outcome === "error") return { status: "error" };
  return { status: "ok", latency_ms: Math.round((performance.now() - started) * 10) / 10 };
}

/** The readiness answer, or AppError `unavailable` (503, Retry-After) saying which check failed. */
export async function checkReadiness(): Promise<Readiness> {
  if (isDraining()) {
    throw new AppError("unavailable", "This instance is shutting down", { retryAfterSeconds: NOT_READY_RETRY_AFTER_SECONDS, reason: "shutting_down" });
  }
  const timeoutMs = setting("READINESS_TIMEOUT_MS");
  const [postgres, redis] = await Promise.all([
    timed("postgres", timeoutMs, () => getDb().$queryRaw`SELECT 1`),
    // getRedis() itself throws on a configuration it refuses (no shared Redis in production).
    timed("redis", timeoutMs, async () => getRedis().ping()),
  ]);
  let kind: string | undefined;
  try {
    kind = getRedis().kind;
  } catch {
    kind = undefined;
  }
  const checks = { postgres, redis: kind ? { ...redis, kind } : redis };
  if (postgres.status !== "ok" || redis.status !== "ok") {
    const failed = [postgres.status !== "ok" ? "postgres" : null, redis.status !== "ok" ? "redis" : null].filter(Boolean).join(" and ");
    throw new AppError("unavailable", `Not ready: ${failed} did not answer`, { retryAfterSeconds: NOT_READY_RETRY_AFTER_SECONDS, reason: "dependency", checks });
  }
  return { status: "ready", checks };
}
