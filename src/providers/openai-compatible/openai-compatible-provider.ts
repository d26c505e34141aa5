// An OpenAI-compatible upstream (OpenAI, Azure OpenAI, Ollama, vLLM, Groq, ...): the provider key
// goes in `Authorization: Bearer`, paths are below a base URL that includes `/v1`.
import { HttpUpstream, type CredentialScheme, type HttpUpstreamOptions } from '../http/http-upstream.js';

const OPENAI_SCHEME: CredentialScheme = {
  kind: 'openai',
  credentialHeaders: (apiKey) => ({ authorization: `Bearer ${apiKey}` }),
  defaultHeaders: {},
  keyVariable: 'OPENAI_API_KEY',
};

export function openAiCompatibleProvider(options: HttpUpstreamOptions): HttpUpstream {
  return new HttpUpstream(options, OPENAI_SCHEME);
}
