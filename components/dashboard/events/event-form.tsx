"use client";
// The organizer's event form, for a new event and for editing one. It calls the admin API
// (POST /api/admin/events, PATCH /api/admin/events/:id, POST /api/admin/events/images) with the
// session cookie; the server checks everything again, and its field errors are shown beside the
// field they name (details.field), the rest above the buttons.
import { useRouter } from "next/navigation";
import { useMemo, useState, type FormEvent } from "react";
import { requestJson } from "@/components/lib/api-client";

export type FormVenue = { venue_id: string; name: string; timezone: string; sections: { section_id: string; name: string; label: string; seats: number }[] };
export type FormClass = { class_id: string; name: string; color: string };

type PriceRow = { key: number; classChoice: string; newName: string; newColor: string; price: string; sectionIds: string[] };

export type EventFormValues = {
  event_id?: string;
  title: string;
  type: string;
  venue_id: string;
  starts_at_local: string;
  onsale_at_local: string | null;
  offsale_at_local: string | null;
  description: string;
  image_url: string | null;
  performers: string[];
  hold_seconds: number;
  max_tickets_per_order: number;
  refund_cutoff_hours: number | null;
  service_fee: string;
  currency: string;
  queue_enabled: boolean;
  queue_admission_per_minute: number;
  queue_window_seconds: number;
  queue_prequeue_opens_at_local: string | null;
  price_classes: { class_id: string; price: string; section_ids: string[] }[];
  state?: string;
};

type Props = { mode: "create" | "edit"; venues: FormVenue[]; types: string[]; classes: FormClass[]; initial?: EventFormValues };

const inputClass =
  "mt-1 block h-10 w-full rounded-lg border border-zinc-300 bg-white px-3 text-sm text-zinc-900 shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30 aria-[invalid=true]:border-red-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";
const labelClass = "block text-sm font-medium text-zinc-800 dark:text-zinc-200";

let rowKey = 0;

