"use client";
// "Notify me" by web push, from wherever it matters (the account page, the waiting room, the
// waitlist panel): asks the browser's permission, registers the service worker (/sw.js), subscribes
// with the server's VAPID key and hands the subscription to POST /api/me/push-subscriptions. Then
// `onSubscribed` turns push on for the kinds the place is about (the caller's choice). Where push
// is off on the server, not supported by the browser, or refused by the fan, the button says so.
import { useState, useSyncExternalStore } from "react";
import { requestJson } from "@/components/lib/api-client";

type PushState = "checking" | "unsupported" | "unavailable" | "ready" | "subscribed" | "denied" | "working" | "error";

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const padded = base64url.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(base64url.length / 4) * 4, "=");
  const raw = atob(padded);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

const noSubscription = () => () => {};
const supported = () => typeof window !== "undefined" && "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;

/** Subscribes this browser for the signed-in fan; answers what happened. */
export async function subscribeThisBrowser(): Promise<"subscribed" | "unsupported" | "unavailable" | "denied" | "error"> {
  if (!supported()) return "unsupported";
  const status = await requestJson<{ available: boolean; vapid_public_key: string | null }>("/api/me/push-subscriptions");
  if (!status.ok) return "error";
  if (!status.data.available || !status.data.vapid_public_key) return "unavailable";
  const permission = await Notification.requestPermission();
  if (permission !== "granted") return "denied";
  const registration = await navigator.serviceWorker.register("/sw.js");
  await navigator.serviceWorker.ready;
  const subscription =
    (await registration.pushManager.getSubscription()) ??
    (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(status.data.vapid_public_key) }));
  const saved = await requestJson("/api/me/push-subscriptions", { method: "POST", body: subscription.toJSON() });
  return saved.ok ? "subscribed" : "error";
}

const MESSAGES: Partial<Record<PushState, string>> = {
  unsupported: "This browser cannot receive push notifications.",
  unavailable: "Push notifications are not available on this site.",
  denied: "Notifications are blocked for this site in your browser settings.",
  error: "We couldn't turn on push notifications. Try again.",
};

export function PushOptIn({ label, doneLabel, onSubscribed, testId }: { label: string; doneLabel: string; onSubscribed?: () => Promise<boolean>; testId?: string }) {
  // Known only in the browser: null while server-rendering and hydrating, so both render nothing.
  const capable = useSyncExternalStore(noSubscription, supported, () => null);
  const [picked, setState] = useState<PushState>("ready");
  const state: PushState = capable === null ? "checking" : capable ? picked : "unsupported";
  async function turnOn() {
    setState("working");
    try {
      const result = await subscribeThisBrowser();
      if (result !== "subscribed") return setState(result);
      setState(onSubscribed && !(await onSubscribed()) ? "error" : "subscribed");
    } catch {
      setState("error");
    }
  }
  if (state === "checking") return null;
  return (
    <div className="mt-3 text-sm" data-testid={testId} data-push-state={state}>
      {state === "subscribed" ? (
        <p className="text-emerald-700 dark:text-emerald-300">{doneLabel}</p>
      ) : state === "unsupported" || state === "unavailable" ? (
        <p className="text-zinc-500 dark:text-zinc-400">{MESSAGES[state]}</p>
      ) : (
        <>
          <button type="button" onClick={() => void turnOn()} disabled={state === "working"} className="font-semibold text-brand-600 hover:underline disabled:opacity-50 dark:text-brand-300">
            {state === "working" ? "Turning on…" : label}
          </button>
          {MESSAGES[state] && (
            <p className="mt-1 text-red-700 dark:text-red-400" role="alert">
              {MESSAGES[state]}
            </p>
          )}
        </>
      )}
    </div>
  );
}
