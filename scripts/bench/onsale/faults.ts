// Faults injected mid-sale. Each strikes once, when the given share of the seats is sold or the
// given time after the on-sale has passed (except webhook-chaos, which runs for the whole sale),
// and every step is written to a timeline:
//   redis-restart     kill -9 the lab's own redis-server and start it again empty (data lost)
//   app-kill          kill -9 the app server (scripts/server.mjs) and start it again on the same port; fans retry meanwhile
//   postgres-restart  restart the machine's PostgreSQL (shared! opt-in, see checkPostgresRestartAllowed)
//   webhook-outage    point the emulator's webhooks at a dead port for --fault-seconds, then back
//                     (deliveries fail and are retried; those out of retries are left to reconciliation)
//   webhook-chaos     every webhook of interest redelivered 3 times at once, and deliveries held and
//                     released shuffled (out of order) every few seconds
import { execFile, execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import type { StripeEmulator, WebhookTarget } from "@openseat/stripe-emulator";
import type { AppServer } from "./app-server";
import type { LabConfig } from "./config";
import { freePort, type LabRedis } from "./redis-server";

export type FaultStep = { atSeconds: number; what: string };

export type FaultContext = {
  config: LabConfig;
  app: AppServer;
  redis: LabRedis;
  emulator: StripeEmulator;
  /** The app's webhook endpoint (restored after an outage). */
  webhookTarget: WebhookTarget;
  log: (line: string) => void;
};

export type FaultRunner = {
  readonly timeline: FaultStep[];
  readonly stats: Record<string, number>;
  /** Whether the fault was injected (a fault run where it never struck proves nothing). */
  readonly struck: boolean;
  /** The sale began (webhook-chaos starts here). */
  begin(): void;
  /** Every second during the sale: strikes once the sold share reaches --fault-at or --fault-after has passed. */
  onProgress(soldShare: number, secondsSinceOnsale: number): void;
  /** The sale is over: stop injecting and put everything back (resumes webhooks, target). */
  finish(): Promise<void>;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Processes that a PostgreSQL restart would break for someone else (tests, builds). */
function othersAtWork(): string[] {
  const found: string[] = [];
  for (const pattern of ["vitest", "next build", "playwright"]) {
    try {
      const out = execFileSync("pgrep", ["-f", pattern], { encoding: "utf8" }).trim();
      const pids = out.split("\n").filter((pid) => pid && Number(pid) !== process.pid);
      if (pids.length > 0) found.push(`${pattern} (pid ${pids.join(", ")})`);
    } catch {
      // pgrep exits 1 when nothing matches
    }
  }
  return found;
}

/** Throws unless the caller said yes and nobody else's tests or builds are running. */
export function checkPostgresRestartAllowed(config: LabConfig): void {
  if (config.fault !== "postgres-restart") return;
  if (!config.allowPostgresRestart) {
    throw new Error(
      "--fault=postgres-restart restarts the machine's PostgreSQL server, which every database on it (other people's tests included) " +
        "loses for a few seconds. Add --yes-restart-postgres if nobody else is using this machine's PostgreSQL.",
    );
  }
  const busy = othersAtWork();
  if (busy.length > 0) throw new Error(`--fault=postgres-restart refused: someone else is at work on this machine: ${busy.join("; ")}`);
}

function restartPostgres(): Promise<void> {
  const version = readdirSync("/etc/postgresql")[0];
  if (!version) throw new Error("no cluster under /etc/postgresql");
  return new Promise((resolve, reject) => {
    execFile("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "restart"], (error, _stdout, stderr) =>
      error ? reject(new Error(`pg_ctlcluster restart failed: ${stderr || error.message}`)) : resolve(),
    );
  });
}

const CHAOS_TYPES = new Set(["checkout.session.completed", "checkout.session.expired", "payment_intent.payment_failed", "charge.refunded", "checkout.session.async_payment_succeeded"]);

export function createFaultRunner(ctx: FaultContext): FaultRunner {
  const { config, log } = ctx;
  const started = performance.now();
  const timeline: FaultStep[] = [];
  const stats: Record<string, number> = {};
  const step = (what: string) => {
    const atSeconds = Math.round((performance.now() - started) / 100) / 10;
    timeline.push({ atSeconds, what });
    log(`[fault +${atSeconds}s] ${what}`);
  };
  let struck = false;
  let running: Promise<void> | null = null;
  const timers: NodeJS.Timeout[] = [];
  let chaosOn = false;
  let restoreOutage: (() => void) | null = null;

  const strike = async () => {
    switch (config.fault) {
      case "redis-restart":
        step("kill -9 redis-server (all keys lost)");
        await ctx.redis.kill();
        await sleep(2000);
        await ctx.redis.start();
        step(`redis-server started again on ${ctx.redis.port}, empty`);
        return;
      case "app-kill": {
        step(`kill -9 the app server (pid ${ctx.app.pid()})`);
        await ctx.app.kill();
        await sleep(2000);
        const t = performance.now();
        await ctx.app.start();
        step(`app server again on ${ctx.app.port} (pid ${ctx.app.pid()}), ready in ${Math.round(performance.now() - t)} ms`);
        return;
      }
      case "postgres-restart": {
        step("pg_ctlcluster restart (the machine's PostgreSQL)");
        const t = performance.now();
        await restartPostgres();
        step(`PostgreSQL back after ${Math.round(performance.now() - t)} ms`);
        return;
      }
      case "webhook-outage": {
        const dead = await freePort();
        ctx.emulator.setWebhookTarget(`http://127.0.0.1:${dead}/api/webhooks/stripe`);
        step(`webhooks sent to a dead port (${dead}) for ${config.faultSeconds} s`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            restoreOutage?.();
          }, config.faultSeconds * 1000);
          restoreOutage = () => {
            clearTimeout(timer);
            restoreOutage = null;
            ctx.emulator.setWebhookTarget(ctx.webhookTarget);
            step("webhooks sent to the app again");
            resolve();
          };
        });
        return;
      }
      default:
        return;
    }
  };

  const startChaos = () => {
    chaosOn = true;
    let seen = 0;
    let inFlight = 0;
    step("webhook chaos on: deliveries held and released shuffled every 3 s; every payment webhook redelivered x3 concurrently");
    const shuffleLoop = async () => {
      while (chaosOn) {
        ctx.emulator.pauseWebhooks();
        await sleep(1500);
        ctx.emulator.resumeWebhooks({ shuffle: true });
        stats.shuffled_releases = (stats.shuffled_releases ?? 0) + 1;
        await sleep(1500);
      }
    };
    void shuffleLoop();
    timers.push(
      setInterval(() => {
        const events = ctx.emulator.events();
        for (; seen < events.length; seen++) {
          const event = events[seen]!;
          if (!CHAOS_TYPES.has(event.type)) continue;
          // Bounded, so the duplicates stress idempotency rather than drown the app.
          if (inFlight >= 24) {
            stats.redeliveries_skipped = (stats.redeliveries_skipped ?? 0) + 1;
            continue;
          }
          inFlight++;
          stats.redelivered_events = (stats.redelivered_events ?? 0) + 1;
          ctx.emulator
            .redeliver(event.id, { times: 3, concurrent: true })
            .then((attempts) => {
              for (const a of attempts) {
                const key = a.ok ? "redelivery_ok" : `redelivery_${a.status ?? "failed"}`;
                stats[key] = (stats[key] ?? 0) + 1;
              }
            })
            .catch(() => (stats.redelivery_errors = (stats.redelivery_errors ?? 0) + 1))
            .finally(() => inFlight--);
        }
      }, 500),
    );
  };

  return {
    timeline,
    stats,
    get struck() {
      return struck || config.fault === "none";
    },
    begin() {
      if (config.fault === "webhook-chaos") {
        struck = true;
        startChaos();
      }
    },
    onProgress(soldShare, secondsSinceOnsale) {
      if (struck || config.fault === "none") return;
      const due = soldShare >= config.faultAt || (config.faultAfterSeconds !== null && secondsSinceOnsale >= config.faultAfterSeconds);
      if (!due) return;
      struck = true;
      running = strike().catch((e: unknown) => step(`fault failed: ${(e as Error).message}`));
    },
    async finish() {
      if (chaosOn) {
        chaosOn = false;
        for (const t of timers) clearInterval(t);
        await sleep(1600);
        ctx.emulator.resumeWebhooks();
        step("webhook chaos off");
      }
      if (restoreOutage) (restoreOutage as () => void)();
      await running;
      if (!struck && config.fault !== "none" && config.fault !== "webhook-chaos") step("the fault never struck (the sale ended first)");
    },
  };
}
