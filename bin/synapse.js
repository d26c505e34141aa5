#!/usr/bin/env node
// The `synapse` command: runs the compiled CLI (npm install builds it).
import { runCli } from '../dist/src/cli/main.js';

await runCli(process.argv.slice(2));
