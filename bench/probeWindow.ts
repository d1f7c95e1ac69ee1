import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const HARNESS = path.resolve(__dirname, '..', '..', 'out', 'test', 'harness', 'runInCodeServer.js');

/**
 * One fresh code-server window on `workspace` running a probe (an extension-host test module) that
 * writes its result as JSON to the file named by the environment variable `outVariable` (and,
 * optionally, its step log next to it as `<file>.log`). Resolves with the parsed result and the log.
 */
export function runProbeWindow(workspace: string, probe: string, outVariable: string, extraArgs: readonly string[] = []): Promise<{ result: unknown; probeLog: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'edgit-bench-probe-'));
  const out = path.join(dir, 'result.json');
  return new Promise<{ result: unknown; probeLog: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [HARNESS, '--workspace', workspace, '--tests', probe, '--timeout', '300000', ...extraArgs], {
      env: { ...process.env, [outVariable]: out },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (output += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (output += s));
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        const probeLog = existsSync(`${out}.log`) ? readFileSync(`${out}.log`, 'utf8') : '(no probe log)';
        if (code !== 0 || !existsSync(out)) throw new Error(`the harness exited with ${code}:\n${output.trim().slice(-3000)}\n${probeLog}`);
        resolve({ result: JSON.parse(readFileSync(out, 'utf8')) as unknown, probeLog });
      } catch (e) {
        reject(e);
      }
    });
  }).finally(() => rmSync(dir, { recursive: true, force: true }));
}
