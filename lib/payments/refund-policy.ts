// The refund policy of an event: confirmed tickets can be cancelled and refunded in full until
// `refund_cutoff_hours` before the show (null: no refunds), and never for a show that has started.

export type RefundPolicy = { refundCutoffHours: number | null; datetime: Date };

/** The moment refunds stop, or null when the event allows none. */
export function refundDeadline(event: RefundPolicy): Date | null {
  if (event.refundCutoffHours === null) return null;
  return new Date(event.datetime.getTime() - event.refundCutoffHours * 3_600_000);
}

export function canRefund(event: RefundPolicy, now: Date = new Date()): boolean {
  const deadline = refundDeadline(event);
  return deadline !== null && now < deadline;
}

/** One sentence for the fan. */
export function describeRefundPolicy(event: RefundPolicy): string {
  if (event.refundCutoffHours === null) return "Tickets for this event cannot be refunded.";
  if (event.refundCutoffHours === 0) return "Full refund of the ticket price and fees if you cancel before the show starts.";
  const hours = event.refundCutoffHours;
  const span = hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? "" : "s"}` : `${hours} hour${hours === 1 ? "" : "s"}`;
  return `Full refund of the ticket price and fees if you cancel up to ${span} before the show.`;
}
