// `synapse sync` (deliver what hooks spooled) and `synapse status` (the gateway, the cached token,
// what waits in the spool, the last hook problem): the agent side's state at a glance.
import { readEnvDefaults } from '../../sdk/env-options.js';
import { clientOptions, createClient } from '../agent-context.js';
import { printJson } from '../cli-io.js';
import { stringOption, type CommandSpec } from '../command.js';
import { plural } from '../hooks/hook-delivery.js';
import { relativeTime } from '../output/relative-time.js';
import { MilestoneSpool } from '../spool/milestone-spool.js';
import { readAgentStatus, type AgentStatus } from '../spool/agent-status.js';
import { drainSpool } from '../spool/spool-delivery.js';

export const spoolCommands: CommandSpec[] = [
  {
    name: 'sync',
    summary:
      'Deliver the milestones hooks spooled while the gateway could not take them, oldest first, each exactly once ' +
      '(by its idempotency key); milestones the gateway refused before are tried again.',
    options: clientOptions,
    examples: ['synapse sync', 'synapse sync --url http://gateway:8080 --json'],
    async run({ values, io }) {
      const client = createClient(io, values, { timeoutMs: 10_000, maxRetries: 2 });
      const spool = MilestoneSpool.forGateway(readEnvDefaults(io.env).cacheDir, client.baseUrl, io.now);
      const result = await drainSpool(client, spool, new AbortController().signal, { includeRejected: true });
      const files = await spool.files();
      const refused = files.filter((file) => file.state === 'rejected').length;
      // Claimed by another process that is delivering them now; from the same listing as `files`.
      const inFlight = (await spool.inFlight(files)).length;
      const waiting = files.length - refused - inFlight;
      if (values.json) {
        printJson(io, {
          gatewayUrl: client.baseUrl,
          delivered: result.delivered.map(({ entry, milestone }) => ({ idempotencyKey: entry.idempotencyKey, event: entry.event, milestone })),
          refused: result.rejected.map(({ entry, reason }) => ({ ...entry, reason })),
          ...(result.stoppedBy ? { stoppedBy: result.stoppedBy } : {}),
          waiting,
          inFlight,
          refusedWaiting: refused,
        });
      } else {
        for (const { entry, milestone } of result.delivered) {
          io.stdout.write(`delivered ${milestone.milestoneId} (#${milestone.sequenceNumber}) to ${entry.milestone.projectId}/${milestone.branchName}, spooled ${relativeTime(entry.spooledAt, io.now())} by ${entry.event}\n`);
        }
        for (const { entry, reason } of result.rejected) {
          io.stdout.write(`refused: ${entry.milestone.projectId}/${entry.milestone.branchName}, spooled ${relativeTime(entry.spooledAt, io.now())} by ${entry.event}: ${reason}\n`);
        }
        if (result.stoppedBy) io.stdout.write(`stopped: the gateway cannot take milestones now (${result.stoppedBy})\n`);
        io.stdout.write(syncSummary(client.baseUrl, result.delivered.length, waiting, refused, inFlight));
      }
      return waiting === 0 && refused === 0 ? 0 : 1;
    },
  },
  {
    name: 'status',
    summary:
      'Show the gateway and whether it answers, the cached token and when it expires, the milestones waiting in the ' +
      'spool (count and oldest), and the last problem a hook met.',
    options: clientOptions,
    examples: ['synapse status', 'synapse status --json'],
    async run({ values, io }) {
      const status = await readAgentStatus(io, stringOption(values, 'url'));
      if (values.json) printJson(io, status);
      else io.stdout.write(formatStatus(status, io.now()));
      return 0;
    },
  },
];

function syncSummary(url: string, delivered: number, waiting: number, refused: number, inFlight: number): string {
  if (delivered === 0 && waiting === 0 && refused === 0 && inFlight === 0) return `nothing to deliver: no milestones spooled for ${url}\n`;
  const parts = [`${plural(delivered, 'milestone')} delivered to ${url}`, `${waiting} waiting`];
  if (inFlight > 0) parts.push(`${inFlight} being delivered by another process`);
  if (refused > 0) parts.push(`${refused} refused by the gateway (see \`synapse status\`)`);
  return parts.join(', ') + '\n';
}

export function formatStatus(status: AgentStatus, now: number): string {
  const { gateway, token, spool } = status;
  const rows: Array<[string, string]> = [
    ['gateway', `${gateway.url}: ${gateway.answering ? `answering (${gateway.detail})` : `not answering (${gateway.detail})`}`],
    ['token', tokenLine(token, now)],
    ['spool', spoolLine(spool, now)],
  ];
  for (const refused of spool.refused) {
    rows.push(['refused', `${refused.projectId}/${refused.branchName}, spooled ${relativeTime(refused.spooledAt, now)} by ${refused.event}: ${refused.reason} (retry with \`synapse sync\`)`]);
  }
  if (status.lastProblem) rows.push(['last problem', `${relativeTime(status.lastProblem.at, now)}: ${status.lastProblem.message}`]);
  rows.push(['cache', status.cacheDir]);
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, text]) => `${label.padEnd(width)}  ${text}`).join('\n') + '\n';
}

function tokenLine(token: AgentStatus['token'], now: number): string {
  const expiry = token.expiresAt ? `expires ${relativeTime(token.expiresAt, now)} (${token.expiresAt})` : '';
  switch (token.source) {
    case 'cache':
      return `cached for SYNAPSE_API_KEY, ${expiry}`;
    case 'SYNAPSE_TOKEN':
      return token.expiresAt ? `SYNAPSE_TOKEN, ${expiry}` : 'SYNAPSE_TOKEN (used as is)';
    case 'none':
      return 'none cached: the next call exchanges SYNAPSE_API_KEY for one';
    case 'no-credentials':
      return 'no credentials: set SYNAPSE_API_KEY (or SYNAPSE_TOKEN)';
  }
}

function spoolLine(spool: AgentStatus['spool'], now: number): string {
  if (!spool.oldest) return `empty (${spool.dir})`;
  const { oldest } = spool;
  const what = oldest.projectId ? ` (${oldest.event} for ${oldest.projectId}/${oldest.branchName})` : '';
  return `${plural(spool.waiting, 'milestone')} waiting, oldest spooled ${relativeTime(oldest.spooledAt, now)}${what}; \`synapse sync\` delivers them`;
}
