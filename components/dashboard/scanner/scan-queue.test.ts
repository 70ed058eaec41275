import { describe, expect, it } from "vitest";
import { enqueue, readQueue, syncQueue, writeQueue, type QueuedScan, type SendScan } from "./scan-queue";

const memory = () => {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
};

describe("offline scan queue", () => {
  it("flags a ticket scanned twice while offline, sends it once, and reports the second at sync", async () => {
    const storage = memory();
    let q: QueuedScan[] = readQueue(storage);
    q = enqueue(q, { id: "1", token: "A", eventId: "7", scannedAt: "t1" }).queue;
    const second = enqueue(q, { id: "2", token: "A", eventId: "7", scannedAt: "t2" });
    expect(second.duplicate).toBe(true);
    q = enqueue(second.queue, { id: "3", token: "B", eventId: "7", scannedAt: "t3" }).queue;
    writeQueue(storage, q);
    const sent: string[] = [];
    const send: SendScan = async (s) => {
      sent.push(s.id);
      return s.token === "B" ? { kind: "refused", message: "already used" } : { kind: "admitted", message: "ok" };
    };
    const { outcomes, left } = await syncQueue(readQueue(storage), send);
    expect(sent).toEqual(["1", "3"]);
    expect(outcomes.map((o) => `${o.scan.id}:${o.status}`)).toEqual(["1:admitted", "2:duplicate", "3:refused"]);
    expect(left).toEqual([]);
  });

  it("keeps what is left when the network fails again during the sync", async () => {
    let q: QueuedScan[] = [];
    for (const id of ["1", "2", "3"]) q = enqueue(q, { id, token: id, eventId: "7", scannedAt: id }).queue;
    let calls = 0;
    const { outcomes, left } = await syncQueue(q, async () => (++calls === 2 ? { kind: "network" } : { kind: "admitted", message: "ok" }));
    expect(outcomes.map((o) => o.scan.id)).toEqual(["1"]);
    expect(left.map((s) => s.id)).toEqual(["2", "3"]);
  });

  it("reads a corrupt store as empty", () => {
    expect(readQueue({ getItem: () => "{not json" })).toEqual([]);
    expect(readQueue({ getItem: () => JSON.stringify([{ token: 1 }]) })).toEqual([]);
  });
});
