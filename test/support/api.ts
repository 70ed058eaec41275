// Calling the API's route handlers in-process, as the API tests do: a real `Request` in, the status,
// headers and parsed JSON body out, with a bearer access token when a user is given; and the small
// factories the queue and API tests share (many fans at once, running work in concurrent batches).
import { issueAccessToken } from "@/lib/auth/access-token";
import { getDb } from "@/lib/db";
import type { UserRole } from "@/lib/generated/prisma/enums";
import { fromAddress } from "./client-address";

/** A Next.js route handler (GET/POST/... of an app/api route), called without the framework. */
export type RouteHandler = (request: Request, context: never) => Promise<Response>;

/** Who an access token is for (a User row has all of this). */
export type TokenSubject = { id: number; role: UserRole; email: string; username: string; sessionVersion?: number };

/** An API access token for `user` (what POST /api/auth/token answers). */
export async function accessTokenFor(user: TokenSubject): Promise<string> {
  const { id, role, email, username, sessionVersion } = user;
  return (await issueAccessToken({ id, role, email, username, sessionVersion })).access_token;
}

/** `Bearer <token>` for an Authorization header. */
export const bearerFor = async (user: TokenSubject): Promise<string> => `Bearer ${await accessTokenFor(user)}`;

export type CallOptions = {
  /** JSON-encoded unless already a string (sent as is: malformed bodies are tests too). */
  body?: unknown;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  headers?: Record<string, string>;
  /** The route's dynamic segments ({ event_id: "1" }). */
  params?: Record<string, string>;
  /** The client address the request comes from (test/support/client-address.ts). */
  ip?: string;
};

export type ApiAnswer<T> = { status: number; headers: Headers; body: T };

/** Calls `handler` with `method path` and answers the status, headers and JSON body. */
export async function callRoute<T = unknown>(handler: RouteHandler, method: string, path: string, options: CallOptions = {}): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (options.ip) Object.assign(headers, fromAddress(options.ip));
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  Object.assign(headers, options.headers);
  const init: RequestInit = { method, headers };
  if (options.body !== undefined) init.body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  const res = await handler(new Request(`http://localhost${path}`, init), { params: Promise.resolve(options.params ?? {}) } as never);
  return { status: res.status, headers: res.headers, body: (await res.json()) as T };
}

/** POSTs `body` as JSON, with a bearer `token` when given. */
export const postJson = <T = unknown>(handler: RouteHandler, path: string, body: unknown, token?: string, options: Omit<CallOptions, "body" | "token"> = {}) =>
  callRoute<T>(handler, "POST", path, { ...options, body, token });

/** Runs `fn` over `items` in concurrent batches (each batch all at once, batches one after another). */
export async function inBatches<T, R>(items: T[], size: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map((item, j) => fn(item, i + j)))));
  return out;
}

export type Fan = { id: number; role: "buyer"; email: string; username: string };

let fanSerial = 0;
/** `n` buyers created in one statement (no password: they use access tokens), in creation order. */
export async function createFans(n: number, prefix = "fan"): Promise<Fan[]> {
  const tag = `${prefix}${++fanSerial}_${Date.now().toString(36)}`;
  const db = getDb();
  await db.user.createMany({ data: Array.from({ length: n }, (_, i) => ({ username: `${tag}_${i}`, email: `${tag}_${i}@example.com` })) });
  const users = await db.user.findMany({ where: { username: { startsWith: `${tag}_` } }, select: { id: true, email: true, username: true } });
  // Ids are increasing: sorted by id is creation order.
  return users.sort((a, b) => a.id - b.id).map((u) => ({ ...u, role: "buyer" as const }));
}
