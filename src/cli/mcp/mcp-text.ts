// The MCP tools' results as short text an agent reads at a glance (the full JSON goes alongside as
// structuredContent): one line per milestone, branch or log entry, long fields clipped.
import type { Branch, IntelligenceAnswer, LogEntry, MergeResult, Milestone, Project, RecallResponse, SearchResponse } from '../../sdk/index.js';
import { plural } from '../output/plural.js';
import { oneLine, truncate } from '../output/table.js';

const day = (iso: string): string => iso.slice(0, 16).replace('T', ' ');
const clip = (text: string, max: number): string => truncate(oneLine(text), max);

export function storedText(milestone: Milestone): string {
  return `Stored milestone #${milestone.sequenceNumber} (${milestone.milestoneId}) on ${milestone.projectId}/${milestone.branchName}.`;
}

export function loggedText(entry: LogEntry): string {
  return `Logged ${entry.phase} #${entry.sequenceNumber} (${entry.entryId}) on ${entry.projectId}/${entry.branchName}.`;
}

export function branchCreatedText(branch: Branch): string {
  return `Created branch ${branch.branchName} from ${branch.parentBranch ?? 'main'} in ${branch.projectId}${branch.purpose ? `: ${clip(branch.purpose, 200)}` : ''}.`;
}

export function mergedText(source: string, target: string, result: MergeResult): string {
  return `Merged ${source} into ${target}: ${plural(result.milestonesMerged, 'milestone')}, merge milestone ${result.mergeMilestoneId}. ${source} is closed.`;
}

export function projectsText(projects: Project[]): string {
  if (projects.length === 0) return 'No projects yet: store_milestone creates one on first use.';
  return [
    `${plural(projects.length, 'project')}:`,
    ...projects.map((p) => `- ${p.projectId} (${p.name}): ${plural(p.milestoneCount, 'milestone')}; active branches: ${p.activeBranches.join(', ') || 'none'}`),
  ].join('\n');
}

export function searchText(query: string, result: SearchResponse): string {
  if (result.milestones.length === 0) return `No milestones match "${clip(query, 100)}".`;
  return [`${plural(result.milestones.length, 'milestone')} match "${clip(query, 100)}":`, ...result.milestones.map((m) => milestoneLine(m, true))].join('\n');
}

export function answerText(answer: IntelligenceAnswer): string {
  const sources = answer.sources.map((s, i) => `[${i + 1}] ${s.projectId}/${s.branchName} ${s.milestoneId} (${day(s.createdAt)}): ${clip(s.excerpt, 160)}`);
  return [answer.answer.trim(), ...(sources.length > 0 ? ['', 'Sources:', ...sources] : [])].join('\n');
}

export function recallText(context: RecallResponse, branchName: string): string {
  const { project } = context;
  const lines: string[] = [];
  if (context.view === 'overview' || context.view === 'metadata') {
    lines.push(`Project ${project.projectId} (${project.name}): ${plural(project.milestoneCount, 'milestone')}.`);
    if (project.roadmap) lines.push(`Roadmap: ${clip(project.roadmap, 1_000)}`);
  }
  if (context.view === 'branch') {
    const latest = context.milestones?.[0];
    lines.push(`${project.projectId}/${branchName}: ${latest ? `latest ${plural(context.milestones!.length, 'milestone')}, newest first` : 'no milestones yet'}.`);
    if (latest?.branchPurpose) lines.push(`Purpose: ${clip(latest.branchPurpose, 500)}`);
    if (latest?.cumulativeProgress) lines.push(`Progress so far: ${clip(latest.cumulativeProgress, 1_500)}`);
  }
  if (context.view === 'milestone') {
    for (const m of context.milestones ?? []) {
      lines.push(`${m.milestoneId}: #${m.sequenceNumber} on ${m.projectId}/${m.branchName} by ${m.agentId}, ${day(m.createdAt)}`);
      lines.push(`Purpose: ${m.branchPurpose}`, `Progress: ${m.cumulativeProgress}`, `Contribution: ${m.thisContribution}`);
    }
    return lines.join('\n');
  }
  if (context.milestones?.length) lines.push(...context.milestones.map((m) => milestoneLine(m, false)));
  if (context.logEntries) {
    lines.push(context.logEntries.length > 0 ? `Log of ${branchName}, newest first:` : `The log of ${branchName} is empty.`);
    lines.push(...context.logEntries.map((e) => `- #${e.sequenceNumber} ${day(e.createdAt)} ${e.phase} by ${e.agentId}: ${clip(e.content ?? '', 300)}`));
  }
  if (context.branches?.length && context.view !== 'branch') {
    lines.push('Branches:', ...context.branches.map((b) => `- ${b.branchName} (${b.status})${b.purpose ? `: ${clip(b.purpose, 160)}` : ''}`));
  }
  if (context.view === 'metadata' && context.metadata !== undefined) lines.push(clip(JSON.stringify(context.metadata), 2_000));
  return lines.join('\n');
}

function milestoneLine(m: Milestone, withProject: boolean): string {
  const where = withProject ? ` ${m.projectId}/${m.branchName}` : '';
  return `- #${m.sequenceNumber}${where} ${day(m.createdAt)} by ${m.agentId}: ${clip(m.thisContribution, 300)} [${m.milestoneId}]`;
}
