// What a server checks before it serves anything (instrumentation.ts): settings that, if wrong,
// would make it insecure rather than merely broken. Returns the first problem, or null.
import { resolveAuthSecret } from "@/lib/auth/auth-secret";
import { parseTrustProxy } from "@/lib/rate-limit/client-ip";

type Env = Record<string, string | undefined>;

export function checkStartupConfig(env: Env = process.env): string | null {
  try {
    resolveAuthSecret(env);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const trust = parseTrustProxy(env.TRUST_PROXY);
  if (trust.kind === "ranges" && trust.invalid.length > 0) {
    return `TRUST_PROXY has entries that are not an address or CIDR range: ${trust.invalid.join(", ")}`;
  }
  return null;
}
