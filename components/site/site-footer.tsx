import { LogoMark } from "@/components/site/logo";

export function SiteFooter() {
  return (
    <footer className="mt-16 border-t print:hidden border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900/40">
      <div className="mx-auto flex max-w-7xl flex-col gap-4 px-4 py-8 text-sm text-zinc-600 sm:flex-row sm:items-center sm:justify-between sm:px-6 lg:px-8 dark:text-zinc-400">
        <div className="flex items-center gap-2">
          <LogoMark className="size-6" />
          <span className="font-medium text-zinc-800 dark:text-zinc-200">OpenSeat</span>
          <span aria-hidden="true">·</span>
          <span>Open-source ticketing</span>
        </div>
        <p>Prices shown are per ticket. Seats are held for you while you check out.</p>
      </div>
    </footer>
  );
}
