// The one layout every OpenSeat mail uses, built from react-email's components (tables and inline
// styles that survive Gmail, Outlook and Apple Mail's rendering rules; no web fonts, no remote
// images, no CSS the clients strip). The kinds differ only in their content (compose.ts).
import { Body, Button, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";

export type MailContent = {
  subject: string;
  /** The line mail clients show after the subject. */
  preview: string;
  heading: string;
  paragraphs: string[];
  button?: { label: string; url: string };
  /** Label/value lines (seats, dates, amounts). */
  details?: { label: string; value: string }[];
  /** Links listed under the details (e-tickets). */
  links?: { label: string; url: string }[];
  /** Why the fan got this mail, and how to stop it (an unsubscribe URL for the kinds that allow it). */
  footer: string;
  unsubscribeUrl?: string;
};

const text = { fontSize: "15px", lineHeight: "24px", color: "#1f2937", margin: "0 0 14px" };
const muted = { fontSize: "12px", lineHeight: "18px", color: "#6b7280", margin: "0 0 6px" };

export function MessageEmail({ content }: { content: MailContent }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{content.preview}</Preview>
      <Body style={{ backgroundColor: "#f3f4f6", fontFamily: "Helvetica, Arial, sans-serif", margin: 0, padding: "24px 0" }}>
        <Container style={{ backgroundColor: "#ffffff", borderRadius: "8px", maxWidth: "560px", padding: "28px 32px" }}>
          <Text style={{ ...muted, fontWeight: 700, letterSpacing: "0.08em", textTransform: "uppercase" }}>OpenSeat</Text>
          <Heading as="h1" style={{ fontSize: "22px", lineHeight: "30px", color: "#111827", margin: "8px 0 18px" }}>
            {content.heading}
          </Heading>
          {content.paragraphs.map((p, i) => (
            <Text key={i} style={text}>
              {p}
            </Text>
          ))}
          {content.details && content.details.length > 0 && (
            <Section style={{ backgroundColor: "#f9fafb", borderRadius: "6px", padding: "12px 16px", margin: "4px 0 18px" }}>
              {content.details.map((d, i) => (
                <Text key={i} style={{ ...text, margin: "0 0 4px" }}>
                  <strong>{d.label}:</strong> {d.value}
                </Text>
              ))}
            </Section>
          )}
          {content.button && (
            <Section style={{ margin: "8px 0 22px" }}>
              <Button href={content.button.url} style={{ backgroundColor: "#2563eb", borderRadius: "6px", color: "#ffffff", fontSize: "15px", fontWeight: 600, padding: "12px 20px", textDecoration: "none" }}>
                {content.button.label}
              </Button>
              <Text style={{ ...muted, marginTop: "12px" }}>
                Or open this link: <Link href={content.button.url}>{content.button.url}</Link>
              </Text>
            </Section>
          )}
          {content.links?.map((l, i) => (
            <Text key={i} style={{ ...text, margin: "0 0 6px" }}>
              <Link href={l.url}>{l.label}</Link>
            </Text>
          ))}
          <Hr style={{ borderColor: "#e5e7eb", margin: "22px 0 14px" }} />
          <Text style={muted}>{content.footer}</Text>
          {content.unsubscribeUrl && (
            <Text style={muted}>
              <Link href={content.unsubscribeUrl}>Unsubscribe from these emails</Link>
            </Text>
          )}
        </Container>
      </Body>
    </Html>
  );
}
