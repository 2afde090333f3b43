import { useEffect, useState } from 'react';

/** The console's pages; the address is `/console/#/<page>[/<id>]`, so the server serves one file. */
export const PAGES = ['dashboard', 'settings', 'runs', 'users', 'tokens'] as const;
export type Page = (typeof PAGES)[number];

export interface Route {
  page: Page;
  id: string | undefined;
}

export function parseRoute(hash: string): Route {
  const [page, id] = hash.replace(/^#\/?/, '').split('/');
  const known = PAGES.find((candidate) => candidate === page);
  return { page: known ?? 'dashboard', id: known && id ? decodeURIComponent(id) : undefined };
}

export function hrefOf(page: Page, id?: string): string {
  return `#/${page}${id ? `/${encodeURIComponent(id)}` : ''}`;
}

export function navigate(page: Page, id?: string): void {
  window.location.hash = hrefOf(page, id);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}
