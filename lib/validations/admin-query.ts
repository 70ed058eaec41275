// Query strings as plain records for the admin schemas: a repeated parameter is refused rather than
// silently reduced to one of its values.
import { AppError } from "@/lib/errors/app-error";

export function queryRecord(url: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of new URL(url).searchParams) {
    if (key in out) throw new AppError("validation_error", `${key} was given more than once`, { field: key });
    out[key] = value;
  }
  return out;
}
