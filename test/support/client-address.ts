// Requests "from" a client address, as the server entry (scripts/server.mjs) hands them to Next:
// the socket's address in x-openseat-client-ip plus this process's entry key. Route handlers called
// directly in tests have no socket; this is the one way to give them a known client address.
import { ENTRY_KEY_ENV, ENTRY_KEY_HEADER, PEER_ADDRESS_HEADER } from "@/lib/rate-limit/client-ip";

export function fromAddress(ip: string): Record<string, string> {
  process.env[ENTRY_KEY_ENV] ??= "test-server-entry-key";
  return { [PEER_ADDRESS_HEADER]: ip, [ENTRY_KEY_HEADER]: process.env[ENTRY_KEY_ENV]! };
}
