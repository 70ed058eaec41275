import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { UnsubscribeForm } from "@/components/auth/mail-link-forms";
import { KIND_RULES } from "@/lib/notifications/kinds";
import { verifyUnsubscribeToken } from "@/lib/notifications/unsubscribe-token";

export const metadata: Metadata = { title: "Unsubscribe", robots: { index: false }, referrer: "no-referrer" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function UnsubscribePage({ searchParams }: { searchParams: SearchParams }) {
  const raw = (await searchParams).token;
  const token = ((Array.isArray(raw) ? raw[0] : raw) ?? "").slice(0, 200);
  const claims = verifyUnsubscribeToken(token);
  return (
    <AuthCard
      title="Unsubscribe"
      subtitle={claims ? `Stop getting “${KIND_RULES[claims.kind].label}” emails? You can turn them back on from your account page.` : "This unsubscribe link is invalid."}
    >
      {claims ? <UnsubscribeForm token={token} /> : <p className="text-sm">Open the link from the mail again, or change your notifications on your account page.</p>}
    </AuthCard>
  );
}
