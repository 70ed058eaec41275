// Profile: the signed-in user's account details, with username, phone and address editable.
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ProfileForm } from "@/components/account/profile-form";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { requirePageUser, signInHref } from "@/lib/auth/require-page-user";
import { getUserProfile } from "@/lib/users/get-user-profile";
import { EmailVerification, NotificationHistory, NotificationSettings } from "@/components/account/notification-settings";
import { PushOptIn } from "@/components/notifications/push-opt-in";
import { getDb } from "@/lib/db";
import { getNotificationSettings, listUserNotifications } from "@/lib/notifications/preferences";
import { PASSWORD_CHANGED } from "./notices";
import { PasswordForm } from "./password-form";
import { SignOutEverywhere } from "./sign-out-everywhere";

export const metadata: Metadata = { title: "Your account", robots: { index: false } };

const ROLE_LABEL = { buyer: "Fan", venue_admin: "Venue admin", admin: "Administrator", door_staff: "Door staff" } as const;

export default async function AccountPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const caller = await requirePageUser("/account");
  const passwordChanged = `password=${(await searchParams).password}` === PASSWORD_CHANGED;
  const user = await getUserProfile(caller.userId);
  if (!user) redirect(signInHref("/account"));
  const [settings, messages, verification] = await Promise.all([
    getNotificationSettings(caller.userId),
    listUserNotifications(caller.userId),
    getDb().user.findUnique({ where: { id: caller.userId }, select: { emailVerifiedAt: true } }),
  ]);
  const memberSince = new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: "UTC" }).format(user.createdAt);
  return (
    <div className="mx-auto max-w-3xl px-4 py-10 sm:px-6 lg:px-8">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Your account</h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
            Signed in as <span className="font-semibold text-zinc-900 dark:text-zinc-100" data-testid="account-username">{user.username}</span>
          </p>
        </div>
        <div className="flex items-center gap-2">
          <Link
            href="/account/tickets"
            className="inline-flex h-9 items-center rounded-lg bg-brand-600 px-3 text-sm font-semibold text-white hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500"
          >
            My tickets
          </Link>
          <SignOutButton />
        </div>
      </div>

      <dl className="mt-8 grid gap-4 rounded-2xl border border-zinc-200 p-6 text-sm dark:border-zinc-800 sm:grid-cols-3">
        <div>
          <dt className="text-zinc-500 dark:text-zinc-400">Email</dt>
          <dd className="mt-1 break-all font-medium" data-testid="account-email">{user.email}</dd>
        </div>
        <div>
          <dt className="text-zinc-500 dark:text-zinc-400">Account type</dt>
          <dd className="mt-1 font-medium">{ROLE_LABEL[user.role]}</dd>
        </div>
        <div>
          <dt className="text-zinc-500 dark:text-zinc-400">Member since</dt>
          <dd className="mt-1 font-medium">{memberSince}</dd>
        </div>
      </dl>

      <section aria-labelledby="profile-heading" className="mt-10">
        <h2 id="profile-heading" className="text-lg font-semibold">Profile</h2>
        <div className="mt-4 max-w-md">
          <ProfileForm username={user.username} phone={user.phone} address={user.address} />
        </div>
      </section>

      <section aria-labelledby="password-heading" className="mt-10">
        <h2 id="password-heading" className="text-lg font-semibold">Password</h2>
        <div className="mt-4 max-w-md">
          {passwordChanged ? (
            <p role="status" className="mb-5 rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-500/10 dark:text-emerald-300">
              Password changed. Every other session and access token of your account has been signed out.
            </p>
          ) : null}
          <PasswordForm />
        </div>
      </section>

      <section aria-labelledby="notifications-heading" className="mt-10">
        <h2 id="notifications-heading" className="text-lg font-semibold">Notifications</h2>
        <div className="mt-4 space-y-6">
          <EmailVerification verified={Boolean(verification?.emailVerifiedAt)} />
          <div>
            <NotificationSettings settings={settings} />
            <PushOptIn label="Get push notifications on this browser" doneLabel="This browser gets the messages you tick in the Push column." testId="account-push-opt-in" />
          </div>
          <div>
            <h3 className="text-sm font-semibold">Latest messages</h3>
            <div className="mt-2">
              <NotificationHistory messages={messages} />
            </div>
          </div>
        </div>
      </section>

      <SignOutEverywhere />
    </div>
  );
}
