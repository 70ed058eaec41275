// What a server checks before it serves anything (instrumentation.ts): settings that, if wrong,
// would make it insecure (AUTH_SECRET, TRUST_PROXY) or misbehave later, at the first request that
// reads them (every variable of lib/config/env.ts, the Redis choice), and, in production, shared
// services instead of the in-process stand-ins (./shared-services.ts). Returns the problems, each
// naming its variable, or null.
import { resolveAuthSecret } from "@/lib/auth/auth-secret";
import { parseTrustProxy } from "@/lib/rate-limit/client-ip";
import { redisConfigFromEnv } from "@/lib/redis";
import { checkEnv, type Env } from "./env";
import { sharedServiceProblems } from "./shared-services";

export function checkStartupConfig(env: Env = process.env): string | null {
  const problems: string[] = [];
  try {
    resolveAuthSecret(env);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  const trust = parseTrustProxy(env.TRUST_PROXY);
  if (trust.kind === "ranges" && trust.invalid.length > 0) {
    problems.push(`TRUST_PROXY has entries that are not an address or CIDR range: ${trust.invalid.join(", ")}`);
  }
  const invalid = checkEnv(env);
  problems.push(...invalid);
  // A half-set Upstash pair; REDIS_URL's own shape is reported by checkEnv above.
  if (!invalid.some((p) => p.startsWith("REDIS_URL "))) {
    try {
      redisConfigFromEnv(env);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  // Production on the in-process Redis stand-in or without a PostgreSQL server (shared-services.ts).
  problems.push(...sharedServiceProblems(env));
  return problems.length > 0 ? problems.join("; ") : null;
}
