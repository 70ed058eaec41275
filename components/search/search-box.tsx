"use client";
// The header's search box with suggestions, an ARIA 1.2 combobox (input + listbox): typing asks
// GET /api/search/suggest after a short pause (one request per pause, the previous one aborted);
// ArrowDown/ArrowUp move through the suggestions, Enter picks the active one (or searches for the
// text when none is active), Escape closes the list, and a click picks too. Picking navigates to
// the event, or to the results for a performer or venue. Without JavaScript it is the plain GET
// form to the results page it always was.
import Form from "next/form";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { requestJson } from "@/components/lib/api-client";
import type { Suggestion } from "@/lib/search/search-backend";

const DEBOUNCE_MS = 150;
const MIN_CHARACTERS = 2;

const KIND_LABEL: Record<Suggestion["kind"], string> = { performer: "Artist or team", venue: "Venue", event: "Event" };

export function SearchBox() {
  const router = useRouter();
  const listId = useId();
  const [text, setText] = useState("");
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const q = text.trim();
    // Shorter text shows no list (`expanded` below), so nothing to ask.
    if (q.length < MIN_CHARACTERS) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      const res = await requestJson<{ suggestions: Suggestion[] }>(`/api/search/suggest?q=${encodeURIComponent(q)}`, { signal: controller.signal });
      // A failed or aborted request leaves the list as it was: suggestions are a help, not the search.
      if (!res.ok || controller.signal.aborted) return;
      setSuggestions(res.data.suggestions);
      setActive(-1);
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text]);

  const expanded = open && suggestions.length > 0 && text.trim().length >= MIN_CHARACTERS;

  function pick(s: Suggestion) {
    setOpen(false);
    setActive(-1);
    router.push(s.href);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setOpen(true);
      if (suggestions.length > 0) setActive((i) => (i + 1) % suggestions.length);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setOpen(true);
      if (suggestions.length > 0) setActive((i) => (i <= 0 ? suggestions.length - 1 : i - 1));
    } else if (e.key === "Enter" && expanded && active >= 0 && suggestions[active]) {
      e.preventDefault();
      pick(suggestions[active]);
    } else if (e.key === "Escape") {
      if (expanded) {
        e.preventDefault();
        setOpen(false);
        setActive(-1);
      } else {
        setText("");
      }
    }
  }

  const optionId = (i: number) => `${listId}-option-${i}`;

  return (
    <Form action="/" role="search" className="relative w-full max-w-md" onSubmit={() => setOpen(false)}>
      <label htmlFor="site-search" className="sr-only">
        Search events
      </label>
      <svg viewBox="0 0 20 20" className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-zinc-400" aria-hidden="true">
        <path fill="currentColor" fillRule="evenodd" d="M9 3.5a5.5 5.5 0 1 0 3.36 9.86l3.64 3.64a.75.75 0 1 0 1.06-1.06l-3.64-3.64A5.5 5.5 0 0 0 9 3.5ZM5 9a4 4 0 1 1 8 0 4 4 0 0 1-8 0Z" clipRule="evenodd" />
      </svg>
      <input
        ref={inputRef}
        id="site-search"
        name="q"
        type="search"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        placeholder="Search artists, teams, events, venues"
        maxLength={100}
        autoComplete="off"
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        // Closing on blur waits for a click on an option to land first.
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
        className="h-10 w-full rounded-full border border-zinc-300 bg-zinc-50 pl-9 pr-4 text-sm text-zinc-900 outline-none transition placeholder:text-zinc-500 focus:border-brand-500 focus:bg-white focus:ring-2 focus:ring-brand-500/30 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-500 dark:focus:bg-zinc-900"
      />
      <ul
        id={listId}
        role="listbox"
        aria-label="Suggestions"
        hidden={!expanded}
        className="absolute inset-x-0 top-full z-40 mt-1 max-h-96 overflow-auto rounded-xl border border-zinc-200 bg-white py-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
      >
        {suggestions.map((s, i) => (
          <li
            key={`${s.kind}-${s.id}`}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            // mousedown, not click: it lands before the input's blur closes the list.
            onMouseDown={(e) => {
              e.preventDefault();
              pick(s);
            }}
            onMouseEnter={() => setActive(i)}
            className={`flex cursor-pointer flex-col px-4 py-2 text-sm ${i === active ? "bg-brand-50 dark:bg-brand-500/20" : ""}`}
          >
            <span className="font-medium text-zinc-900 dark:text-zinc-100">{s.label}</span>
            <span className="text-xs text-zinc-500 dark:text-zinc-400">
              {KIND_LABEL[s.kind]}
              {s.detail ? ` · ${s.detail}` : ""}
            </span>
          </li>
        ))}
      </ul>
      <p className="sr-only" aria-live="polite">
        {expanded ? `${suggestions.length} suggestions, use the arrow keys to choose` : ""}
      </p>
    </Form>
  );
}
