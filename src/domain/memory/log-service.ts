// The OTA trace: observation, thought and action entries appended to a branch's log, numbered per
// branch like milestones. Logging to a new branch creates it from main, as a store does.
import { SynapseError } from '../../errors.js';
import type { LogEntryRecord, LogPhase } from '../../stores/ports/memory-store.js';
import { isoTime, newLogEntryId } from './memory-ids.js';
import { MAIN_BRANCH, type MemoryContext } from './project-service.js';

export interface AppendLogInput {
  branchName?: string;
  agentId: string;
  phase: LogPhase;
  content: string;
}

export class LogService {
  constructor(private readonly ctx: MemoryContext) {}

  async appendLog(tenantId: string, projectId: string, input: AppendLogInput): Promise<LogEntryRecord> {
    const branchName = input.branchName ?? MAIN_BRANCH;
    const at = isoTime(this.ctx.now());
    const outcome = await this.ctx.store.appendLogEntry(
      { tenantId, entryId: newLogEntryId(), projectId, branchName, agentId: input.agentId, phase: input.phase, content: input.content, createdAt: at },
      {
        tenantId,
        projectId,
        branchName,
        parentBranch: MAIN_BRANCH,
        purpose: '',
        status: 'active',
        agentId: input.agentId,
        createdAt: at,
        abandonReason: null,
        mergedInto: null,
      },
    );
    switch (outcome.outcome) {
      case 'created':
        return outcome.entry;
      case 'project_missing':
        throw new SynapseError('not_found', { what: `project '${projectId}'` });
      case 'branch_missing':
        throw new SynapseError('not_found', { what: `branch '${branchName}' in project '${projectId}'` });
      case 'branch_closed':
        throw new SynapseError('branch_closed', { branchName, status: outcome.status });
    }
  }
}
