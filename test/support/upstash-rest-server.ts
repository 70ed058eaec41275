// A test-only Upstash-REST-compatible endpoint in front of a real redis-server, so the Upstash
// client (@upstash/redis) runs against real Redis semantics with no internet. Implements what the
// client sends (checked against @upstash/redis 1.39's pkg/http.ts and pipeline.ts):
//   POST /             body ["CMD", ...args]        -> 200 {"result": r} | 400 {"error": "..."}
//   POST /pipeline     body [["CMD", ...], ...]     -> 200 [{"result": r} | {"error": "..."}, ...]
//   POST /multi-exec   body [["CMD", ...], ...]     -> same, run inside MULTI/EXEC
//   Authorization: Bearer <token>, else 401 {"error": "Unauthorized"}
//   Upstash-Encoding: base64 (the client's default): every string in a result is base64 of its
//   bytes, except a top-level "OK", and nested arrays are encoded element by element; numbers and
//   null are left as they are. (The client decodes nested strings unconditionally, so a nested
//   "OK" must be encoded too; atob("OK") would otherwise turn it into "8".)
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis } from "ioredis";

export type UpstashRestServer = {
  /** http://127.0.0.1:<port>, for UPSTASH_REDIS_REST_URL. */
  url: string;
  token: string;
  close(): Promise<void>;
};

type Arg = string | number | boolean;

export async function startUpstashRestServer(options: { redisUrl: string; token: string; port?: number }): Promise<UpstashRestServer> {
  const { redisUrl, token } = options;
  // Not lazy: fail here, not on the first request, when redis-server is down.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  await redis.ping();

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => send(res, 500, { error: `ERR shim failure: ${message(e)}` }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!authorised(req.headers.authorization, token)) return send(res, 401, { error: "Unauthorized" });
    if (req.method !== "POST") return send(res, 405, { error: "ERR only POST is supported" });
    const base64 = String(req.headers["upstash-encoding"] ?? "").toLowerCase() === "base64";
    const path = new URL(req.url ?? "/", "http://shim").pathname.replace(/\/+$/, "") || "/";

    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return send(res, 400, { error: "ERR failed to parse command" });
    }

    if (path === "/") {
      const command = asCommand(body);
      if (!command) return send(res, 400, { error: "ERR command must be a non-empty JSON array" });
      try {
        const [name, ...args] = command;
        const reply = await redis.callBuffer(name, ...args);
        return send(res, 200, { result: encode(reply, base64, true) });
      } catch (e) {
        return send(res, 400, { error: message(e) });
      }
    }

    if (path === "/pipeline" || path === "/multi-exec") {
      const commands = Array.isArray(body) ? body.map(asCommand) : null;
      if (!commands || commands.length === 0 || commands.some((c) => c === null)) {
        return send(res, 400, { error: "ERR body must be a non-empty array of commands" });
      }
      const batch = path === "/pipeline" ? redis.pipeline() : redis.multi();
      for (const [name, ...args] of commands as Command[]) batch.callBuffer(name, ...args);
      let replies: [Error | null, unknown][] | null;
      try {
        replies = await batch.exec();
      } catch (e) {
        // MULTI aborted before running anything (EXECABORT: a command was malformed).
        return send(res, 400, { error: message(e) });
      }
      if (!replies) return send(res, 400, { error: "ERR transaction aborted" });
      return send(
        res,
        200,
        replies.map(([error, reply]) => (error ? { error: message(error) } : { result: encode(reply, base64, true) })),
      );
    }

    return send(res, 404, { error: `ERR unknown path ${path}` });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    close: async () => {
      // fetch keeps connections alive; without this, close() waits for them to time out.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

function authorised(header: string | undefined, token: string): boolean {
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(header ?? "");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

// The client serialises numbers and booleans as JSON values; Redis wants every argument as a string.
type Command = [name: string, ...args: string[]];

function asCommand(value: unknown): Command | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  if (!value.every((v): v is Arg => typeof v === "string" || typeof v === "number" || typeof v === "boolean")) return null;
  return value.map(String) as Command;
}

/** RESP reply (Buffers from callBuffer) -> JSON value in Upstash's encoding. */
function encode(reply: unknown, base64: boolean, topLevel: boolean): unknown {
  if (reply === null || reply === undefined) return null;
  if (typeof reply === "number") return reply;
  if (Buffer.isBuffer(reply)) {
    if (!base64) return reply.toString("utf8");
    if (topLevel && reply.toString("latin1") === "OK") return "OK";
    return reply.toString("base64");
  }
  if (typeof reply === "string") return encode(Buffer.from(reply), base64, topLevel);
  if (Array.isArray(reply)) return reply.map((item) => encode(item, base64, false));
  // A Redis error nested in an array (EXEC, Lua tables carrying {err=...}).
  if (reply instanceof Error) return encode(Buffer.from(reply.message), base64, false);
  // ioredis turns HGETALL's flat array into an object even for callBuffer (its one reply
  // transformer); Upstash, like RESP2, answers with the flat array.
  if (typeof reply === "object") {
    return Object.entries(reply).flatMap(([field, value]) => [encode(field, base64, false), encode(value, base64, false)]);
  }
  return encode(Buffer.from(String(reply)), base64, topLevel);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(json) });
  res.end(json);
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
