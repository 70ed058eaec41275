"use client";
// The event page's seat picker: the live seating chart, the fan's selection and their hold.
// Signed-out visitors (or a session that ended) see the chart read-only with a sign-in prompt;
// outside the sale window the chart is read-only too.
import { SeatingChart } from "@/components/seating-chart";
import { BestAvailableForm, type BestAvailableClass } from "@/components/hold/best-available-form";
import { GaPicker } from "@/components/hold/ga-picker";
import { HoldPanel } from "@/components/hold/hold-panel";
import type { GaArea } from "@/lib/inventory/list-ga-areas";
import type { HoldNotice } from "@/components/hold/hold-reducer";
import { SelectionPanel } from "@/components/hold/selection-panel";
import { SignInPrompt } from "@/components/hold/sign-in-prompt";
import { useSeatHold } from "@/components/hold/use-seat-hold";

export type SeatPickerProps = {
  eventId: string;
  seatMapUrl: string;
  title: string;
  signedIn: boolean;
  /** The event is on sale now (holds can be taken). */
  onSale: boolean;
  maxTicketsPerOrder: number;
  currency: string;
  /** The service fee per ticket: prices are shown all-in (price + fee). */
  serviceFee?: string;
  /** The event's price classes, for "Best available" (classes with nothing left are not offered). */
  classes?: BestAvailableClass[];
  /** General-admission areas sold by quantity (lib/inventory/list-ga-areas.ts). */
  gaAreas?: GaArea[];
  /** Availability polling interval while the live stream is down. */
  fallbackRefreshMs?: number;
};

const noticeTone: Record<HoldNotice["kind"], string> = {
  lost: "border-red-200 bg-red-50 text-red-800 dark:border-red-500/30 dark:bg-red-500/10 dark:text-red-300",
  error: "border-red-200 bg-red-50 text-red-800 dark:border-red-500/30 dark:bg-red-500/10 dark:text-red-300",
  expired: "border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-500/30 dark:bg-amber-500/10 dark:text-amber-200",
  limit: "border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-500/30 dark:bg-amber-500/10 dark:text-amber-200",
  released: "border-zinc-200 bg-zinc-50 text-zinc-700 dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-200",
};

export function SeatPicker({ eventId, seatMapUrl, title, signedIn, onSale, maxTicketsPerOrder, currency, serviceFee = "0.00", classes = [], gaAreas = [], fallbackRefreshMs = 5000 }: SeatPickerProps) {
  const hold = useSeatHold({ eventId, signedIn, maxTicketsPerOrder });
  const { state } = hold;
  const canSelect = signedIn && onSale && !state.signInRequired;
  const notice = state.notice;

  return (
    <div className="mt-4 grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
      <SeatingChart
        key={eventId}
        eventId={eventId}
        seatMapUrl={seatMapUrl}
        title={title}
        refreshIntervalMs={fallbackRefreshMs}
        selectable={canSelect}
        selectedTicketIds={hold.selectedTicketIds}
        heldTicketIds={hold.heldTicketIds}
        flashTicketIds={state.lostTicketIds}
        focusTicketIds={hold.focusTicketIds}
        feePerTicket={serviceFee}
        onToggleSeat={hold.toggleSeat}
      />
      <aside className="space-y-4 lg:sticky lg:top-4 lg:self-start" aria-label="Your seats" data-testid="seat-picker-panel">
        {notice && (
          <div
            role={notice.kind === "released" ? "status" : "alert"}
            className={`flex items-start gap-3 rounded-lg border px-3 py-2 text-sm ${noticeTone[notice.kind]}`}
            data-testid="hold-notice"
            data-kind={notice.kind}
          >
            <p className="flex-1">{notice.message}</p>
            <button type="button" onClick={hold.dismissNotice} className="shrink-0 rounded text-xs font-medium underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-brand-500">
              Dismiss
            </button>
          </div>
        )}
        {!signedIn || state.signInRequired ? (
          <SignInPrompt eventId={eventId} expired={signedIn && state.signInRequired} />
        ) : (
          <>
            {state.hold && <HoldPanel hold={state.hold} serviceFee={serviceFee} releasing={state.pending === "release"} onRelease={() => void hold.releaseSeats()} />}
            {onSale ? (
              <>
                {(state.selection.length > 0 || !state.hold) && (
                  <SelectionPanel
                    selection={state.selection}
                    heldCount={hold.heldTicketIds.length}
                    maxTicketsPerOrder={maxTicketsPerOrder}
                    currency={currency}
                    holding={state.pending === "hold"}
                    onRemove={hold.removeSeat}
                    onClear={hold.clearSelection}
                    onHold={() => void hold.holdSeats()}
                  />
                )}
                <GaPicker
                  areas={gaAreas}
                  maxTicketsPerOrder={maxTicketsPerOrder}
                  heldCount={hold.heldTicketIds.length}
                  busy={state.pending !== null}
                  onHold={hold.holdGeneralAdmission}
                />
                <BestAvailableForm
                  classes={classes}
                  maxTicketsPerOrder={maxTicketsPerOrder}
                  heldCount={hold.heldTicketIds.length}
                  busy={state.pending !== null}
                  onFind={hold.holdBestAvailable}
                  serviceFee={serviceFee}
                />
              </>
            ) : (
              <p className="rounded-xl border border-zinc-200 p-4 text-sm text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">Seats can be held while the event is on sale.</p>
            )}
          </>
        )}
      </aside>
    </div>
  );
}
