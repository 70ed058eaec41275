// Unknown API paths answer a JSON 404 instead of the HTML not-found page.
import { jsonError } from "@/lib/http/error-response";

function notFound(request: Request): Response {
  return jsonError("not_found", `No API route ${request.method} ${new URL(request.url).pathname}`, 404);
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
