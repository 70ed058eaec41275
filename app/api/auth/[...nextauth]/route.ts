// Auth.js' own endpoints: the credentials callback, sign-out, session, CSRF token.
import { handlers } from "@/lib/auth/auth";

export const { GET, POST } = handlers;
