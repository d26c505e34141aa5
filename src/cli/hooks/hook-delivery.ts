// How a hook hands over its milestone: first what earlier runs spooled (oldest first), then its
// own, under one idempotency key per milestone; when the gateway cannot take it, the milestone
// is spooled for the next hook run or `synapse sync`. Nothing here writes to stdout.
import type { Milestone, Synapse } from '../../sdk/index.js';
import type { CliIo } from '../cli-io.js';
import type { MilestoneSpool } from '../spool/milestone-spool.js';
import { drainSpool, storeOrSpool } from '../spool/spool-delivery.js';
import { newSpoolEntry } from '../spool/spool-entry.js';
import { isQuietHook, reportHookProblem } from './fail-open.js';
import { hookSpool } from './hook-client.js';
import type { HookMilestone } from './milestone-writer.js';

/** The stored milestone, or undefined when it was spooled (and reported). */
export async function deliverHookMilestone(
  io: CliIo,
  event: string,
  client: Synapse,
  milestone: HookMilestone,
  signal: AbortSignal,
): Promise<Milestone | undefined> {
  const spool = hookSpool(io, client.baseUrl);
  const entry = newSpoolEntry(client.baseUrl, event, milestone, io.now());
  const stoppedBy = await deliverSpooled(io, event, client, spool, signal);
  if (stoppedBy === undefined) {
    const outcome = await storeOrSpool(client, spool, entry, signal);
    if ('stored' in outcome) return outcome.stored;
    if ('spooled' in outcome) await reportSpooled(io, event, spool, outcome.spooled);
    else await reportHookProblem(io, event, `could not store its milestone: the gateway refused it (${outcome.rejected}); kept aside, see \`synapse status\`, retry with \`synapse sync\``);
    return undefined;
  }
  await spool.add(entry); // the gateway just failed: no second try within this run
  await reportSpooled(io, event, spool, stoppedBy);
  return undefined;
}

/**
 * Delivers what earlier runs spooled, reporting the outcome on stderr; returns why it stopped
 * early (the gateway is not taking milestones), if it did.
 */
export async function deliverSpooled(io: CliIo, event: string, client: Synapse, spool: MilestoneSpool, signal: AbortSignal): Promise<string | undefined> {
  const result = await drainSpool(client, spool, signal);
  if (result.delivered.length > 0 && !isQuietHook(event)) {
    io.stderr.write(`synapse: delivered ${plural(result.delivered.length, 'spooled milestone')} to ${client.baseUrl}\n`);
  }
  for (const { entry, reason } of result.rejected) {
    const { projectId, branchName } = entry.milestone;
    await reportHookProblem(io, event, `set aside a spooled milestone for ${projectId}/${branchName} that the gateway refused (${reason}); see \`synapse status\``);
  }
  return result.stoppedBy;
}

async function reportSpooled(io: CliIo, event: string, spool: MilestoneSpool, reason: string): Promise<void> {
  const waiting = (await spool.files()).filter((file) => file.state !== 'rejected').length;
  await reportHookProblem(
    io,
    event,
    `could not store its milestone (${reason}); spooled, ${plural(waiting, 'milestone')} waiting for the next hook run or \`synapse sync\``,
  );
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
