// Oversized bodies over a real socket: a client streams a 16 MB chunked body (no Content-Length)
// slowly to the routes anyone can call without signing in, and the 413 must come back after the
// server has read about the limit, while the client has sent a small part of the body.
//
// The server is a node:http server that hands each route the request exactly as `next start` does
// (next/dist/server/web/spec-extension/adapters/next-request.js: a NextRequest whose body is Node's
// IncomingMessage, duplex "half"), so the reader meets the same stream it meets in production.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as authJsPOST } from "@/app/api/auth/[...nextauth]/route";
import { POST as registerPOST } from "@/app/api/auth/register/route";
import { POST as tokenPOST } from "@/app/api/auth/token/route";
import { POST as webhookPOST } from "@/app/api/webhooks/stripe/route";

type Handler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;

const routes: Record<string, Handler> = {
  "/api/auth/token": tokenPOST as unknown as Handler,
  "/api/auth/register": registerPOST as unknown as Handler,
  "/api/webhooks/stripe": webhookPOST as unknown as Handler,
  "/api/auth/callback/credentials": authJsPOST as unknown as Handler,
};

const MB = 1024 * 1024;
let server: http.Server;
let base: string;
/** Bytes the server had taken off the socket when it started writing its answer, per request path. */
const readAtAnswer = new Map<string, number>();
/** The server side's socket of the latest request, per request path. */
const serverSocket = new Map<string, import("node:net").Socket>();

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    const path = req.url ?? "/";
    const socket = req.socket;
    serverSocket.set(path, socket);
    const request = new NextRequest(`http://localhost${path}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: req as unknown as ReadableStream,
      duplex: "half",
    } as ConstructorParameters<typeof NextRequest>[1]);
    const handler = routes[path];
    const response = handler ? await handler(request, { params: Promise.resolve({}) }) : new Response(null, { status: 404 });
    readAtAnswer.set(path, socket.bytesRead);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

type Upload = { status: number; body: string; headers: http.IncomingHttpHeaders; writtenAtResponse: number; written: number; stalled: boolean };

/**
 * POSTs `total` bytes in 16 KB chunks, one chunk per turn of the event loop and only when the
 * socket has room (a slow sender), and notes how much it had written when the answer arrived. With
 * `keepSending` it ignores the answer and goes on writing, as a hostile client would, until the
 * server stops taking data (no room on the socket for STALL_MS: it gives up) or the body is done.
 */
const STALL_MS = 500;

function upload(path: string, total: number, headers: Record<string, string>, options: { keepSending?: boolean } = {}): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(16 * 1024, 0x61);
    let written = 0;
    let answered: Omit<Upload, "written" | "stalled"> | null = null;
    let closed = false;
    let stalled = false;
    const req = http.request(`${base}${path}`, { method: "POST", headers });
    const finish = () => (answered ? resolve({ ...answered, written, stalled }) : reject(new Error(`no answer after ${written} bytes`)));
    // Settles when the answer's body has ended (or its stream closed short).
    let answerDone: Promise<void> | null = null;
    req.on("response", (res) => {
      answerDone = new Promise<void>((r) => {
        res.once("end", () => r());
        res.once("close", () => r());
      });
      const writtenAtResponse = written;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => {
        answered = { status: res.statusCode ?? 0, body, headers: res.headers, writtenAtResponse };
        if (!options.keepSending) req.destroy();
      });
    });
    // A hostile sender meets a closed connection (EPIPE, or just the close).
    req.on("error", () => {});
    req.on("close", () => {
      closed = true;
      // An answer that had begun ends first (its end event may still be on its way); with none
      // begun, none can come on a closed connection.
      if (answerDone) void (answerDone as Promise<void>).then(finish);
      else finish();
    });
    void (async () => {
      while (written < total && !closed && (options.keepSending || !answered)) {
        const room = req.write(chunk);
        written += chunk.length;
        if (!room) {
          const drained = await new Promise<boolean>((r) => {
            const timer = setTimeout(() => r(false), STALL_MS);
            const done = () => (clearTimeout(timer), r(true));
            req.once("drain", done);
            req.once("close", done);
          });
          if (!drained && options.keepSending) {
            stalled = true;
            req.destroy();
          }
        }
        await new Promise((r) => setImmediate(r));
      }
      if (!closed) req.end();
    })();
  });
}

const JSON_CT = { "content-type": "application/json" };

describe("a 16 MB chunked body is refused after about the limit", () => {
  it.each([
    ["/api/auth/token", 64 * 1024],
    ["/api/auth/register", 64 * 1024],
    ["/api/webhooks/stripe", 512 * 1024],
  ])("%s: 413 payload_too_large once ~%i bytes are read, long before the body is sent", async (path, limit) => {
    const res = await upload(path, 16 * MB, { ...JSON_CT, "stripe-signature": "t=1,v1=x" });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: "payload_too_large" } });
    // The server stopped reading just past the limit (plus what Node and the socket buffer hold)…
    expect(readAtAnswer.get(path)!).toBeGreaterThan(limit);
    expect(readAtAnswer.get(path)!).toBeLessThan(limit + 1 * MB);
    // …and the client had sent a small part of its 16 MB when the answer came.
    expect(res.writtenAtResponse).toBeLessThan(limit + 4 * MB);
  });

  it("Auth.js' credentials callback (a form post): 413 the same way, Auth.js never buffers it", async () => {
    const path = "/api/auth/callback/credentials";
    const res = await upload(path, 16 * MB, { "content-type": "application/x-www-form-urlencoded" });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: "payload_too_large" } });
    expect(readAtAnswer.get(path)!).toBeLessThan(16 * 1024 + 1 * MB);
    expect(res.writtenAtResponse).toBeLessThan(4 * MB);
  });

  it("a client that ignores the 413 and keeps sending is not read: the server takes no more than the limit and the socket buffers", async () => {
    const path = "/api/auth/token";
    const res = await upload(path, 16 * MB, JSON_CT, { keepSending: true });
    expect(res.status).toBe(413);
    // The sender is held by TCP back-pressure, not drained into memory or to /dev/null…
    expect(res.stalled).toBe(true);
    expect(res.written).toBeLessThan(16 * MB);
    // …and the server had read about the limit when the client gave up.
    expect(serverSocket.get(path)!.bytesRead).toBeLessThan(64 * 1024 + 1 * MB);
  });
});

describe("a declared Content-Length over the limit is refused before reading", () => {
  it.each(["/api/auth/token", "/api/webhooks/stripe", "/api/auth/callback/credentials"])("%s", async (path) => {
    const res = await upload(path, 16 * MB, { "content-type": "application/json", "content-length": String(16 * MB) });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: "payload_too_large" } });
    // Only what arrived with the headers: the handler read nothing.
    expect(readAtAnswer.get(path)!).toBeLessThan(512 * 1024);
  });
});

describe("the wrong content type is refused before reading", () => {
  it.each(["/api/auth/token", "/api/webhooks/stripe"])("%s: text/plain is a 415", async (path) => {
    const res = await upload(path, 4 * MB, { "content-type": "text/plain" });
    expect(res.status).toBe(415);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: "unsupported_media_type" } });
    expect(readAtAnswer.get(path)!).toBeLessThan(512 * 1024);
  });
});
