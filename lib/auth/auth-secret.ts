// The one secret behind sign-in: Auth.js encrypts its session cookie with a key derived from it, and
// API access tokens are signed with another key derived from it (./access-token.ts).
//
// Production (NODE_ENV=production, whatever else is set) needs AUTH_SECRET of 32+ characters
// (`openssl rand -base64 33`) and refuses to start without one: instrumentation.ts checks it when
// the server starts, not at the first sign-in. The one-machine demo is production too; scripts/demo.ts
// makes a random AUTH_SECRET once and keeps it in .data/auth-secret. Only development and tests may
// run without one: a fixed secret derived from the project path is used and logged, so sessions
// survive restarts but the secret is not secret.
import { createHash } from "node:crypto";
import { setting, type Env } from "@/lib/config/env";
import { logger } from "@/lib/log/logger";


export const MIN_AUTH_SECRET_LENGTH = 32;

let cached: { source: string | undefined; secret: string } | undefined;

function fallbackSecret(): string {
  return createHash("sha256").update(`openseat-insecure-development-secret:${process.cwd()}`).digest("base64url");
}

/** AUTH_SECRET, else Auth.js' older NEXTAUTH_SECRET (an empty AUTH_SECRET still shadows it). */
function configuredSecret(env: Env = process.env): string | undefined {
  return (env.AUTH_SECRET ?? env.NEXTAUTH_SECRET)?.trim();
}

/** Resolves the secret from the environment, without caching or logging (tests). */
export function resolveAuthSecret(env: Env = process.env): { secret: string; fallback: boolean } {
  const configured = configuredSecret(env);
  const production = env.NODE_ENV === "production";
  if (configured) {
    if (production && configured.length < MIN_AUTH_SECRET_LENGTH) {
      throw new Error(
        `AUTH_SECRET must be at least ${MIN_AUTH_SECRET_LENGTH} characters; generate one with \`openssl rand -base64 33\``,
      );
    }
    return { secret: configured, fallback: false };
  }
  if (production) {
    throw new Error(
      "AUTH_SECRET is not set. It is required in production: generate one with `openssl rand -base64 33` " +
        "(or run `npm run demo`, which creates one for the one-machine demo).",
    );
  }
  return { secret: fallbackSecret(), fallback: true };
}

/** The secret for this process, resolved on first use (not at import, so `next build` needs none). */
export function getAuthSecret(): string {
  const source = configuredSecret();
  if (cached && cached.source === source) return cached.secret;
  const { secret, fallback } = resolveAuthSecret();
  if (fallback && setting("NODE_ENV") !== "test") {
    logger("auth").warn(
      "AUTH_SECRET is not set: using an insecure secret derived from the project path " +
        "(development/demo default). Set AUTH_SECRET before exposing this server.",
    );
  }
  cached = { source, secret };
  return secret;
}
