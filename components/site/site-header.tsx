import Link from "next/link";
import { UserMenu } from "@/components/auth/user-menu";
import { SearchBox } from "@/components/search/search-box";
import { Logo } from "@/components/site/logo";

export function SiteHeader() {
  return (
    <header className="sticky top-0 z-30 border-b print:hidden border-zinc-200 bg-white/85 backdrop-blur supports-[backdrop-filter]:bg-white/70 dark:border-zinc-800 dark:bg-zinc-950/85 dark:supports-[backdrop-filter]:bg-zinc-950/70">
      <div className="mx-auto flex h-16 max-w-7xl items-center gap-4 px-4 sm:gap-8 sm:px-6 lg:px-8">
        <Logo />
        <div className="flex flex-1 justify-center">
          <SearchBox />
        </div>
        <nav aria-label="Main" className="hidden items-center gap-1 text-sm font-medium md:flex">
          <Link href="/" className="rounded-lg px-3 py-2 text-zinc-700 hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:text-zinc-300 dark:hover:bg-zinc-800">
            Browse events
          </Link>
        </nav>
        <UserMenu />
      </div>
    </header>
  );
}
