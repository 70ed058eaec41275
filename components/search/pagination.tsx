import Link from "next/link";
import { searchHref, type SearchParamValues } from "@/components/search/search-href";

/** 1 … 4 5 [6] 7 8 … 20 */
function pageWindow(page: number, totalPages: number): (number | "gap")[] {
  const pages = new Set<number>([1, totalPages]);
  for (let p = page - 2; p <= page + 2; p++) if (p >= 1 && p <= totalPages) pages.add(p);
  const sorted = [...pages].sort((a, b) => a - b);
  const out: (number | "gap")[] = [];
  for (const p of sorted) {
    const prev = out[out.length - 1];
    if (typeof prev === "number" && p - prev > 1) out.push(p - prev === 2 ? prev + 1 : "gap");
    out.push(p);
  }
  return out;
}

const item = "inline-flex h-9 min-w-9 items-center justify-center rounded-lg px-3 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500";

export function Pagination({ page, totalPages, params }: { page: number; totalPages: number; params: SearchParamValues }) {
  if (totalPages <= 1) return null;
  const href = (p: number) => searchHref(params, { page: String(p) });
  return (
    <nav aria-label="Pagination" className="mt-10 flex items-center justify-center gap-1" data-testid="pagination">
      {page > 1 ? (
        <Link href={href(page - 1)} rel="prev" className={`${item} text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800`}>
          ← Previous
        </Link>
      ) : (
        <span className={`${item} cursor-not-allowed text-zinc-400 dark:text-zinc-600`} aria-disabled="true">
          ← Previous
        </span>
      )}
      <ul className="hidden items-center gap-1 sm:flex">
        {pageWindow(page, totalPages).map((p, i) =>
          p === "gap" ? (
            <li key={`gap-${i}`} className="px-1 text-zinc-400" aria-hidden="true">
              …
            </li>
          ) : (
            <li key={p}>
              {p === page ? (
                <span aria-current="page" className={`${item} bg-brand-600 text-white`}>
                  {p}
                </span>
              ) : (
                <Link href={href(p)} className={`${item} text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800`} aria-label={`Page ${p}`}>
                  {p}
                </Link>
              )}
            </li>
          ),
        )}
      </ul>
      <span className="px-2 text-sm text-zinc-500 sm:hidden">
        Page {page} of {totalPages}
      </span>
      {page < totalPages ? (
        <Link href={href(page + 1)} rel="next" className={`${item} text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800`}>
          Next →
        </Link>
      ) : (
        <span className={`${item} cursor-not-allowed text-zinc-400 dark:text-zinc-600`} aria-disabled="true">
          Next →
        </span>
      )}
    </nav>
  );
}
