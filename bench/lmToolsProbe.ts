/**
 * Runs INSIDE the VS Code extension host (as the harness's `extensionTestsPath`), in the
 * workspace of the bench's repository: asks the same questions through vscode.lm.invokeTool (the
 * registered Edgit tools, as chat asks them) and through a whole `edgit-deploy … --json` process
 * each time, interleaved, and writes the timings to the file named by EDGIT_BENCH_LM_TOOLS_OUT.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EdgitExtensionApi } from '../src/extension/extension';
import { LM_TOOLS_MOMENT, LM_TOOLS_PROBE_OUT, LM_TOOLS_RUNS, LmToolsProbeResult } from './lmToolsProbeProtocol';
import { timeInterleaved } from './stats';

const EXTENSION_ID = 'edgit-vscode.edgit-vscode';
const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

/** A whole CLI process with its output read; rejects on a non-zero exit. */
function cliProcess(args: readonly string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`edgit-deploy ${args.join(' ')} exited with ${code}: ${stderr.trim().slice(-500)}`))));
  });
}

/** One tool call as chat makes it (outside a chat session: no token), its text read. */
async function tool(name: string, input: Record<string, unknown>): Promise<void> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
  if (!result.content.length) throw new Error(`${name} answered nothing`);
}

export async function run(): Promise<void> {
  const out = process.env[LM_TOOLS_PROBE_OUT];
  const moment = process.env[LM_TOOLS_MOMENT];
  const [warmup, runs] = (process.env[LM_TOOLS_RUNS] ?? '1,5').split(',').map(Number);
  if (!out || !moment) throw new Error(`${LM_TOOLS_PROBE_OUT} and ${LM_TOOLS_MOMENT} must be set`);
  const extension = vscode.extensions.getExtension<EdgitExtensionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  const api = await extension.activate();
  await api.services.ready();
  const root = api.services.repositories()[0]?.root;
  if (!root) throw new Error('no repository in the workspace');

  const started = performance.now();
  await tool('edgit_status', {});
  const firstCallMs = performance.now() - started;
  const samples = await timeInterleaved(
    {
      cliStatus: () => cliProcess(['status', '--json'], root),
      toolStatus: () => tool('edgit_status', {}),
      cliAt: () => cliProcess(['at', moment, '--json'], root),
      toolAt: () => tool('edgit_at', { time: moment }),
      toolAtOne: () => tool('edgit_at', { time: moment, environment: 'production' }),
    },
    { warmup, runs },
  );
  const result: LmToolsProbeResult = { firstCallMs, samples };
  writeFileSync(out, JSON.stringify(result));
}
