// Messages shown in place of content: an API error, or an API this gateway does not have.
import { html } from 'htm/preact';
import { ApiError } from '../api.js';

export function ErrorNotice({ error, feature }: { error: unknown; feature?: string }) {
  if (error instanceof ApiError && error.routeMissing) {
    return html`<div class="notice" role="status" data-testid="api-absent">
      <strong>${feature ?? 'This view'} is not available on this gateway.</strong>
      <p>The gateway answered that it has no such API (${error.message}). Update the gateway to a version with the request log and analytics API.</p>
    </div>`;
  }
  const message = error instanceof Error ? error.message : String(error);
  const forbidden = error instanceof ApiError && error.status === 403;
  return html`<div class="notice error" role="alert">
    <strong>${forbidden ? 'Not allowed' : 'Something went wrong'}</strong>
    <p>${message}</p>
  </div>`;
}
