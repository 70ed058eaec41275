// POST /api/notifications/unsubscribe?token=… -> 200 {message, kind}: the RFC 8058 one-click
// unsubscribe target named in every optional mail's List-Unsubscribe header. Mail providers POST
// `List-Unsubscribe=One-Click` (application/x-www-form-urlencoded) to it, without cookies; the signed
// token (lib/notifications/unsubscribe-token.ts) is the only credential and can only turn that kind's
// email off for that fan. The token may also come as JSON {token}. 400 for a bad token. A GET never
// unsubscribes (link scanners follow links): the page /unsubscribe asks first.
import { AppError } from "@/lib/errors/app-error";
import { apiRoute } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { readBodyText } from "@/lib/http/read-body";
import { unsubscribe } from "@/lib/notifications/preferences";
import { MAX_UNSUBSCRIBE_TOKEN_LENGTH } from "@/lib/notifications/unsubscribe-token";

const MAX_BODY_BYTES = 1024;

function tokenFromBody(text: string, contentType: string): string | null {
  if (!text.trim()) return null;
  if (/^application\/json\b/i.test(contentType)) {
    try {
      const body = JSON.parse(text) as unknown;
      return body && typeof body === "object" && typeof (body as { token?: unknown }).token === "string" ? (body as { token: string }).token : null;
    } catch {
      throw new AppError("bad_request", "The body is not valid JSON");
    }
  }
  return new URLSearchParams(text).get("token");
}

export const POST = apiRoute(async (request) => {
  const text = await readBodyText(request, MAX_BODY_BYTES);
  const token = new URL(request.url).searchParams.get("token") ?? tokenFromBody(text, request.headers.get("content-type") ?? "");
  if (!token || token.length > MAX_UNSUBSCRIBE_TOKEN_LENGTH) throw new AppError("bad_request", "This unsubscribe link is invalid", { field: "token" });
  const done = await unsubscribe(token);
  return Response.json({ message: `You will no longer get “${done.label}” emails.`, kind: done.kind }, { headers: { "Cache-Control": "no-store" } });
});

export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
