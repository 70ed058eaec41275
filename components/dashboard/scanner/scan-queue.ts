// Scans made while the network is away, kept in localStorage until they are sent. A scan of a token
// that is already waiting in the queue is kept too, marked `duplicate`: it is never sent (the first
// one decides), and the sync reports it as "scanned twice while offline" so the door can look for
// the second holder. Pure functions over the stored list, so they are testable without a browser.
export type QueuedScan = { id: string; token: string; eventId: string; scannedAt: string; duplicate: boolean };

export const QUEUE_KEY = "openseat.scanQueue.v1";

export function readQueue(storage: Pick<Storage, "getItem">): QueuedScan[] {
  try {
    const raw = storage.getItem(QUEUE_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? (parsed as QueuedScan[]).filter((s) => typeof s?.token === "string" && typeof s?.eventId === "string") : [];
  } catch {
    return [];
  }
}

export function writeQueue(storage: Pick<Storage, "setItem">, queue: QueuedScan[]): void {
  storage.setItem(QUEUE_KEY, JSON.stringify(queue));
}

/** The queue with `scan` added; `duplicate` when the same ticket already waits for the same event. */
export function enqueue(queue: QueuedScan[], scan: Omit<QueuedScan, "duplicate">): { queue: QueuedScan[]; duplicate: boolean } {
  const duplicate = queue.some((q) => q.token === scan.token && q.eventId === scan.eventId);
  return { queue: [...queue, { ...scan, duplicate }], duplicate };
}

export type SyncOutcome = { scan: QueuedScan; status: "admitted" | "refused" | "duplicate"; message: string };
export type SendScan = (scan: QueuedScan) => Promise<{ kind: "admitted"; message: string } | { kind: "refused"; message: string } | { kind: "network" }>;

/**
 * Sends the queue in scan order. Stops at the first network failure and answers what is left, so
 * nothing is lost or sent twice by this device; the server's own check refuses any repeat anyway.
 */
export async function syncQueue(queue: QueuedScan[], send: SendScan): Promise<{ outcomes: SyncOutcome[]; left: QueuedScan[] }> {
  const outcomes: SyncOutcome[] = [];
  for (let i = 0; i < queue.length; i++) {
    const scan = queue[i]!;
    if (scan.duplicate) {
      outcomes.push({ scan, status: "duplicate", message: "Scanned twice while offline: check who holds this ticket" });
      continue;
    }
    const res = await send(scan);
    if (res.kind === "network") return { outcomes, left: queue.slice(i) };
    outcomes.push({ scan, status: res.kind, message: res.message });
  }
  return { outcomes, left: [] };
}
