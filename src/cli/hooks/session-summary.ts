// Turns a session digest into a milestone's text: extractive by default (the digest's own facts in
// plain sentences), or written by the LLM named in SYNAPSE_SUMMARY_MODEL through the gateway.
import type { Synapse } from '../../sdk/index.js';
import { plural } from '../output/plural.js';
import type { SessionDigest } from './transcript-digest.js';

const MAX_CONTRIBUTION = 10_000;

export function isEmptySession(digest: SessionDigest): boolean {
  return digest.userRequests.length === 0 && digest.toolCalls === 0;
}

/** The facts of the session, one section per kind, within the SPEC's 10,000 characters. */
export function extractiveContribution(digest: SessionDigest, heading: string): string {
  const lines = [`${heading}: ${countsOf(digest)}.`];
  if (digest.userRequests.length > 0) {
    lines.push('Requests:', ...digest.userRequests.slice(0, 10).map((r) => `- ${clip(oneLine(r), 300)}`));
  }
  if (digest.filesChanged.length > 0) lines.push(`Files changed: ${listed(digest.filesChanged, 40)}`);
  if (digest.commands.length > 0) lines.push(`Commands run: ${digest.commands.slice(0, 15).map((c) => '`' + clip(oneLine(c), 120) + '`').join('; ')}`);
  if (digest.commits.length > 0) lines.push(`Commits: ${digest.commits.join('; ')}`);
  if (digest.lastAssistantText) lines.push(`Outcome: ${clip(oneLine(digest.lastAssistantText), 800)}`);
  return clip(lines.join('\n'), MAX_CONTRIBUTION);
}

/** One line for cumulativeProgress. */
export function progressLine(digest: SessionDigest, at: string): string {
  const first = digest.userRequests[0] ? clip(oneLine(digest.userRequests[0]), 160) : 'session without requests';
  const files = digest.filesChanged.length > 0 ? ` (${plural(digest.filesChanged.length, 'file changed', 'files changed')})` : '';
  const commits = digest.commits.length > 0 ? `; committed ${digest.commits.map((c) => c.split(' ')[0]).join(', ')}` : '';
  return `- ${at.slice(0, 10)}: ${first}${files}${commits}`;
}

/**
 * The LLM's summary followed by the factual lists, or undefined when the model fails or answers
 * nothing (the caller then stores the extractive text).
 */
export async function llmContribution(
  client: Synapse,
  model: string,
  digest: SessionDigest,
  heading: string,
  signal: AbortSignal,
): Promise<string | undefined> {
  const facts = extractiveContribution(digest, heading);
  try {
    const completion = await client.chat.create(
      {
        model,
        temperature: 0,
        max_tokens: 400,
        messages: [
          {
            role: 'system',
            content:
              'You write the memory entry a coding agent leaves for the next session. In at most 120 words, say what ' +
              'this session did and where it left off. Use only facts from the notes; never invent files, results or plans.',
          },
          { role: 'user', content: facts },
        ],
      },
      { signal, maxRetries: 0 },
    );
    const text = completion.choices[0]?.message.content?.trim();
    if (!text) return undefined;
    const lists = facts.split('\n').filter((line) => /^(Files changed|Commits):/.test(line));
    return clip([`${heading}: ${text}`, ...lists].join('\n'), MAX_CONTRIBUTION);
  } catch {
    return undefined;
  }
}

function countsOf(digest: SessionDigest): string {
  const parts = [
    plural(digest.userRequests.length, 'request'),
    plural(digest.filesChanged.length, 'file changed', 'files changed'),
    plural(digest.commands.length, 'command'),
  ];
  if (digest.commits.length > 0) parts.push(plural(digest.commits.length, 'commit'));
  return parts.join(', ');
}

function listed(items: string[], max: number): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}
