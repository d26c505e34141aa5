// The dashboard's shell: sign-in, the navigation, and the page the hash names.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { whenSignedOut } from './api.js';
import { CachePage } from './pages/cache-page.js';
import { KeysPage } from './pages/keys-page.js';
import { MemoryPage } from './pages/memory-page.js';
import { OverviewPage } from './pages/overview-page.js';
import { RequestsPage } from './pages/requests-page.js';
import { SignInPage } from './pages/sign-in-page.js';
import { clearSession, loadSession, saveSession, type Session } from './session.js';
import { linkTo, readRoute } from './route.js';

const PAGES = [
  { page: 'overview', label: 'Overview', admin: false },
  { page: 'requests', label: 'Requests', admin: false },
  { page: 'cache', label: 'Cache', admin: true },
  { page: 'memory', label: 'Memory', admin: false },
  { page: 'keys', label: 'Keys', admin: true },
];

export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [route, setRoute] = useState(readRoute);
  useEffect(() => {
    const follow = () => setRoute(readRoute());
    window.addEventListener('hashchange', follow);
    whenSignedOut(() => setSession(null));
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  useEffect(() => {
    const current = PAGES.find((item) => item.page === route.page);
    document.title = `${current?.label ?? 'Not found'} · Synapse`;
  }, [route.page]);

  if (!session) {
    return html`<${SignInPage} onSignedIn=${(signedIn: Session) => { saveSession(signedIn); setSession(signedIn); }} />`;
  }
  const isAdmin = session.role === 'admin';
  const signOut = () => {
    clearSession();
    setSession(null);
  };
  return html`<a class="skip" href="#main">Skip to content</a>
    <header class="top">
      <span class="brand">Synapse</span>
      <nav aria-label="Dashboard">
        <ul>
          ${PAGES.filter((item) => isAdmin || !item.admin).map(
            (item) => html`<li><a href=${linkTo(item.page)} aria-current=${route.page === item.page ? 'page' : undefined}>${item.label}</a></li>`,
          )}
        </ul>
      </nav>
      <span class="muted small">signed in as ${session.role}</span>
      <button type="button" onClick=${signOut}>Sign out</button>
    </header>
    <main id="main" tabindex="-1">${renderPage(route.page, route.params, isAdmin)}</main>`;
}

function renderPage(page: string, params: URLSearchParams, isAdmin: boolean) {
  const needsAdmin = html`<div class="notice" role="status">This page needs an admin key.</div>`;
  switch (page) {
    case 'overview':
      return html`<${OverviewPage} />`;
    case 'requests':
      return html`<${RequestsPage} />`;
    case 'cache':
      return isAdmin ? html`<${CachePage} />` : needsAdmin;
    case 'memory':
      return html`<${MemoryPage} params=${params} />`;
    case 'keys':
      return isAdmin ? html`<${KeysPage} />` : needsAdmin;
    default:
      return html`<div class="notice" role="status">No such page. <a href=${linkTo('overview')}>Go to the overview</a>.</div>`;
  }
}
