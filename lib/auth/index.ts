// Accounts and sign-in. Auth.js config in ./auth.ts; who is calling in ./get-caller.ts; domain
// functions one per file. Scripts that only need hashing (the seed) may import ./password-hash
// directly and skip loading next-auth.
export { auth, handlers, signIn, signOut, updateSession, RateLimitedSignin, SIGN_IN_PATH } from "./auth";
export { getAuthSecret } from "./auth-secret";
export { getCaller, requireRole, requireUser, SESSION_COOKIE_NAMES, type Caller } from "./get-caller";
export { requirePageUser, signInHref } from "./require-page-user";
export { hashPassword, verifyPassword } from "./password-hash";
export { registerUser } from "./register-user";
export { verifyCredentials } from "./verify-credentials";
export { issueAccessToken, verifyAccessToken, accessTokenTtlSeconds, type AccessTokenResponse } from "./access-token";
export { publicUserSelect, toUserJson, type PublicUser, type UserJson } from "./public-user";
export { safeCallbackPath } from "./safe-callback-path";
export { bumpSessionVersion, currentSessionState, publishSessionState, sessionVersionCacheMs, type SessionState } from "./session-version";
