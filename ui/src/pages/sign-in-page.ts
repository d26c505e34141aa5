// Sign in: an API key is exchanged for a token (POST /api/v1/auth/token); the key is not kept.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { callApi } from '../api.js';
import { ErrorNotice } from '../components/notice.js';
import type { Session } from '../session.js';

export function SignInPage({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const token = await callApi<{ access_token: string; expires_in: number; role: Session['role'] }>('/api/v1/auth/token', { body: { api_key: apiKey } });
      onSignedIn({ token: token.access_token, role: token.role, expiresAt: Date.now() + token.expires_in * 1000 });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return html`<main class="sign-in">
    <form class="card" onSubmit=${submit} aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Synapse dashboard</h1>
      <label>API key <input type="password" name="api-key" autocomplete="off" required autofocus value=${apiKey} onInput=${(event: Event) => setApiKey((event.target as HTMLInputElement).value)} /></label>
      <button type="submit" disabled=${busy}>Sign in</button>
      <p class="muted small">The key is exchanged for a token that lasts until this tab is closed; the key itself is not stored.</p>
      ${error ? html`<${ErrorNotice} error=${error} />` : null}
    </form>
  </main>`;
}
