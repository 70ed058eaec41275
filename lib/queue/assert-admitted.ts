// The reserve side of the waiting room: while an event's queue is on, only a fan holding a valid
// admission token for that event may take seats. Checked locally (HS256 over a derived key, no
// Redis or PostgreSQL call), so the hot reserve path pays microseconds for it.
import { AppError } from "@/lib/errors/app-error";
import type { AdmissionCredentials } from "./admission-cookie";
import { verifyAdmissionToken } from "./admission-token";

/** Throws admission_required (no token) or admission_invalid (expired, forged, another fan's or event's). */
export async function assertAdmitted({ eventId, userId, admission }: { eventId: number; userId: number; admission?: AdmissionCredentials }): Promise<void> {
  const token = admission?.tokenFor(eventId) ?? null;
  const details = { event_id: String(eventId), queue_url: `/api/events/${eventId}/queue` };
  if (!token) {
    throw new AppError("admission_required", "This event has a waiting room: join the queue and reserve once you are admitted", details);
  }
  const claims = await verifyAdmissionToken(token);
  if (!claims || claims.userId !== userId || claims.eventId !== eventId) {
    throw new AppError("admission_invalid", "Your admission is not valid for this event (it may have expired): check your place in the queue", details);
  }
}
