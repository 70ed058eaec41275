// Auth.js' own endpoints: the credentials callback, sign-out, session, CSRF token.
// Auth.js buffers a POST body whole before looking at it, so POST goes through withBoundedBody: at
// most AUTHJS_MAX_BODY_BYTES are read (the sign-in form sends a few hundred), then 413.
import { handlers } from "@/lib/auth/auth";
import { withBoundedBody } from "@/lib/http/bounded-request";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

const AUTHJS_MAX_BODY_BYTES = 16 * 1024;

export const GET = handlers.GET;
export const POST = withBoundedBody(handlers.POST, AUTHJS_MAX_BODY_BYTES);

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET", "POST"]);
