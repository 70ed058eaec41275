"use client";
// The door scanner: choose the event, then scan. The camera is read with the browser's
// BarcodeDetector where it exists (Chrome on Android) and with jsQR (a canvas frame at a time)
// elsewhere; a code can also be typed. Each scan is sent to POST /api/tickets/check-in with the
// chosen event, and the answer is shown large, green or red, with the seat or the reason, a beep and
// a buzz. Without a network the scan is queued on the device (scan-queue.ts) and sent when the
// connection comes back; a ticket scanned twice meanwhile is flagged at that sync.
import { useCallback, useEffect, useRef, useState } from "react";
import { requestJson } from "@/components/lib/api-client";
import type { ScannerEvent } from "@/lib/admin/scanner";
import type { CheckInResult } from "@/lib/tickets/types";
import { enqueue, readQueue, syncQueue, writeQueue, type QueuedScan, type SendScan, type SyncOutcome } from "./scan-queue";

type Verdict = { ok: boolean; title: string; detail: string; pending?: boolean; at: number };
const EVENT_KEY = "openseat.scanEvent";
/** The same code seen by the camera again within this long is the same scan, not a second one. */
const REPEAT_MS = 4000;

function beep(ok: boolean) {
  try {
    const AudioCtx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!AudioCtx) return;
    const ctx = new AudioCtx();
    const tone = (freq: number, start: number, length: number) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = freq;
      gain.gain.value = 0.2;
      osc.connect(gain).connect(ctx.destination);
      osc.start(ctx.currentTime + start);
      osc.stop(ctx.currentTime + start + length);
    };
    if (ok) tone(1320, 0, 0.15);
    else {
      tone(220, 0, 0.2);
      tone(220, 0.3, 0.2);
    }
    setTimeout(() => void ctx.close(), 1000);
  } catch {
    // No sound is not a failure of the scan.
  }
  navigator.vibrate?.(ok ? 80 : [200, 100, 200]);
}

const timeOf = (iso: string) => new Date(iso).toLocaleTimeString("en-US", { hour: "2-digit", minute: "2-digit" });

function refusal(code: string, message: string, details: Record<string, unknown>): Verdict {
  const at = Date.now();
  switch (code) {
    case "already_checked_in":
      return { ok: false, title: "Already used", detail: typeof details.checked_in_at === "string" ? `Checked in at ${timeOf(details.checked_in_at)}` : message, at };
    case "wrong_event":
      return { ok: false, title: "Wrong event", detail: typeof details.event_title === "string" ? `This ticket is for ${details.event_title}` : message, at };
    case "ticket_not_valid":
      return { ok: false, title: "Not valid", detail: message, at };
    case "invalid_ticket_token":
      return { ok: false, title: "Forged or unreadable", detail: "This is not an OpenSeat e-ticket", at };
    case "not_found":
      return { ok: false, title: "Unknown ticket", detail: message, at };
    case "forbidden":
      return { ok: false, title: "Wrong venue", detail: "You may not check tickets in for this event's venue", at };
    default:
      return { ok: false, title: "Not checked in", detail: message, at };
  }
}

type Sent = { kind: "admitted"; verdict: Verdict } | { kind: "refused"; verdict: Verdict } | { kind: "network" };

async function sendScan(token: string, eventId: string): Promise<Sent> {
  const res = await requestJson<CheckInResult>("/api/tickets/check-in", { method: "POST", body: { token, event_id: eventId } });
  if (res.ok) {
    const t = res.data.ticket;
    return { kind: "admitted", verdict: { ok: true, title: `Seat ${t.seat}`, detail: `${t.class} · ${t.holder}`, at: Date.now() } };
  }
  // No answer, or the server or a proxy could not answer now: keep the scan for later.
  if (res.error.status === 0 || res.error.status >= 502) return { kind: "network" };
  return { kind: "refused", verdict: refusal(res.error.code, res.error.message, res.error.details) };
}

type Detector = { detect(source: CanvasImageSource): Promise<Array<{ rawValue: string }>> };

