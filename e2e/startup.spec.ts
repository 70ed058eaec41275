// A production start without shared services: the real server entry (scripts/server.mjs, which
// runs the build's instrumentation hook before it listens) must exit, naming what is missing,
// rather than serve from the in-process Redis stand-in (lib/config/shared-services.ts). A start
// that has what it needs listens: the control that the refusals are about the variables.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";

const root = path.resolve(import.meta.dirname, "..");
const SECRET = "e2e-startup-secret-e2e-startup-secret-0123";

/** Starts the server entry with exactly `env` (plus PATH); resolves with its exit code and output, or "listening". */
function start(env: Record<string, string>): Promise<{ outcome: number | "listening"; output: string }> {
  const child: ChildProcess = spawn(process.execPath, [path.join(root, "scripts/server.mjs"), "--port", "0", "--hostname", "127.0.0.1"], {
    cwd: root,
    // server.mjs sets NODE_ENV=production itself.
    env: { PATH: process.env.PATH ?? "", NEXT_TELEMETRY_DISABLED: "1", HOLD_SWEEP_INTERVAL_MS: "0", ...env } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (output.includes("OpenSeat listening on")) {
        child.removeAllListeners("exit");
        child.once("exit", () => resolve({ outcome: "listening", output }));
        child.kill("SIGTERM");
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code: number | null) => resolve({ outcome: code ?? -1, output }));
  });
}

test.describe("a production server start", () => {
  test("without a shared Redis exits, naming the Redis variables", async () => {
    const { outcome, output } = await start({ AUTH_SECRET: SECRET, DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/openseat" });
    expect(outcome).toBe(1);
    expect(output).toMatch(/refusing to start: .*no shared Redis in production.*REDIS_URL.*UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN/);
    expect(output).not.toContain("OpenSeat listening on");
  });

  test("on Vercel exits without DATABASE_URL and Redis, demo flag or not", async () => {
    const { outcome, output } = await start({ VERCEL: "1", OPENSEAT_DEMO: "1", AUTH_SECRET: SECRET });
    expect(outcome).toBe(1);
    expect(output).toMatch(/DATABASE_URL is not set/);
    expect(output).toMatch(/no shared Redis on Vercel/);
  });

  test("with DATABASE_URL and REDIS_URL, or as the one-machine demo, listens", async () => {
    const shared = await start({ AUTH_SECRET: SECRET, DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/openseat", REDIS_URL: "redis://127.0.0.1:6379/15" });
    expect(shared.outcome, shared.output).toBe("listening");
    const demo = await start({ AUTH_SECRET: SECRET, OPENSEAT_DEMO: "1", DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/openseat" });
    expect(demo.outcome, demo.output).toBe("listening");
  });
});
