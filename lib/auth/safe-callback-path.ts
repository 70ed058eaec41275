// Where to send someone after signing in: only a path on this site. An absolute URL, a
// protocol-relative "//evil.example" or a backslash trick would make the sign-in page an open
// redirect.
export function safeCallbackPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length > 2048) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f\\]/.test(value)) return fallback;
  return value;
}
