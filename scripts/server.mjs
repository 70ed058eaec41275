// The production server: `npm start`, `npm run demo`, the e2e suite and the on-sale lab run the
// Next.js build through this file instead of `next start`.
//
// Why not `next start`: a route handler there cannot learn the TCP peer's address. Next only fills
// X-Forwarded-For when the client did not send one, so a client could name any address it likes
// and escape every per-IP limit. Here, before Next sees a request, any client-sent copy of
// x-openseat-client-ip is removed and the header is set from the socket, with a random key made at
// start (kept in this process's environment) that tells lib/rate-limit/client-ip.ts the header came
// from us. Under `next dev` or a plain `next start` the key is absent and the client is "unknown".
//
// Plain JavaScript run by node itself (no tsx wrapper), so the process that listens is the one
// started: the lab's app-kill fault kill -9s it by pid. SIGTERM/SIGINT: readiness
// (GET /api/health/ready) answers 503 at once, live streams end with a `retry:` hint, the listener
// stops accepting (after SHUTDOWN_DELAY_MS, default 0), requests in flight finish, then the process
// exits 0; whatever is still open after SHUTDOWN_GRACE_MS (default 10 s) is cut and it exits 1.
//
// Usage: node scripts/server.mjs [--port N] [--hostname H]   (defaults: $PORT or 3000, all interfaces)
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";

// Shared with lib/rate-limit/client-ip.ts (PEER_ADDRESS_HEADER, ENTRY_KEY_HEADER, ENTRY_KEY_ENV).
const PEER_ADDRESS_HEADER = "x-openseat-client-ip";
const ENTRY_KEY_HEADER = "x-openseat-entry-key";
const ENTRY_KEY_ENV = "OPENSEAT_SERVER_ENTRY_KEY";
// Shared with lib/events/precompressed-json-response.ts: a route that sends bytes it encoded once
// (the 2 MB event payload, gzip or brotli) names the encoding here, because Next.js drops a route
// handler's own Content-Encoding header. Set as Content-Encoding before the headers go out, it also
// keeps Next's per-request compression (which skips an encoded body) off those bytes. Only requests
// carrying this process's entry key get encoded bytes, so the header never means anything elsewhere.
const ENCODED_AS_HEADER = "x-openseat-content-encoding";

const { values: flags } = parseArgs({
  options: {
    port: { type: "string", short: "p" },
    hostname: { type: "string", short: "H" },
  },
});
const port = Number(flags.port ?? process.env.PORT ?? 3000);
// Not $HOSTNAME: shells and containers set it to the machine's name.
const hostname = flags.hostname;
const dir = path.resolve(import.meta.dirname, "..");

// Next reads NODE_ENV when it loads; this is the production build.
process.env.NODE_ENV = "production";
const entryKey = randomBytes(24).toString("base64url");
process.env[ENTRY_KEY_ENV] = entryKey;

const { default: next } = await import("next");
const app = next({ dev: false, dir, hostname: hostname ?? "localhost", port });
const handle = app.getRequestHandler();
await app.prepare();

const OURS = new Set([PEER_ADDRESS_HEADER, ENTRY_KEY_HEADER]);

// Graceful shutdown, shared with lib/http/shutdown.ts through this object (same process, same
// globalThis; Next's bundles cannot import this file nor this file their TypeScript):
// `draining` turns GET /api/health/ready to 503, and each listener ends one live stream with a
// `retry:` hint so EventSource reconnects elsewhere instead of holding the shutdown open.
const SHUTDOWN_KEY = Symbol.for("openseat.shutdown");
globalThis[SHUTDOWN_KEY] ??= { draining: false, listeners: new Set() };
const shutdownState = globalThis[SHUTDOWN_KEY];

const server = createServer((req, res) => {
  // Node lower-cases names in req.headers; rawHeaders keeps what the client sent, so both go.
  for (const name of OURS) delete req.headers[name];
  const raw = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (!OURS.has(req.rawHeaders[i].toLowerCase())) raw.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
  }
  req.rawHeaders = raw;
  // While shutting down, no connection is kept for another request.
  if (shutdownState.draining) res.setHeader("connection", "close");
  const { setHeader, appendHeader } = res;
  const isEncodedAs = (name) => typeof name === "string" && name.toLowerCase() === ENCODED_AS_HEADER;
  res.setHeader = function setHeaderOrEncoding(name, value) {
    return setHeader.call(this, isEncodedAs(name) ? "content-encoding" : name, value);
  };
  res.appendHeader = function appendHeaderOrEncoding(name, value) {
    return isEncodedAs(name) ? setHeader.call(this, "content-encoding", value) : appendHeader.call(this, name, value);
  };
  const peer = req.socket.remoteAddress;
  if (peer) {
    req.headers[PEER_ADDRESS_HEADER] = peer;
    req.headers[ENTRY_KEY_HEADER] = entryKey;
  }
  handle(req, res).catch((error) => {
    console.error("[server] unhandled error", error);
    if (!res.headersSent) {
      res.statusCode = 500;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ error: { code: "internal_error", message: "Something went wrong" } }));
    } else {
      res.destroy();
    }
  });
});

server.on("error", (error) => {
  console.error(`[server] ${error.message}`);
  process.exit(1);
});

server.listen(port, hostname, () => {
  console.info(`[server] OpenSeat listening on http://${hostname ?? "localhost"}:${port} (pid ${process.pid})`);
});

let stopping = false;
function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  const grace = Number(process.env.SHUTDOWN_GRACE_MS ?? 10_000);
  // Keep accepting this long while readiness already answers 503: for balancers that learn an
  // instance is leaving only from their health check (0: stop accepting at once; a balancer that
  // gets "connection refused" retries the request on another instance).
  const delay = Number(process.env.SHUTDOWN_DELAY_MS ?? 0);
  console.info(`[server] ${signal}: not ready any more; closing live streams, finishing requests in flight (up to ${grace} ms)`);
  shutdownState.draining = true;
  const listeners = [...shutdownState.listeners];
  shutdownState.listeners.clear();
  for (const listener of listeners) {
    try {
      listener();
    } catch {
      // one stream that cannot be closed must not keep the others open
    }
  }
  const force = setTimeout(() => {
    console.warn(`[server] grace of ${grace} ms over: cutting the connections still open`);
    server.closeAllConnections();
    process.exit(1);
  }, delay + grace);
  force.unref();
  setTimeout(() => {
    server.close(async () => {
      await app.close?.().catch(() => {});
      console.info("[server] every request finished, exiting");
      process.exit(0);
    });
    // Keep-alive connections that are idle would hold close() open; busy ones get
    // `Connection: close` on their response (below) and are closed by Node once it is sent.
    server.closeIdleConnections();
  }, delay).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
