// Watches what the real agent CLIs send: runs each pinned CLI against the capture server (twice
// with the same prompt, plus variants), saves the raw requests as JSONL and prints what differs.
// Usage: node dist/test/agent-clis/capture-agents.js [claude|codex ...] [--out DIR]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCaptureServer, type CapturedRequest } from './capture-server.js';
import { CLAUDE_CODE, CODEX, installCli } from './cli-install.js';
import { runClaude, runCodex, type CliRun } from './cli-runners.js';
import { describeDifference, diffJson } from './json-diff.js';

type RunVariant = { name: string; run: (binary: string, url: string, root: string) => Promise<CliRun> };

const PROMPT = 'Say hello';
const KEY = 'sk-test';

const CLAUDE_VARIANTS: RunVariant[] = [
  { name: 'run1', run: (bin, url, root) => runClaude(bin, { baseUrl: url, prompt: PROMPT, key: KEY, root }) },
  { name: 'run2', run: (bin, url, root) => runClaude(bin, { baseUrl: url, prompt: PROMPT, key: KEY, root }) },
  { name: 'auth-token', run: (bin, url, root) => runClaude(bin, { baseUrl: url, prompt: PROMPT, key: KEY, auth: 'token', root }) },
  { name: 'base-v1', run: (bin, url, root) => runClaude(bin, { baseUrl: `${url}/v1`, prompt: PROMPT, key: KEY, root }) },
];

const CODEX_VARIANTS: RunVariant[] = [
  { name: 'run1', run: (bin, url, root) => runCodex(bin, { baseUrl: `${url}/v1`, prompt: PROMPT, key: KEY, root }) },
  { name: 'run2', run: (bin, url, root) => runCodex(bin, { baseUrl: `${url}/v1`, prompt: PROMPT, key: KEY, root }) },
];

async function captureRun(outDir: string, label: string, binary: string, root: string, variant: RunVariant): Promise<CapturedRequest[]> {
  const logFile = join(outDir, `${label}-${variant.name}.jsonl`);
  writeFileSync(logFile, '');
  const server = await startCaptureServer({ logFile });
  try {
    const run = await variant.run(binary, server.url, root);
    writeFileSync(join(outDir, `${label}-${variant.name}.out.txt`), `exit ${String(run.code)} signal ${String(run.signal)} timedOut ${run.timedOut} ${run.ms} ms\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`);
    console.log(`${label} ${variant.name}: exit ${String(run.code)} in ${run.ms} ms, stdout ${JSON.stringify(run.stdout.trim().slice(0, 120))}`);
    for (const r of server.requests) console.log(`  ${r.method} ${r.url} -> ${r.answeredWith}`);
    return server.requests;
  } finally {
    await server.close();
  }
}

function reportDifferences(label: string, first: CapturedRequest[], second: CapturedRequest[]): string {
  const lines = [`# ${label}: run1 vs run2 (${first.length} and ${second.length} requests)`];
  for (let i = 0; i < Math.max(first.length, second.length); i++) {
    const a = first[i];
    const b = second[i];
    lines.push(`## request ${i}: ${a?.method ?? '-'} ${a?.url ?? '-'} | ${b?.method ?? '-'} ${b?.url ?? '-'}`);
    const headers = diffJson(a?.headers, b?.headers, 'headers');
    const body = diffJson(a?.body, b?.body, 'body');
    for (const d of [...headers, ...body]) lines.push(`  ${describeDifference(d)}`);
  }
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const outDir = outIndex === -1 ? '/tmp/agent-captures' : args[outIndex + 1]!;
  const which = args.filter((a, i) => !a.startsWith('--') && (outIndex === -1 || i !== outIndex + 1));
  const wanted = which.length > 0 ? which : ['claude', 'codex'];
  mkdirSync(outDir, { recursive: true });
  for (const label of wanted) {
    const cli = label === 'claude' ? CLAUDE_CODE : CODEX;
    const installed = await installCli(cli);
    console.log(`${cli.npmPackage}@${cli.version}: ${installed.binary}${installed.installMs !== undefined ? ` (installed in ${installed.installMs} ms)` : ' (cached)'}`);
    const variants = label === 'claude' ? CLAUDE_VARIANTS : CODEX_VARIANTS;
    // One root for every run: the CLIs put HOME and cwd paths in their prompts.
    const root = mkdtempSync(join(tmpdir(), `synapse-capture-${label}-`));
    const captured: CapturedRequest[][] = [];
    for (const variant of variants) captured.push(await captureRun(outDir, label, installed.binary, root, variant));
    rmSync(root, { recursive: true, force: true });
    const report = reportDifferences(label, captured[0]!, captured[1]!);
    writeFileSync(join(outDir, `${label}-diff.txt`), report);
    console.log(report);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
