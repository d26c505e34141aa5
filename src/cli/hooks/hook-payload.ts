// The JSON a coding agent passes to a hook on stdin (Claude Code's shape: session_id,
// transcript_path, cwd, hook_event_name, and per event source/reason/trigger).
import { readStdin, type CliIo } from '../cli-io.js';

export interface HookPayload {
  session_id?: string;
  transcript_path?: string;
  cwd?: string;
  hook_event_name?: string;
  /** SessionStart: startup | resume | clear | compact. */
  source?: string;
  /** SessionEnd: clear | logout | prompt_input_exit | other. */
  reason?: string;
  /** PreCompact: manual | auto. */
  trigger?: string;
}

/** Reads the payload; an empty or invalid stdin (e.g. a git hook) gives an empty payload. */
export async function readHookPayload(io: CliIo): Promise<HookPayload> {
  const text = (await readStdin(io)).trim();
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as HookPayload) : {};
  } catch {
    return {};
  }
}