export function Scanner({ events }: { events: ScannerEvent[] }) {
  const [eventId, setEventId] = useState<string>("");
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [manual, setManual] = useState("");
  const [queue, setQueue] = useState<QueuedScan[]>([]);
  const [synced, setSynced] = useState<SyncOutcome[]>([]);
  const [counts, setCounts] = useState<{ issued: number; checked_in: number } | null>(null);
  const [camera, setCamera] = useState<"off" | "starting" | "on" | "unavailable">("off");
  const [engine, setEngine] = useState<string>("");
  const video = useRef<HTMLVideoElement>(null);
  const lastCode = useRef<{ text: string; at: number } | null>(null);
  const busy = useRef(false);

  // The device's saved event and offline queue, read once mounted (localStorage is not on the server).
  useEffect(() => {
    const timer = setTimeout(() => {
      const saved = localStorage.getItem(EVENT_KEY);
      if (saved && events.some((e) => e.event_id === saved)) setEventId(saved);
      setQueue(readQueue(localStorage));
    }, 0);
    return () => clearTimeout(timer);
  }, [events]);

  const refreshCounts = useCallback(async () => {
    if (!eventId) return;
    const res = await requestJson<{ issued: number; checked_in: number }>(`/api/admin/events/${eventId}/sales/check-ins`, { cache: "no-store" });
    if (res.ok) setCounts(res.data);
  }, [eventId]);

  useEffect(() => {
    const first = setTimeout(() => void refreshCounts(), 0);
    const timer = setInterval(() => void refreshCounts(), 3000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [refreshCounts]);

  const sync = useCallback(async () => {
    const current = readQueue(localStorage);
    if (current.length === 0) return;
    const send: SendScan = async (scan) => {
      const res = await sendScan(scan.token, scan.eventId);
      if (res.kind === "network") return res;
      return { kind: res.kind, message: `${res.verdict.title}: ${res.verdict.detail}` };
    };
    const { outcomes, left } = await syncQueue(current, send);
    writeQueue(localStorage, left);
    setQueue(left);
    if (outcomes.length > 0) setSynced((s) => [...outcomes, ...s].slice(0, 50));
    void refreshCounts();
  }, [refreshCounts]);

  useEffect(() => {
    const onOnline = () => void sync();
    window.addEventListener("online", onOnline);
    const timer = setInterval(() => void sync(), 5000);
    const first = setTimeout(() => void sync(), 0);
    return () => {
      window.removeEventListener("online", onOnline);
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [sync]);

  const scan = useCallback(
    async (raw: string) => {
      const token = raw.trim();
      if (!token || !eventId || busy.current) return;
      busy.current = true;
      try {
        const res = navigator.onLine ? await sendScan(token, eventId) : ({ kind: "network" } as const);
        if (res.kind === "network") {
          const added = enqueue(readQueue(localStorage), { id: crypto.randomUUID(), token, eventId, scannedAt: new Date().toISOString() });
          writeQueue(localStorage, added.queue);
          setQueue(added.queue);
          const v: Verdict = added.duplicate
            ? { ok: false, title: "Scanned twice offline", detail: "This ticket was already scanned while offline", at: Date.now() }
            : { ok: true, pending: true, title: "Saved offline", detail: "No connection: it will be checked when the network is back", at: Date.now() };
          setVerdict(v);
          beep(v.ok);
          return;
        }
        setVerdict(res.verdict);
        beep(res.verdict.ok);
        if (res.kind === "admitted") setCounts((c) => (c ? { ...c, checked_in: c.checked_in + 1 } : c));
      } finally {
        busy.current = false;
      }
    },
    [eventId],
  );

  // The camera loop: one decode at a time, at most every 150 ms.
  useEffect(() => {
    if (camera !== "starting" && camera !== "on") return;
    let stopped = false;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
      } catch {
        if (!stopped) setCamera("unavailable");
        return;
      }
      const el = video.current;
      if (stopped || !el) return;
      el.srcObject = stream;
      await el.play().catch(() => undefined);
      setCamera("on");
      let detector: Detector | null = null;
      const BD = (window as unknown as { BarcodeDetector?: { new (o: { formats: string[] }): Detector; getSupportedFormats?: () => Promise<string[]> } }).BarcodeDetector;
      if (BD && (await BD.getSupportedFormats?.().catch((): string[] => []))?.includes("qr_code")) detector = new BD({ formats: ["qr_code"] });
      const jsQR = detector ? null : (await import("jsqr")).default;
      setEngine(detector ? "BarcodeDetector" : "jsQR");
      const canvas = document.createElement("canvas");
      const ctx = canvas.getContext("2d", { willReadFrequently: true });
      const tick = async () => {
        if (stopped) return;
        let text: string | null = null;
        if (el.readyState >= 2 && el.videoWidth > 0) {
          if (detector) {
            const found = await detector.detect(el).catch(() => []);
            text = found[0]?.rawValue ?? null;
          } else if (jsQR && ctx) {
            const scale = Math.min(1, 640 / el.videoWidth);
            canvas.width = Math.round(el.videoWidth * scale);
            canvas.height = Math.round(el.videoHeight * scale);
            ctx.drawImage(el, 0, 0, canvas.width, canvas.height);
            const img = ctx.getImageData(0, 0, canvas.width, canvas.height);
            text = jsQR(img.data, img.width, img.height, { inversionAttempts: "dontInvert" })?.data ?? null;
          }
        }
        if (text) {
          const now = Date.now();
          const last = lastCode.current;
          if (!last || last.text !== text || now - last.at > REPEAT_MS) {
            lastCode.current = { text, at: now };
            await scan(text);
          } else {
            lastCode.current = { text, at: now };
          }
        }
        timer = setTimeout(() => void tick(), 150);
      };
      void tick();
    })();
    return () => {
      stopped = true;
      clearTimeout(timer);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [camera === "off" || camera === "unavailable" ? "off" : "on", scan]); // eslint-disable-line react-hooks/exhaustive-deps

  const chosen = events.find((e) => e.event_id === eventId);
  return (
    <section className="mx-auto flex max-w-md flex-col gap-4">
      <h1 className="text-2xl font-bold tracking-tight">Check-in</h1>
      {events.length === 0 ? (
        <p className="text-zinc-600 dark:text-zinc-400">There is no upcoming event at a venue where you may check tickets in.</p>
      ) : (
        <label className="flex flex-col text-sm">
          Event
          <select
            className="rounded-lg border border-zinc-300 px-3 py-3 text-base dark:border-zinc-700 dark:bg-zinc-900"
            value={eventId}
            onChange={(e) => {
              setEventId(e.target.value);
              setVerdict(null);
              setCounts(null);
              localStorage.setItem(EVENT_KEY, e.target.value);
            }}
            data-testid="scanner-event"
          >
            <option value="">Choose the event…</option>
            {events.map((e) => (
              <option key={e.event_id} value={e.event_id}>
                {e.title} · {new Date(e.datetime).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: e.timezone })} · {e.venue}
                {e.status === "cancelled" ? " (cancelled)" : ""}
              </option>
            ))}
          </select>
        </label>
      )}
      {chosen ? (
        <>
          <p className="text-sm tabular-nums" data-testid="scanner-counts" aria-live="polite">
            {counts ? `${counts.checked_in} of ${counts.issued} checked in` : "…"}
            {queue.length > 0 ? ` · ${queue.length} scan${queue.length === 1 ? "" : "s"} waiting for the network` : ""}
          </p>
          <div
            role="status"
            aria-live="assertive"
            data-testid="scanner-verdict"
            data-ok={verdict ? String(verdict.ok && !verdict.pending) : undefined}
            className={`flex min-h-40 flex-col items-center justify-center rounded-2xl p-6 text-center text-white ${
              !verdict ? "bg-zinc-400 dark:bg-zinc-700" : verdict.pending ? "bg-amber-500" : verdict.ok ? "bg-green-600" : "bg-red-600"
            }`}
          >
            {verdict ? (
              <>
                <p className="text-4xl font-black">{verdict.pending ? "⏳" : verdict.ok ? "✓" : "✕"} {verdict.title}</p>
                <p className="mt-2 text-lg">{verdict.detail}</p>
              </>
            ) : (
              <p className="text-lg">Ready to scan</p>
            )}
          </div>
          <div className="flex flex-col gap-2">
            {camera === "off" || camera === "unavailable" ? (
              <button type="button" className="rounded-lg bg-brand-600 px-4 py-3 font-semibold text-white" onClick={() => setCamera("starting")} data-testid="scanner-camera">
                Start camera
              </button>
            ) : (
              <button type="button" className="rounded-lg border border-zinc-300 px-4 py-3 font-semibold" onClick={() => setCamera("off")}>
                Stop camera
              </button>
            )}
            {camera === "unavailable" ? <p className="text-sm text-red-600">The camera could not be opened. Allow it, or type the code below.</p> : null}
            <video ref={video} muted playsInline className={camera === "on" || camera === "starting" ? "w-full rounded-xl bg-black" : "hidden"} data-testid="scanner-video" />
            {engine ? <p className="text-xs text-zinc-500">Decoder: {engine}</p> : null}
          </div>
          <form
            className="flex gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              void scan(manual);
              setManual("");
            }}
          >
            <input
              value={manual}
              onChange={(e) => setManual(e.target.value)}
              placeholder="Type or paste the ticket code"
              className="min-w-0 flex-1 rounded-lg border border-zinc-300 px-3 py-3 dark:border-zinc-700 dark:bg-zinc-900"
              aria-label="Ticket code"
              data-testid="scanner-manual"
            />
            <button type="submit" className="rounded-lg bg-zinc-800 px-4 py-3 font-semibold text-white dark:bg-zinc-200 dark:text-zinc-900">
              Check
            </button>
          </form>
          {synced.length > 0 ? (
            <div>
              <h2 className="text-sm font-semibold">Offline scans sent</h2>
              <ul className="mt-1 text-sm" data-testid="scanner-synced">
                {synced.map((o) => (
                  <li key={o.scan.id} className={o.status === "admitted" ? "text-green-700" : "text-red-600"}>
                    {new Date(o.scan.scannedAt).toLocaleTimeString("en-US")}: {o.status === "duplicate" ? "⚠ " : ""}
                    {o.message}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
