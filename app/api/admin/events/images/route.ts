// POST /api/admin/events/images: uploads an event image, the raw bytes as the body (any image/*
// content type; the type is decided from the bytes). Answers {image_url} to put in an event's
// image_url. At most UPLOAD_MAX_BYTES (413 past it, before the whole body is read); a file that is not
// a PNG, JPEG, WebP or GIF is a 400 whatever its name or header says.
import { storeEventImage } from "@/lib/admin/storage";
import { setting } from "@/lib/config/env";
import { AppError } from "@/lib/errors/app-error";
import { authedApiRoute } from "@/lib/http/authed-api-route";
import { methodNotAllowed } from "@/lib/http/method-not-allowed";
import { readBodyBytes } from "@/lib/http/read-body";

export const POST = authedApiRoute(async (request) => {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!type.startsWith("image/") && type !== "application/octet-stream") {
    throw new AppError("unsupported_media_type", "Send the image's bytes as the body, with an image/* content type");
  }
  const bytes = await readBodyBytes(request, setting("UPLOAD_MAX_BYTES"));
  const image = await storeEventImage(bytes);
  return Response.json({ image_url: image.url, content_type: image.contentType, bytes: image.bytes }, { status: 201, headers: { "Cache-Control": "no-store" } });
}, { roles: ["admin", "venue_admin"] });

// Every other method: 405 with the JSON error and an Allow header (lib/http/method-not-allowed.ts).
export const { GET, HEAD, PUT, PATCH, DELETE, OPTIONS } = methodNotAllowed(["POST"]);
