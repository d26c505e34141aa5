// Memory: projects -> branches -> milestone timeline, search across projects, and the
// intelligence "ask" box whose cited sources link to their milestones.
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import { callApi } from '../api.js';
import { ErrorNotice } from '../components/notice.js';
import { useApi } from '../components/use-api.js';
import { formatTime } from '../format.js';
import { linkTo } from '../route.js';
import { MemoryAsk, MemorySearch } from './memory-search.js';

export interface Milestone {
  milestoneId: string;
  projectId: string;
  branchName: string;
  branchPurpose: string;
  cumulativeProgress: string;
  thisContribution: string;
  sequenceNumber: number;
  agentId: string;
  agentType: string;
  kind: string;
  createdAt: string;
}
interface Project {
  projectId: string;
  name: string;
  milestoneCount: number;
  activeBranches: number;
}
interface Branch {
  branchName: string;
  parentBranch: string | null;
  purpose: string;
  status: string;
}

const base = (projectId: string) => `/api/v1/memory/projects/${encodeURIComponent(projectId)}`;

export function MemoryPage({ params }: { params: URLSearchParams }) {
  const projectId = params.get('project') ?? undefined;
  const branch = params.get('branch') ?? 'main';
  const milestoneId = params.get('milestone') ?? undefined;
  const projects = useApi(() => callApi<{ projects: Project[] }>('/api/v1/memory/projects'), []);
  return html`<section aria-labelledby="memory-title">
    <header class="page-head"><h1 id="memory-title">Memory</h1></header>
    <div class="grid two">
      <${MemorySearch} />
      <${MemoryAsk} />
    </div>
    <div class="memory-layout">
      <nav class="card" aria-labelledby="projects-title">
        <h2 id="projects-title">Projects</h2>
        ${projects.error ? html`<${ErrorNotice} error=${projects.error} />` : null}
        ${projects.data?.projects.length === 0 ? html`<p class="muted">No projects yet.</p>` : null}
        <ul class="list">
          ${projects.data?.projects.map(
            (project) => html`<li>
              <a href=${linkTo('memory', { project: project.projectId })} aria-current=${project.projectId === projectId ? 'page' : undefined}>${project.name}</a>
              <span class="muted"> ${project.milestoneCount} milestones</span>
            </li>`,
          )}
        </ul>
      </nav>
      ${projectId ? html`<${ProjectView} projectId=${projectId} branch=${branch} milestoneId=${milestoneId} />` : html`<p class="muted">Choose a project, search, or ask a question.</p>`}
    </div>
  </section>`;
}

function ProjectView({ projectId, branch, milestoneId }: { projectId: string; branch: string; milestoneId: string | undefined }) {
  const branches = useApi(() => callApi<{ branches: Branch[] }>(`${base(projectId)}/branches`), [projectId]);
  const timeline = useApi(
    () => callApi<{ milestones?: Milestone[] }>(`${base(projectId)}/recall`, { query: { view: 'branch', branch, limit: 200 } }),
    [projectId, branch],
  );
  return html`<div class="project">
    <nav class="card" aria-labelledby="branches-title">
      <h2 id="branches-title">Branches of ${projectId}</h2>
      ${branches.error ? html`<${ErrorNotice} error=${branches.error} />` : null}
      <ul class="list">
        ${branches.data?.branches.map(
          (item) => html`<li>
            <a href=${linkTo('memory', { project: projectId, branch: item.branchName })} aria-current=${item.branchName === branch ? 'page' : undefined}>${item.branchName}</a>
            <span class=${`pill ${item.status}`}>${item.status}</span>
            ${item.purpose ? html`<div class="muted small">${item.purpose}</div>` : null}
          </li>`,
        )}
      </ul>
    </nav>
    <div class="card">
      <h2>Timeline of ${branch}</h2>
      ${timeline.error ? html`<${ErrorNotice} error=${timeline.error} />` : null}
      ${timeline.data && !timeline.data.milestones?.length ? html`<p class="muted">No milestones on this branch.</p>` : null}
      <ol class="timeline" data-testid="timeline">
        ${timeline.data?.milestones?.map(
          (milestone) => html`<li class=${milestone.milestoneId === milestoneId ? 'selected' : ''}>
            <a href=${linkTo('memory', { project: projectId, branch, milestone: milestone.milestoneId })}>#${milestone.sequenceNumber} ${firstLine(milestone.thisContribution)}</a>
            <div class="muted small">${formatTime(milestone.createdAt)} · ${milestone.agentId} (${milestone.agentType})</div>
          </li>`,
        )}
      </ol>
    </div>
    ${milestoneId ? html`<${MilestoneDetail} projectId=${projectId} milestoneId=${milestoneId} />` : null}
  </div>`;
}

function MilestoneDetail({ projectId, milestoneId }: { projectId: string; milestoneId: string }) {
  const found = useApi(
    () => callApi<{ milestones: Milestone[] }>(`${base(projectId)}/recall`, { query: { view: 'milestone', milestoneId } }),
    [projectId, milestoneId],
  );
  const heading = useRef<HTMLHeadingElement>(null);
  const milestone = found.data?.milestones[0];
  useEffect(() => heading.current?.focus(), [milestone]);
  return html`<article class="card milestone" aria-labelledby="milestone-title" data-testid="milestone-detail">
    <h2 id="milestone-title" tabindex="-1" ref=${heading}>Milestone ${milestone ? `#${milestone.sequenceNumber}` : ''}</h2>
    ${found.error ? html`<${ErrorNotice} error=${found.error} />` : null}
    ${milestone
      ? html`<dl class="fields">
            <div><dt>Id</dt><dd><code>${milestone.milestoneId}</code></dd></div>
            <div><dt>Branch</dt><dd>${milestone.branchName}</dd></div>
            <div><dt>Agent</dt><dd>${milestone.agentId} (${milestone.agentType})</dd></div>
            <div><dt>Time</dt><dd>${formatTime(milestone.createdAt)}</dd></div>
          </dl>
          <h3>This contribution</h3>
          <p class="prose" data-testid="milestone-contribution">${milestone.thisContribution}</p>
          ${milestone.cumulativeProgress ? html`<h3>Progress so far</h3><p class="prose">${milestone.cumulativeProgress}</p>` : null}`
      : null}
  </article>`;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 90 ? `${line.slice(0, 90)}…` : line;
}
