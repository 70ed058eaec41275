// Shapes of the public read API (snake_case, the spec's field names) returned by lib/events.
// Route handlers serialise these as they are; pages render them.
import type { SearchFacets } from "@/lib/search/search-backend";

export type EventTypeInfo = {
  type: string;
  description: string;
};

export type EventSummary = {
  event_id: string;
  title: string;
  type: string;
  venue: string;
  venue_id: string;
  location: string;
  /** IANA zone of the venue, for showing local show times ("America/Chicago"). */
  venue_timezone: string;
  /** Performer names joined with ", ", headliner first (the spec's single `performer` field). */
  performer: string;
  performers: string[];
  /** The event description (the spec calls it `detail`). */
  detail: string;
  /** ISO 8601, UTC. */
  datetime: string;
  image_path: string | null;
  status: "scheduled" | "cancelled" | "postponed";
  total_ticket_cnt: number;
  /** Tickets available now: status available, or reserved with an expired hold. */
  available_ticket_cnt: number;
  /** Lowest ticket price as a decimal string in major units ("49.50"), null when no tickets. */
  min_price: string | null;
  currency: string;
};

export type EventSearchResult = {
  events: EventSummary[];
  page: number;
  size: number;
  total: number;
  total_pages: number;
  /** True when nothing matched the words as typed and these events match close spellings of them. */
  fuzzy?: boolean;
  /** True when more events match than are counted exactly: `total` (1,000) is then a lower bound. */
  total_capped?: boolean;
  /** With `facets=true`: counts of the matching events per type, city, date range and price range. */
  facets?: SearchFacets;
};

export type PriceClassSummary = {
  class_id: string;
  name: string;
  description: string;
  color: string;
  min_price: string;
  max_price: string;
  currency: string;
  total_ticket_cnt: number;
  available_ticket_cnt: number;
};

export type TicketSummary = {
  id: string;
  /** Printable seat label "SECTION-ROW-NUMBER". */
  seat: string;
  seat_id: string;
  class: string;
  class_id: string;
  available: boolean;
  /** Decimal string in major units. */
  price: string;
  /** ISO currency code. */
  unit: string;
};

export type EventDetail = EventSummary & {
  venue_address: string;
  hold_seconds: number;
  max_tickets_per_order: number;
  /** The service fee charged per ticket on top of its price (decimal string, the event's currency). */
  service_fee: string;
  onsale_datetime: string | null;
  offsale_datetime: string | null;
  classes: PriceClassSummary[];
  tickets: TicketSummary[];
  /** Where the chart geometry of this event's venue is served (cacheable per chart version). */
  seat_map_url: string;
  seat_map_version: number;
};

export type SeatMapSection = {
  id: string;
  name: string;
  label: string;
  kind: "seated" | "general_admission";
  label_x: number;
  label_y: number;
  outline: string | null;
};

/**
 * Venue geometry, columnar so that a 20,000-seat arena stays small: seat i is
 * { id: seat_ids[i], section: sections[seat_section[i]], row: seat_row[i], number: seat_number[i],
 *   x: seat_x[i], y: seat_y[i] }.
 */
export type SeatMap = {
  venue_id: string;
  version: number;
  width: number;
  height: number;
  stage: { x: number; y: number; width: number; height: number; label: string };
  sections: SeatMapSection[];
  seat_ids: number[];
  seat_section: number[];
  seat_row: string[];
  seat_number: number[];
  seat_x: number[];
  seat_y: number[];
  /**
   * Seat flags from the chart (docs/seat-maps.md), sparse: ids of the seats that have them. The
   * chart shows accessible seats only deliberately (a filter and a notice); best-available never
   * picks them unless asked (`accessible: true`).
   */
  wheelchair_seat_ids?: number[];
  companion_seat_ids?: number[];
  restricted_view_seat_ids?: number[];
  /** GA areas (sections of kind general_admission) with their capacity: they have no seats here. */
  ga_capacity?: Record<string, number>;
};

export type EventAvailability = {
  event_id: string;
  total_ticket_cnt: number;
  available_ticket_cnt: number;
  /** Ids of tickets that cannot be bought now (held with a live hold, confirmed, ...). */
  unavailable_ticket_ids: number[];
  /** ISO time this payload was computed. */
  as_of: string;
};

/**
 * Which ticket sits on which seat of the chart, with its class and price, columnar: ticket i is
 * { id: ticket_ids[i], seat_id: seat_ids[i], class: classes[class_index[i]], price: prices[price_index[i]] }.
 * Changes only when an admin edits the event, so it is cached longer than availability.
 */
export type EventSeatLayout = {
  event_id: string;
  venue_id: string;
  seat_map_version: number;
  currency: string;
  classes: { class_id: string; name: string; color: string }[];
  prices: string[];
  ticket_ids: number[];
  seat_ids: number[];
  class_index: number[];
  price_index: number[];
};
