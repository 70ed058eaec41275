// Absolute links in messages: a mail is read outside the site, so every path becomes an URL of
// APP_URL (or AUTH_URL, the public origin), or of http://localhost:3000 when it is unset (development).
import { setting } from "@/lib/config/env";

export function siteUrl(pathOrUrl: string): string {
  if (/^https?:\/\//.test(pathOrUrl)) return pathOrUrl;
  const base = (setting("APP_URL") ?? setting("AUTH_URL") ?? "http://localhost:3000").replace(/\/+$/, "");
  return `${base}${pathOrUrl.startsWith("/") ? "" : "/"}${pathOrUrl}`;
}
