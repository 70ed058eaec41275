"use client";
// "Notify me when it's my turn" in the waiting room: the fan may leave the tab and be told when they
// are admitted (lib/notifications/notify-queue-turns.ts), by email, and by push on this device if they
// allow it. PUT /api/events/:id/queue/turn-alert records the wish; push also turns on push for the
// queue_your_turn kind (PUT /api/me/notifications).
import { useState } from "react";
import { requestJson } from "@/components/lib/api-client";
import { PushOptIn } from "@/components/notifications/push-opt-in";

export function TurnAlert({ eventId }: { eventId: string }) {
  const [state, setState] = useState<"idle" | "working" | "on" | "error">("idle");
  const path = `/api/events/${encodeURIComponent(eventId)}/queue/turn-alert`;
  const turnOn = async () => (await requestJson(path, { method: "PUT", body: { enabled: true } })).ok;
  return (
    <div className="mt-4 rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800" data-testid="queue-turn-alert">
      {state === "on" ? (
        <p className="text-emerald-700 dark:text-emerald-300" data-testid="queue-turn-alert-on">
          We&apos;ll email you when it&apos;s your turn, with the time you have to pick your seats.
        </p>
      ) : (
        <button
          type="button"
          className="font-semibold text-brand-600 hover:underline disabled:opacity-50 dark:text-brand-300"
          disabled={state === "working"}
          onClick={() => {
            setState("working");
            void turnOn().then((ok) => setState(ok ? "on" : "error"));
          }}
        >
          Email me when it&apos;s my turn
        </button>
      )}
      {state === "error" && (
        <p className="mt-1 text-red-700 dark:text-red-400" role="alert">
          We couldn&apos;t save that. Try again.
        </p>
      )}
      <PushOptIn
        label="Notify me on this device when it's my turn"
        doneLabel="This device will get a notification when it's your turn."
        testId="queue-push-opt-in"
        onSubscribed={async () => {
          const pref = await requestJson("/api/me/notifications", { method: "PUT", body: { kind: "queue_your_turn", channel: "push", enabled: true } });
          return pref.ok && (await turnOn());
        }}
      />
    </div>
  );
}
