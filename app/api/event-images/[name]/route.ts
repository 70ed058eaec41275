// GET /api/event-images/:name: an uploaded event image (lib/admin/storage.ts). Names are the
// SHA-256 of the bytes, so a response never changes: cached for a year, immutable.
import { getImageStorage, IMAGE_NAME } from "@/lib/admin/storage";
import { AppError } from "@/lib/errors/app-error";
import { apiRoute } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";

export const GET = apiRoute<{ name: string }>(async (_request, params) => {
  if (!IMAGE_NAME.test(params.name)) throw new AppError("not_found", "No such image");
  const image = await getImageStorage().get(params.name);
  if (!image) throw new AppError("not_found", "No such image");
  return new Response(image.bytes as BodyInit, {
    headers: { "Content-Type": image.contentType, "Cache-Control": "public, max-age=31536000, immutable", "X-Content-Type-Options": "nosniff" },
  });
});

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { POST, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["GET"]);
