// An e-ticket's QR code, drawn on the server as inline SVG (no client script, prints as vectors).
// Always dark on white, also in dark mode, so scanners read it from a phone screen.
import { ticketQrSvg } from "@/lib/tickets/ticket-qr";

type TicketQrProps = {
  token: string;
  /** Read by screen readers: "E-ticket QR code for seat …". */
  label: string;
  /** Size and spacing of the white square around the code. */
  className?: string;
  testId?: string;
};

export async function TicketQr({ token, label, className = "size-32", testId = "ticket-qr" }: TicketQrProps) {
  const svg = await ticketQrSvg(token, { label });
  return (
    <div
      className={`shrink-0 rounded-lg bg-white p-1 ring-1 ring-zinc-200 dark:ring-zinc-700 print:ring-0 [&>svg]:block [&>svg]:size-full ${className}`}
      data-testid={testId}
      // Our own SVG, built by the qrcode library from our token; the label is XML-escaped.
      dangerouslySetInnerHTML={{ __html: svg }}
    />
  );
}
