// Constraints PostgreSQL enforces for the ticket model, whatever the application code does.
import { beforeEach, expect, test } from "vitest";
import { truncateAll } from "../../test/support/database";
import { getDb } from "./index";

beforeEach(async () => {
  await truncateAll();
});

/** The fewest rows a ticket needs: type, venue, section, seat, price class and event. */
async function eventWithOneSeat() {
  const db = getDb();
  const type = await db.eventType.create({ data: { type: "Concert", description: "Live music" } });
  const venue = await db.venue.create({
    data: {
      name: "Test Hall",
      location: "Springfield, IL",
      capacity: 1,
      address: "1 Main St",
      chart: { width: 100, height: 100 },
    },
  });
  const section = await db.section.create({
    data: { venueId: venue.id, name: "A", label: "Section A", labelX: 0, labelY: 0 },
  });
  const seat = await db.seat.create({
    data: { venueId: venue.id, sectionId: section.id, row: "1", rowIndex: 0, number: 1, x: 10, y: 10 },
  });
  const cls = await db.class.create({ data: { name: "Standard", description: "Standard seating" } });
  const event = await db.event.create({
    data: {
      title: "Opening Night",
      datetime: new Date("2030-01-01T20:00:00Z"),
      typeId: type.id,
      venueId: venue.id,
      location: venue.location,
      description: "A test event",
      totalTicketCount: 1,
    },
  });
  return { event, seat, cls };
}

test("a seat has at most one ticket per event (unique event_id, seat_id)", async () => {
  const db = getDb();
  const { event, seat, cls } = await eventWithOneSeat();
  const ticket = { eventId: event.id, seatId: seat.id, seat: "A-1-1", classId: cls.id, currency: "USD", price: "49.50" };

  const first = await db.ticket.create({ data: ticket });
  const read = await db.ticket.findUniqueOrThrow({ where: { eventId_seatId: { eventId: event.id, seatId: seat.id } } });
  expect(read.id).toBe(first.id);
  expect(read.price.toString()).toBe("49.5");
  expect(read.status).toBe("available");

  await expect(db.ticket.create({ data: { ...ticket, price: "10.00" } })).rejects.toMatchObject({
    code: "P2002",
  });
  expect(await db.ticket.count()).toBe(1);
});
