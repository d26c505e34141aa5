// The Memory page's two question boxes: search (POST /api/v1/memory/search) and ask
// (POST /api/v1/memory/intelligence/query); every hit and cited source links to its milestone.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { callApi } from '../api.js';
import { ErrorNotice } from '../components/notice.js';
import { formatTime } from '../format.js';
import { linkTo } from '../route.js';
import type { Milestone } from './memory-page.js';

interface Source {
  milestoneId: string;
  projectId: string;
  branchName: string;
  excerpt: string;
  createdAt: string;
}
interface Answer {
  answer: string;
  sources: Source[];
  answeredBy: 'llm' | 'extractive';
  projectsSearched: string[];
}

const milestoneLink = (item: { projectId: string; branchName: string; milestoneId: string }) =>
  linkTo('memory', { project: item.projectId, branch: item.branchName, milestone: item.milestoneId });

export function MemorySearch() {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<(Milestone & { score: number })[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    try {
      const result = await callApi<{ milestones: (Milestone & { score: number })[] }>('/api/v1/memory/search', { body: { query, limit: 20 } });
      setFound(result.milestones);
      setError(null);
    } catch (caught) {
      setError(caught);
    }
  };
  return html`<form class="card" role="search" onSubmit=${submit} aria-labelledby="search-title">
    <h2 id="search-title">Search milestones</h2>
    <div class="inline">
      <label class="grow">Words to find <input type="search" required value=${query} onInput=${(event: Event) => setQuery((event.target as HTMLInputElement).value)} /></label>
      <button type="submit">Search</button>
    </div>
    ${error ? html`<${ErrorNotice} error=${error} />` : null}
    ${found
      ? html`<ul class="list results" aria-label="Search results" data-testid="search-results">
          ${found.length === 0 ? html`<li class="muted">Nothing found.</li>` : null}
          ${found.map(
            (milestone) => html`<li>
              <a href=${milestoneLink(milestone)}>${milestone.projectId} / ${milestone.branchName} #${milestone.sequenceNumber}</a>
              <div class="small">${milestone.thisContribution.slice(0, 160)}</div>
            </li>`,
          )}
        </ul>`
      : null}
  </form>`;
}

export function MemoryAsk() {
  const [question, setQuestion] = useState('');
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      setAnswer(await callApi<Answer>('/api/v1/memory/intelligence/query', { body: { question } }));
      setError(null);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="card" onSubmit=${submit} aria-labelledby="ask-title">
    <h2 id="ask-title">Ask the memory</h2>
    <div class="inline">
      <label class="grow">Question <input type="text" required value=${question} onInput=${(event: Event) => setQuestion((event.target as HTMLInputElement).value)} /></label>
      <button type="submit" disabled=${busy}>${busy ? 'Asking…' : 'Ask'}</button>
    </div>
    ${error ? html`<${ErrorNotice} error=${error} />` : null}
    ${answer
      ? html`<div aria-live="polite" data-testid="answer">
          <p class="prose">${withCitationLinks(answer)}</p>
          <p class="muted small">Answered by ${answer.answeredBy === 'llm' ? 'the configured model' : 'an extractive summary'} from ${answer.projectsSearched.length} project(s).</p>
          <h3>Sources</h3>
          <ol class="list sources" data-testid="sources">
            ${answer.sources.map(
              (source) => html`<li>
                <a href=${milestoneLink(source)}>${source.projectId} / ${source.branchName} · ${formatTime(source.createdAt)}</a>
                <div class="small">${source.excerpt}</div>
              </li>`,
            )}
          </ol>
        </div>`
      : null}
  </form>`;
}

/** The answer's citation marks ([2]) as links to the milestone they cite. */
function withCitationLinks(answer: Answer) {
  return answer.answer.split(/(\[\d+\])/).map((part) => {
    const source = /^\[(\d+)\]$/.test(part) ? answer.sources[Number(part.slice(1, -1)) - 1] : undefined;
    return source ? html`<a href=${milestoneLink(source)} aria-label=${`source ${part.slice(1, -1)}`}>${part}</a>` : part;
  });
}
