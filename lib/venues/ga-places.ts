// General-admission places. Publishing a GA area of capacity N writes N seat rows in the area's
// section, all in this row, numbered 1..N (lib/venues/versions.ts), so every ticket machine that
// works on seats (holds, checkout, refunds, sweeps, check-in, waitlist, version moves) works on GA
// unchanged. They are never drawn: the fans' seat map leaves GA sections' places out and shows the
// area's polygon instead (lib/events/get-seat-map.ts).

/** The row label of every GA place (a printed GA ticket reads "FLOOR-GA-17"). */
export const GA_PLACE_ROW = "GA";
