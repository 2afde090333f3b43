import type { ReactNode } from 'react';
import type { ConsoleSession } from '../api/types';
import { hrefOf, type Page } from './use-route';

const NAVIGATION: { page: Page; label: string }[] = [
  { page: 'dashboard', label: 'Dashboard' },
  { page: 'settings', label: 'Directory Services' },
  { page: 'runs', label: 'Runs' },
  { page: 'users', label: 'Users' },
  { page: 'tokens', label: 'API tokens' },
];

export function Layout(props: {
  session: ConsoleSession;
  page: Page;
  onSignOut: () => Promise<void>;
  children: ReactNode;
}) {
  return (
    <div className="layout">
      <header className="topbar">
        <span className="brand">dirsync</span>
        <nav aria-label="Console">
          <ul>
            {NAVIGATION.map((item) => (
              <li key={item.page}>
                <a
                  href={hrefOf(item.page)}
                  aria-current={props.page === item.page ? 'page' : undefined}
                >
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span className="who">
          Signed in as <strong>{props.session.userName}</strong>
        </span>
        <button type="button" onClick={() => void props.onSignOut()}>
          Sign out
        </button>
      </header>
      <main className="content">{props.children}</main>
    </div>
  );
}
