// A tiny command layer over node:util parseArgs: each command declares its options, positionals
// and help text; `--help` works on every command and bad arguments become usage errors.
import { parseArgs } from 'node:util';
import type { CliIo } from './cli-io.js';
import { plural } from './output/plural.js';
import { UsageError } from './usage-error.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Shown in --help, e.g. `--limit N`. */
  placeholder?: string;
  description: string;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface CommandContext {
  values: OptionValues;
  positionals: string[];
  io: CliIo;
}

export interface CommandSpec {
  /** One or two words: `recall`, `branch create`. */
  name: string;
  summary: string;
  /** The arguments after the name, e.g. `NAME [--purpose TEXT]`. */
  args?: string;
  options?: Record<string, OptionSpec>;
  /** Minimum and maximum number of positionals (default none). */
  positionals?: [number, number];
  examples?: string[];
  run(context: CommandContext): Promise<number>;
}

const HELP: OptionSpec = { type: 'boolean', short: 'h', description: 'show this help' };

export async function runCommand(spec: CommandSpec, args: string[], io: CliIo): Promise<number> {
  const options = { ...spec.options, help: HELP };
  let parsed: { values: OptionValues; positionals: string[] };
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${commandHelp(spec)}`);
  }
  if (parsed.values.help) {
    io.stdout.write(commandHelp(spec));
    return 0;
  }
  const [min, max] = spec.positionals ?? [0, 0];
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    const wanted = min === max ? plural(min, 'argument') : `${min} to ${max} arguments`;
    throw new UsageError(`${spec.name} takes ${wanted}, got ${parsed.positionals.length}\n\n${commandHelp(spec)}`);
  }
  return spec.run({ values: parsed.values, positionals: parsed.positionals, io });
}

export function commandHelp(spec: CommandSpec): string {
  const lines = [`usage: synapse ${spec.name}${spec.args ? ' ' + spec.args : ''}`, '', spec.summary, ''];
  const entries = Object.entries({ ...spec.options, help: HELP }).map(([name, option]) => {
    const flag = `${option.short ? `-${option.short}, ` : '    '}--${name}${option.placeholder ? ' ' + option.placeholder : ''}`;
    return [flag, option.description + (option.multiple ? ' (repeatable)' : '')] as const;
  });
  const width = Math.max(...entries.map(([flag]) => flag.length));
  lines.push('options:');
  for (const [flag, description] of entries) lines.push(`  ${flag.padEnd(width)}  ${description}`);
  if (spec.examples?.length) lines.push('', 'examples:', ...spec.examples.map((example) => `  ${example}`));
  return lines.join('\n') + '\n';
}

/** Reads a string option. */
export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Reads a positive integer option, or throws a usage error naming it. */
export function intOption(values: OptionValues, name: string): number | undefined {
  const raw = stringOption(values, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new UsageError(`--${name} must be a non-negative integer, got '${raw}'`);
  return value;
}

export function listOption(values: OptionValues, name: string): string[] | undefined {
  const value = values[name];
  return Array.isArray(value) && value.length > 0 ? value : undefined;
}
