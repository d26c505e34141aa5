// The command line the installed hooks run. By default the absolute paths of this Node binary and
// of this package's bin/synapse.js: git hooks and editors started from a desktop often run without
// the shell's PATH, where a bare `synapse` is "not found"; `npx synapse` would need the package in
// every project and costs a registry check on each hook run. `--command` overrides it.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** This package's bin/synapse.js (this file is dist/src/cli/hooks/, four levels below the root). */
export function synapseScriptPath(): string {
  const script = fileURLToPath(new URL('../../../../bin/synapse.js', import.meta.url));
  try {
    return realpathSync(script);
  } catch {
    return script;
  }
}

/** `'/usr/bin/node' '/opt/synapse/bin/synapse.js'`, quoted only where the shell needs it. */
export function defaultHookExecutable(nodePath = process.execPath, scriptPath = synapseScriptPath()): string {
  return `${shellQuote(nodePath)} ${shellQuote(scriptPath)}`;
}

/** A word as POSIX sh reads it: bare when it is safe, else in single quotes. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
