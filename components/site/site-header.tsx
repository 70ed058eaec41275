import Link from "next/link";
import { UserMenu } from "@/components/auth/user-menu";
import { SearchBox } from "@/components/search/search-box";
import { Logo } from "@/components/site/logo";

// On a phone the search box gets a row of its own under the logo and the account links: squeezed
// between them it showed four letters of what one typed.
export function SiteHeader() {
  return (
    <header className="sticky top-0 z-30 border-b print:hidden border-zinc-200 bg-white/85 backdrop-blur supports-[backdrop-filter]:bg-white/70 dark:border-zinc-800 dark:bg-zinc-950/85 dark:supports-[backdrop-filter]:bg-zinc-950/70">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2 sm:h-16 sm:flex-nowrap sm:gap-8 sm:px-6 sm:py-0 lg:px-8">
        <Logo />
        <div className="order-last flex w-full basis-full justify-center sm:order-none sm:w-auto sm:flex-1 sm:basis-auto">
          <SearchBox />
        </div>
        <nav aria-label="Main" className="hidden items-center gap-1 text-sm font-medium md:flex">
          <Link href="/" className="rounded-lg px-3 py-2 text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-zinc-300 dark:hover:bg-zinc-800">
            Browse events
          </Link>
        </nav>
        <div className="ml-auto shrink-0 whitespace-nowrap sm:ml-0">
          <UserMenu />
        </div>
      </div>
    </header>
  );
}
