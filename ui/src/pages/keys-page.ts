// Keys (admin): the tenant's API keys (GET /api/v1/keys), a new key shown once (POST), and revocation
// (DELETE /api/v1/keys/{id}) behind a second click.
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { callApi } from '../api.js';
import { ErrorNotice } from '../components/notice.js';
import { useApi } from '../components/use-api.js';
import { formatTime } from '../format.js';

interface ApiKey {
  id: string;
  name: string;
  role: string;
  tenant_id: string;
  key_prefix: string;
  created_at: string;
  revoked_at: string | null;
}

export function KeysPage() {
  const keys = useApi(() => callApi<{ keys: ApiKey[] }>('/api/v1/keys'), []);
  const [created, setCreated] = useState<(ApiKey & { key: string }) | null>(null);
  return html`<section aria-labelledby="keys-title">
    <header class="page-head"><h1 id="keys-title">API keys</h1></header>
    <${CreateKeyForm} onCreated=${(key: ApiKey & { key: string }) => { setCreated(key); keys.reload(); }} />
    ${created ? html`<${NewKey} created=${created} onDone=${() => setCreated(null)} />` : null}
    ${keys.error ? html`<${ErrorNotice} error=${keys.error} />` : null}
    ${keys.data ? html`<${KeyTable} keys=${keys.data.keys} onChanged=${keys.reload} />` : null}
  </section>`;
}

function CreateKeyForm({ onCreated }: { onCreated: (key: ApiKey & { key: string }) => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState('user');
  const [tenant, setTenant] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      onCreated(await callApi<ApiKey & { key: string }>('/api/v1/keys', { body: { name, role, ...(tenant ? { tenant_id: tenant } : {}) } }));
      setName('');
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  };
  return html`<form class="card inline" onSubmit=${submit} aria-labelledby="create-key-title">
    <h2 id="create-key-title" class="sr-only">Create a key</h2>
    <label class="grow">Name <input type="text" required maxLength="256" value=${name} onInput=${(event: Event) => setName((event.target as HTMLInputElement).value)} /></label>
    <label>Role
      <select value=${role} onChange=${(event: Event) => setRole((event.target as HTMLSelectElement).value)}>
        <option value="readonly">readonly</option><option value="user">user</option><option value="admin">admin</option>
      </select>
    </label>
    <label>Tenant (optional) <input type="text" value=${tenant} pattern="[A-Za-z0-9._\\-]+" onInput=${(event: Event) => setTenant((event.target as HTMLInputElement).value)} /></label>
    <button type="submit">Create key</button>
    ${error ? html`<${ErrorNotice} error=${error} />` : null}
  </form>`;
}

function NewKey({ created, onDone }: { created: ApiKey & { key: string }; onDone: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => box.current?.focus(), [created.id]);
  return html`<div class="notice success" role="alert" tabindex="-1" ref=${box} data-testid="new-key">
    <strong>Key "${created.name}" created. Copy it now: it is not shown again.</strong>
    <p><code class="secret" data-testid="new-key-value">${created.key}</code></p>
    <button type="button" onClick=${() => navigator.clipboard?.writeText(created.key).then(() => setCopied(true), () => {})}>${copied ? 'Copied' : 'Copy'}</button>
    <button type="button" onClick=${onDone}>I have stored it</button>
  </div>`;
}

function KeyTable({ keys, onChanged }: { keys: ApiKey[]; onChanged: () => void }) {
  return html`<table class="data" data-testid="keys-table">
    <caption>${keys.length} keys</caption>
    <thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Tenant</th><th scope="col">Prefix</th><th scope="col">Created</th><th scope="col">Status</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
    <tbody>${keys.map((key) => html`<${KeyRow} key=${key.id} apiKey=${key} onChanged=${onChanged} />`)}</tbody>
  </table>`;
}

function KeyRow({ apiKey, onChanged }: { apiKey: ApiKey; onChanged: () => void }) {
  const [armed, setArmed] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const revoke = async () => {
    if (!armed) return setArmed(true);
    try {
      await callApi(`/api/v1/keys/${encodeURIComponent(apiKey.id)}`, { method: 'DELETE' });
      onChanged();
    } catch (caught) {
      setError(caught);
      setArmed(false);
    }
  };
  return html`<tr data-key-name=${apiKey.name}>
    <th scope="row">${apiKey.name}</th>
    <td>${apiKey.role}</td>
    <td>${apiKey.tenant_id}</td>
    <td><code>${apiKey.key_prefix}…</code></td>
    <td>${formatTime(apiKey.created_at)}</td>
    <td>${apiKey.revoked_at ? html`<span class="pill revoked">revoked ${formatTime(apiKey.revoked_at)}</span>` : html`<span class="pill active">active</span>`}</td>
    <td>
      ${apiKey.revoked_at
        ? null
        : html`<button type="button" class="danger" onClick=${revoke} aria-label=${armed ? `Confirm: revoke ${apiKey.name}` : `Revoke ${apiKey.name}`}>${armed ? 'Confirm revoke' : 'Revoke'}</button>
            ${armed ? html`<button type="button" onClick=${() => setArmed(false)}>Cancel</button>` : null}`}
      ${error ? html`<${ErrorNotice} error=${error} />` : null}
    </td>
  </tr>`;
}