export function EventForm({ mode, venues, types, classes, initial }: Props) {
  const router = useRouter();
  const [venueId, setVenueId] = useState(initial?.venue_id ?? venues[0]?.venue_id ?? "");
  const [rows, setRows] = useState<PriceRow[]>(() =>
    initial?.price_classes.length
      ? initial.price_classes.map((p) => ({ key: ++rowKey, classChoice: p.class_id, newName: "", newColor: "#2563eb", price: p.price, sectionIds: p.section_ids }))
      : [{ key: ++rowKey, classChoice: classes[0]?.class_id ?? "new", newName: "", newColor: "#2563eb", price: "", sectionIds: [] }],
  );
  const [queueOn, setQueueOn] = useState(initial?.queue_enabled ?? false);
  const [imageUrl, setImageUrl] = useState<string | null>(initial?.image_url ?? null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const venue = useMemo(() => venues.find((v) => v.venue_id === venueId), [venues, venueId]);

  const err = (field: string) => errors[field];
  const fieldProps = (field: string) => ({ "aria-invalid": err(field) ? true : undefined, "aria-describedby": err(field) ? `err-${field}` : undefined });
  const errorText = (field: string) =>
    err(field) ? (
      <p id={`err-${field}`} className="mt-1 text-sm text-red-600 dark:text-red-400" data-testid={`error-${field}`}>
        {err(field)}
      </p>
    ) : null;

  async function uploadImage(file: File) {
    setErrors((e) => ({ ...e, image_url: "" }));
    const res = await fetch("/api/admin/events/images", { method: "POST", credentials: "same-origin", headers: { "content-type": file.type || "application/octet-stream" }, body: file });
    const json = (await res.json().catch(() => null)) as { image_url?: string; error?: { message?: string } } | null;
    if (res.ok && json?.image_url) setImageUrl(json.image_url);
    else setErrors((e) => ({ ...e, image_url: json?.error?.message ?? `The upload failed (${res.status})` }));
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const str = (name: string) => String(data.get(name) ?? "").trim();
    const num = (name: string) => (str(name) === "" ? Number.NaN : Number(str(name)));
    const body: Record<string, unknown> = {
      title: str("title"),
      type: str("type"),
      starts_at: str("starts_at"),
      onsale_at: str("onsale_at") || null,
      offsale_at: str("offsale_at") || null,
      description: str("description"),
      image_url: imageUrl,
      performers: str("performers").split(",").map((s) => s.trim()).filter(Boolean),
      hold_seconds: Math.round(num("hold_minutes") * 60),
      max_tickets_per_order: num("max_tickets_per_order"),
      refund_cutoff_hours: str("refund_cutoff_hours") === "" ? null : num("refund_cutoff_hours"),
      service_fee: str("service_fee") || "0",
      currency: str("currency"),
      queue_enabled: queueOn,
      queue_admission_per_minute: num("queue_admission_per_minute"),
      queue_window_seconds: num("queue_window_seconds"),
      queue_prequeue_opens_at: str("queue_prequeue_opens_at") || null,
      price_classes: rows.map((r) => ({
        ...(r.classChoice === "new" ? { class_name: r.newName.trim(), color: r.newColor } : { class_id: Number(r.classChoice) }),
        price: r.price.trim(),
        section_ids: r.sectionIds.map(Number),
      })),
    };
    if (mode === "create") body.venue_id = Number(venueId);
    setBusy(true);
    setErrors({});
    setFormError(null);
    setNotice(null);
    type Saved = { event: { event_id: string }; repriced?: { changed: number; kept_held_or_sold: number } };
    const res =
      mode === "create"
        ? await requestJson<Saved>("/api/admin/events", { method: "POST", body })
        : await requestJson<Saved>(`/api/admin/events/${initial!.event_id}`, { method: "PATCH", body });
    setBusy(false);
    if (!res.ok) {
      const field = typeof res.error.details.field === "string" ? res.error.details.field : null;
      // Price-class errors name a row ("price_classes.1.price"); show them on the price-class block.
      const shown = field?.startsWith("price_classes") ? "price_classes" : field;
      if (shown) setErrors({ [shown]: res.error.message });
      setFormError(shown ? `Please correct the highlighted field: ${res.error.message}` : res.error.message);
      return;
    }
    if (mode === "create") {
      router.push(`/dashboard/events/${res.data.event.event_id}`);
      return;
    }
    const repriced = res.data.repriced;
    setNotice(repriced ? `Saved. ${repriced.changed} ticket(s) re-priced; ${repriced.kept_held_or_sold} held or sold ticket(s) keep the price their fans were given.` : "Saved.");
    router.refresh();
  }

  const toggleSection = (row: PriceRow, sectionId: string) =>
    setRows((rs) => rs.map((r) => (r.key === row.key ? { ...r, sectionIds: r.sectionIds.includes(sectionId) ? r.sectionIds.filter((s) => s !== sectionId) : [...r.sectionIds, sectionId] } : r)));
  const update = (row: PriceRow, patch: Partial<PriceRow>) => setRows((rs) => rs.map((r) => (r.key === row.key ? { ...r, ...patch } : r)));

  return (
    <form onSubmit={submit} noValidate className="space-y-6" data-testid="event-form">
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 text-lg font-semibold">Event</legend>
        <div className="sm:col-span-2">
          <label htmlFor="ev-title" className={labelClass}>Title</label>
          <input id="ev-title" name="title" defaultValue={initial?.title} className={inputClass} {...fieldProps("title")} />
          {errorText("title")}
        </div>
        <div>
          <label htmlFor="ev-type" className={labelClass}>Type</label>
          <select id="ev-type" name="type" defaultValue={initial?.type ?? types[0]} className={inputClass} {...fieldProps("type")}>
            {types.map((t) => (
              <option key={t} value={t}>{t}</option>
            ))}
          </select>
          {errorText("type")}
        </div>
        <div>
          <label htmlFor="ev-venue" className={labelClass}>Venue</label>
          <select id="ev-venue" name="venue_id" value={venueId} disabled={mode === "edit"} onChange={(e) => { setVenueId(e.target.value); setRows((rs) => rs.map((r) => ({ ...r, sectionIds: [] }))); }} className={inputClass} {...fieldProps("venue_id")}>
            {venues.map((v) => (
              <option key={v.venue_id} value={v.venue_id}>{v.name}</option>
            ))}
          </select>
          {errorText("venue_id")}
        </div>
        <div className="sm:col-span-2">
          <label htmlFor="ev-performers" className={labelClass}>Performers (comma separated; new names are added)</label>
          <input id="ev-performers" name="performers" defaultValue={initial?.performers.join(", ")} className={inputClass} {...fieldProps("performers")} />
          {errorText("performers")}
        </div>
        <div className="sm:col-span-2">
          <label htmlFor="ev-description" className={labelClass}>Description</label>
          <textarea id="ev-description" name="description" rows={3} defaultValue={initial?.description} className={`${inputClass} h-auto py-2`} {...fieldProps("description")} />
          {errorText("description")}
        </div>
        <div className="sm:col-span-2">
          <label htmlFor="ev-image" className={labelClass}>Image (PNG, JPEG, WebP or GIF)</label>
          <input id="ev-image" type="file" accept="image/png,image/jpeg,image/webp,image/gif" className="mt-1 block text-sm" onChange={(e) => e.target.files?.[0] && void uploadImage(e.target.files[0])} {...fieldProps("image_url")} />
          {imageUrl ? (
            <p className="mt-1 flex items-center gap-3 text-sm">
              {/* eslint-disable-next-line @next/next/no-img-element -- an uploaded image served by our own route */}
              <img src={imageUrl} alt="" className="h-12 w-20 rounded object-cover" data-testid="event-image-preview" />
              <button type="button" className="text-red-700 hover:underline" onClick={() => setImageUrl(null)}>Remove</button>
            </p>
          ) : null}
          {errorText("image_url")}
        </div>
      </fieldset>

      <fieldset className="grid gap-4 sm:grid-cols-3">
        <legend className="mb-2 text-lg font-semibold">Dates <span className="text-sm font-normal text-zinc-500">in the venue&apos;s time zone{venue ? ` (${venue.timezone})` : ""}</span></legend>
        <div>
          <label htmlFor="ev-starts" className={labelClass}>Starts</label>
          <input id="ev-starts" type="datetime-local" name="starts_at" defaultValue={initial?.starts_at_local} className={inputClass} {...fieldProps("starts_at")} />
          {errorText("starts_at")}
        </div>
        <div>
          <label htmlFor="ev-onsale" className={labelClass}>On sale from</label>
          <input id="ev-onsale" type="datetime-local" name="onsale_at" defaultValue={initial?.onsale_at_local ?? ""} className={inputClass} {...fieldProps("onsale_at")} />
          {errorText("onsale_at")}
        </div>
        <div>
          <label htmlFor="ev-offsale" className={labelClass}>Off sale at (empty: at the start)</label>
          <input id="ev-offsale" type="datetime-local" name="offsale_at" defaultValue={initial?.offsale_at_local ?? ""} className={inputClass} {...fieldProps("offsale_at")} />
          {errorText("offsale_at")}
        </div>
      </fieldset>

      <fieldset className="space-y-3" aria-describedby={err("price_classes") ? "err-price_classes" : undefined}>
        <legend className="mb-2 text-lg font-semibold">Price classes</legend>
        {rows.map((row, i) => (
          <div key={row.key} className="rounded-xl border border-zinc-200 p-3 dark:border-zinc-800" data-testid="price-class-row">
            <div className="grid gap-3 sm:grid-cols-4">
              <div>
                <label htmlFor={`pc-class-${row.key}`} className={labelClass}>Class {i + 1}</label>
                <select id={`pc-class-${row.key}`} value={row.classChoice} onChange={(e) => update(row, { classChoice: e.target.value })} className={inputClass}>
                  {classes.map((c) => (
                    <option key={c.class_id} value={c.class_id}>{c.name}</option>
                  ))}
                  <option value="new">New class…</option>
                </select>
              </div>
              {row.classChoice === "new" ? (
                <>
                  <div>
                    <label htmlFor={`pc-name-${row.key}`} className={labelClass}>New class name</label>
                    <input id={`pc-name-${row.key}`} value={row.newName} onChange={(e) => update(row, { newName: e.target.value })} className={inputClass} />
                  </div>
                  <div>
                    <label htmlFor={`pc-color-${row.key}`} className={labelClass}>Colour</label>
                    <input id={`pc-color-${row.key}`} type="color" value={row.newColor} onChange={(e) => update(row, { newColor: e.target.value })} className={`${inputClass} p-1`} />
                  </div>
                </>
              ) : null}
              <div>
                <label htmlFor={`pc-price-${row.key}`} className={labelClass}>Price {i + 1}</label>
                <input id={`pc-price-${row.key}`} inputMode="decimal" value={row.price} onChange={(e) => update(row, { price: e.target.value })} className={inputClass} placeholder="49.00" />
              </div>
            </div>
            <p className="mt-3 text-sm font-medium">Sections</p>
            <div className="mt-1 flex flex-wrap gap-2">
              {venue?.sections.map((s) => (
                <label key={s.section_id} className="inline-flex items-center gap-1.5 rounded-lg border border-zinc-200 px-2 py-1 text-sm dark:border-zinc-700">
                  <input type="checkbox" checked={row.sectionIds.includes(s.section_id)} onChange={() => toggleSection(row, s.section_id)} aria-label={`Class ${i + 1} section ${s.name}`} />
                  {s.label} <span className="text-zinc-500">({s.seats})</span>
                </label>
              ))}
            </div>
            {rows.length > 1 ? (
              <button type="button" className="mt-2 text-sm text-red-700 hover:underline" onClick={() => setRows((rs) => rs.filter((r) => r.key !== row.key))}>
                Remove class {i + 1}
              </button>
            ) : null}
          </div>
        ))}
        <button type="button" className="rounded-lg border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800" onClick={() => setRows((rs) => [...rs, { key: ++rowKey, classChoice: classes[0]?.class_id ?? "new", newName: "", newColor: "#2563eb", price: "", sectionIds: [] }])}>
          Add a price class
        </button>
        {mode === "edit" ? <p className="text-xs text-zinc-500">Price changes apply to tickets still for sale; tickets fans hold or bought keep their price. Sections left out keep their prices.</p> : null}
        {errorText("price_classes")}
      </fieldset>

      <fieldset className="grid gap-4 sm:grid-cols-3">
        <legend className="mb-2 text-lg font-semibold">Sale settings</legend>
        <NumberField id="hold_minutes" label="Hold time (minutes)" defaultValue={(initial?.hold_seconds ?? 1800) / 60} errorField="hold_seconds" props={fieldProps("hold_seconds")} error={errorText("hold_seconds")} />
        <NumberField id="max_tickets_per_order" label="Max tickets per order" defaultValue={initial?.max_tickets_per_order ?? 8} props={fieldProps("max_tickets_per_order")} error={errorText("max_tickets_per_order")} />
        <div>
          <label htmlFor="ev-refund_cutoff_hours" className={labelClass}>Refund deadline (hours before; empty: no refunds)</label>
          <input id="ev-refund_cutoff_hours" name="refund_cutoff_hours" inputMode="numeric" defaultValue={initial ? (initial.refund_cutoff_hours ?? "") : 24} className={inputClass} {...fieldProps("refund_cutoff_hours")} />
          {errorText("refund_cutoff_hours")}
        </div>
        <div>
          <label htmlFor="ev-service_fee" className={labelClass}>Booking fee per ticket</label>
          <input id="ev-service_fee" name="service_fee" inputMode="decimal" defaultValue={initial?.service_fee ?? "0.00"} className={inputClass} {...fieldProps("service_fee")} />
          {errorText("service_fee")}
        </div>
        <div>
          <label htmlFor="ev-currency" className={labelClass}>Currency</label>
          <input id="ev-currency" name="currency" maxLength={3} defaultValue={initial?.currency ?? "USD"} className={inputClass} {...fieldProps("currency")} />
          {errorText("currency")}
        </div>
      </fieldset>

      <fieldset className="grid gap-4 sm:grid-cols-3">
        <legend className="mb-2 text-lg font-semibold">Waiting room</legend>
        <label className="flex items-center gap-2 text-sm sm:col-span-3">
          <input type="checkbox" checked={queueOn} onChange={(e) => setQueueOn(e.target.checked)} /> Fans queue before they may hold seats (a lottery for those who arrive before the on-sale)
        </label>
        <NumberField id="queue_admission_per_minute" label="Admissions per minute" defaultValue={initial?.queue_admission_per_minute ?? 600} props={fieldProps("queue_admission_per_minute")} error={errorText("queue_admission_per_minute")} />
        <NumberField id="queue_window_seconds" label="Admission window (seconds)" defaultValue={initial?.queue_window_seconds ?? 600} props={fieldProps("queue_window_seconds")} error={errorText("queue_window_seconds")} />
        <div>
          <label htmlFor="ev-prequeue" className={labelClass}>Pre-queue opens (empty: once published)</label>
          <input id="ev-prequeue" type="datetime-local" name="queue_prequeue_opens_at" defaultValue={initial?.queue_prequeue_opens_at_local ?? ""} className={inputClass} {...fieldProps("queue_prequeue_opens_at")} />
          {errorText("queue_prequeue_opens_at")}
        </div>
      </fieldset>

      {formError ? (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-500/10 dark:text-red-300" data-testid="form-error">
          {formError}
        </p>
      ) : null}
      {notice ? (
        <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-500/10 dark:text-emerald-300" data-testid="form-notice">
          {notice}
        </p>
      ) : null}
      <button type="submit" disabled={busy || initial?.state === "cancelled"} className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700 disabled:opacity-60">
        {busy ? "Saving…" : mode === "create" ? "Create draft" : "Save changes"}
      </button>
    </form>
  );
}

function NumberField({ id, label, defaultValue, props, error }: { id: string; label: string; defaultValue: number; errorField?: string; props: Record<string, unknown>; error: React.ReactNode }) {
  return (
    <div>
      <label htmlFor={`ev-${id}`} className={labelClass}>{label}</label>
      <input id={`ev-${id}`} name={id} inputMode="numeric" defaultValue={defaultValue} className={inputClass} {...props} />
      {error}
    </div>
  );
}
