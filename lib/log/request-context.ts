// The request an API call's code runs for, carried by AsyncLocalStorage from the route wrapper
// (lib/http/api-route.ts) to every line logged while it runs, however deep in lib/.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

export type RequestContext = { requestId: string };

const storage = new AsyncLocalStorage<RequestContext>();

/** A client's or proxy's X-Request-Id is kept when it is a short token; anything else gets a new id. */
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdFrom(headers: Headers): string {
  const given = headers.get("x-request-id")?.trim();
  return given && ACCEPTED_ID.test(given) ? given : randomUUID();
}

export function withRequestContext<T>(context: RequestContext, run: () => T): T {
  return storage.run(context, run);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Runs `run` outside any request (shared timers started by one request serve many). */
export function outsideRequestContext<T>(run: () => T): T {
  return storage.exit(run);
}
