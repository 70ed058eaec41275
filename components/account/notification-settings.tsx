"use client";
// The account page's notifications section: which channels each kind of message uses (a required
// kind's email is always on), the address confirmation, and the fan's latest messages with their
// delivery status. Server actions: app/account/notification-actions.ts.
import { useActionState } from "react";
import { resendVerificationAction, saveNotificationSettingsAction } from "./notification-actions";
import { FormMessage, primaryButtonClass } from "@/components/auth/form-field";
import { emptyFormState } from "@/components/auth/form-state";
import type { KindSetting, UserNotification } from "@/lib/notifications/preferences";

const CHANNEL_LABEL = { email: "Email", push: "Push", sms: "SMS" } as const;
const STATUS_LABEL = { queued: "Queued", sending: "Sending", sent: "Sent", failed: "Failed", suppressed: "Not sent" } as const;

export function EmailVerification({ verified }: { verified: boolean }) {
  const [state, action, pending] = useActionState(resendVerificationAction, emptyFormState);
  if (verified) {
    return (
      <p className="text-sm text-emerald-700 dark:text-emerald-300" data-testid="email-verified">
        Your email address is confirmed.
      </p>
    );
  }
  return (
    <form action={action} className="space-y-3">
      <p className="text-sm text-amber-800 dark:text-amber-300" data-testid="email-unverified">
        Your email address is not confirmed yet: follow the link in the mail we sent you.
      </p>
      <FormMessage state={state} />
      <button type="submit" disabled={pending} className="text-sm font-semibold text-brand-600 hover:underline disabled:opacity-50 dark:text-brand-300">
        {pending ? "Sending…" : "Send me a new confirmation link"}
      </button>
    </form>
  );
}

export function NotificationSettings({ settings }: { settings: KindSetting[] }) {
  const [state, action, pending] = useActionState(saveNotificationSettingsAction, emptyFormState);
  return (
    <form action={action} className="space-y-4">
      <FormMessage state={state} />
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead>
            <tr className="border-b border-zinc-200 dark:border-zinc-800">
              <th className="py-2 pr-4 font-medium">Message</th>
              {settings[0]?.channels.map((c) => (
                <th key={c.channel} className="px-3 py-2 text-center font-medium">
                  {CHANNEL_LABEL[c.channel]}
                  {!c.available ? <span className="block text-xs font-normal text-zinc-500">not available on this site</span> : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {settings.map((s) => (
              <tr key={s.kind} className="border-b border-zinc-100 dark:border-zinc-800/60">
                <td className="py-2 pr-4">
                  {s.label}
                  {s.required ? <span className="block text-xs text-zinc-500">Always sent by email</span> : null}
                </td>
                {s.channels.map((c) => (
                  <td key={c.channel} className="px-3 py-2 text-center">
                    <input
                      type="checkbox"
                      name={`${s.kind}:${c.channel}`}
                      aria-label={`${s.label} by ${CHANNEL_LABEL[c.channel]}`}
                      defaultChecked={c.enabled}
                      disabled={c.locked || !c.available}
                      className="h-4 w-4"
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button type="submit" className={`${primaryButtonClass} max-w-xs`} disabled={pending}>
        {pending ? "Saving…" : "Save notification settings"}
      </button>
    </form>
  );
}

export function NotificationHistory({ messages }: { messages: UserNotification[] }) {
  if (messages.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">No messages yet.</p>;
  return (
    <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" data-testid="notification-history">
      {messages.map((m) => (
        <li key={m.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
          <span>
            {m.label} <span className="text-zinc-500">({CHANNEL_LABEL[m.channel]})</span>
          </span>
          <span className="text-zinc-600 dark:text-zinc-400">
            <span className="font-medium" data-status={m.status}>
              {STATUS_LABEL[m.status]}
            </span>{" "}
            · {new Date(m.sentAt ?? m.createdAt).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short" })}
          </span>
        </li>
      ))}
    </ul>
  );
}
