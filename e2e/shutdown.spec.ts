// Graceful shutdown of the real server entry (scripts/server.mjs) on SIGTERM, with what a load
// balancer and a fan see: a second instance is started on the suite's database and Redis, a live
// seat-map stream and a request whose body is still arriving are open when SIGTERM comes, and
//   - readiness (GET /api/health/ready) turns 503 `shutting_down` at once (liveness stays 200);
//   - the stream ends cleanly with the `retry:` hint (not a reset);
//   - the request in flight is answered in full (its body finished after SIGTERM);
//   - new connections are refused once the listener closes; the process exits 0 in the grace.
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import { createServer } from "node:net";
import path from "node:path";
import { expect, test } from "@playwright/test";

const root = path.resolve(import.meta.dirname, "..");
const SECRET = "e2e-shutdown-secret-e2e-shutdown-secret-0123";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

type Instance = { child: ChildProcess; port: number; output: () => string; exited: Promise<number | null> };

async function startInstance(env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, "scripts/server.mjs"), "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: root,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", HOLD_SWEEP_INTERVAL_MS: "0", NOTIFICATION_WORKER_INTERVAL_MS: "0", AUTH_SECRET: SECRET, ...env } as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (c: Buffer) => (output += c.toString("utf8")));
  child.stderr?.on("data", (c: Buffer) => (output += c.toString("utf8")));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await expect.poll(() => output, { timeout: 60_000 }).toContain("OpenSeat listening on");
  return { child, port, output: () => output, exited };
}

/** One request on its own connection: status, and the body once the response has ended. */
function get(port: number, pathname: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: pathname, agent: false }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString("utf8")));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

test("SIGTERM: readiness 503, live streams end with a retry hint, requests in flight finish, then exit 0", async ({ request }) => {
  test.skip(!process.env.DATABASE_URL && process.env.REQUIRE_REAL_SERVERS !== "1", "needs DATABASE_URL: a second instance must share the suite's PostgreSQL");
  expect(process.env.DATABASE_URL, "REQUIRE_REAL_SERVERS=1 and DATABASE_URL is not set").toBeTruthy();
  // The suite's demo server has seeded the database: any upcoming event has a seat map to watch.
  const list = (await (await request.get("/api/events?size=1")).json()) as { events: { event_id: number }[] };
  const eventId = list.events[0]!.event_id;

  const env: Record<string, string> = { SHUTDOWN_DELAY_MS: "1500", SHUTDOWN_GRACE_MS: "8000" };
  if (!process.env.REDIS_URL) env.OPENSEAT_DEMO = "1";
  const instance = await startInstance(env);
  const { port } = instance;
  try {
    expect((await get(port, "/api/health/ready")).status, instance.output()).toBe(200);

    // The live stream: read until the first snapshot, then keep reading to its end.
    let streamText = "";
    let streamEnded = false;
    let streamError: Error | null = null;
    const streamOpen = new Promise<void>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port, path: `/api/events/${eventId}/stream`, agent: false, headers: { accept: "text/event-stream" } }, (res) => {
        expect(res.statusCode).toBe(200);
        res.on("data", (c: Buffer) => {
          streamText += c.toString("utf8");
          if (streamText.includes("event: snapshot")) resolve();
        });
        res.on("end", () => (streamEnded = true));
        res.on("error", (e) => (streamError = e));
        res.on("aborted", () => (streamError = new Error("stream aborted")));
      });
      req.on("error", reject);
      req.end();
    });
    await streamOpen;

    // A request whose body is still arriving when SIGTERM comes: half the JSON now, the rest later.
    const body = JSON.stringify({ email: `shutdown-${Date.now()}@example.com`, password: "x" });
    let slowStatus = 0;
    let slowBody = "";
    const slow = http.request({ host: "127.0.0.1", port, path: "/api/auth/register", method: "POST", agent: false, headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), origin: `http://127.0.0.1:${port}`, "sec-fetch-site": "same-origin" } });
    const slowDone = new Promise<void>((resolve, reject) => {
      slow.on("response", (res) => {
        slowStatus = res.statusCode ?? 0;
        res.on("data", (c: Buffer) => (slowBody += c.toString("utf8")));
        res.on("end", () => resolve());
        res.on("error", reject);
      });
      slow.on("error", reject);
    });
    slow.write(body.slice(0, 10));
    await new Promise((r) => setTimeout(r, 200));

    instance.child.kill("SIGTERM");

    // Readiness turns 503 at once (the listener still accepts during SHUTDOWN_DELAY_MS); liveness does not.
    await expect.poll(async () => (await get(port, "/api/health/ready")).status, { timeout: 1_000 }).toBe(503);
    const notReady = await get(port, "/api/health/ready");
    expect(JSON.parse(notReady.body)).toMatchObject({ error: { code: "unavailable", reason: "shutting_down" } });
    expect((await get(port, "/api/health")).status).toBe(200);

    // The stream has ended cleanly, with the retry hint.
    await expect.poll(() => streamEnded, { timeout: 5_000 }).toBe(true);
    expect(streamError).toBeNull();
    expect(streamText).toMatch(/: server shutting down, reconnect\nretry: \d+\n\n$/);

    // After the delay the listener is closed: a new connection is refused.
    await new Promise((r) => setTimeout(r, 1_800));
    await expect(get(port, "/api/health")).rejects.toThrow(/ECONNREFUSED/);

    // The request in flight still gets its full answer once its body is complete.
    slow.end(body.slice(10));
    await slowDone;
    // 400: the route read the whole body (sent after SIGTERM) and validated it (no username).
    expect(slowStatus, slowBody).toBe(400);
    expect((JSON.parse(slowBody) as { error: { code: string } }).error.code).toBeTruthy();

    expect(await instance.exited).toBe(0);
    expect(instance.output()).toContain("every request finished, exiting");
  } finally {
    if (instance.child.exitCode === null) instance.child.kill("SIGKILL");
  }
});
