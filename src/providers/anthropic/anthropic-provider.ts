// The Anthropic API as an upstream: the provider key goes in `x-api-key`, every call carries an
// `anthropic-version` (the client's own when it sent one), and paths start at the root
// (`/v1/messages`), as Anthropic's SDKs read ANTHROPIC_BASE_URL.
import { HttpUpstream, type CredentialScheme, type HttpUpstreamOptions } from '../http/http-upstream.js';

export const DEFAULT_ANTHROPIC_BASE_URL = 'https://api.anthropic.com';
export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';

const ANTHROPIC_SCHEME: CredentialScheme = {
  kind: 'anthropic',
  credentialHeaders: (apiKey) => ({ 'x-api-key': apiKey }),
  defaultHeaders: { 'anthropic-version': DEFAULT_ANTHROPIC_VERSION },
  keyVariable: 'ANTHROPIC_API_KEY',
};

export function anthropicProvider(options: HttpUpstreamOptions): HttpUpstream {
  return new HttpUpstream(options, ANTHROPIC_SCHEME);
}
