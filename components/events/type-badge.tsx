export function TypeBadge({ type, className = "" }: { type: string; className?: string }) {
  return (
    <span data-testid="event-type" className={`inline-flex items-center rounded-md bg-black/55 px-2 py-0.5 text-[11px] font-semibold uppercase tracking-wide text-white backdrop-blur-sm ${className}`}>
      {type}
    </span>
  );
}
