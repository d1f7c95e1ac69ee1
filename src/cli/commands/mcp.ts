import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { McpServeOptions } from '../mcp/mcpServer';
import { MoveRunner } from '../../agentTools';
import { CliCommand, CliContext, flag, repository } from '../cliContext';

/** The server's module: its own bundle beside dist/cli.js, else (compiled, not bundled) beside this folder. */
function serverModule(): { serveMcp(options: McpServeOptions): Promise<void> } {
  const bundled = path.join(__dirname, 'mcpServer.js');
  const file = existsSync(bundled) ? bundled : path.join(__dirname, '..', 'mcp', 'mcpServer.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only by this command: no other command pays for the SDK
  return require(file) as { serveMcp(options: McpServeOptions): Promise<void> };
}

/** The version in the package.json above the bundle, for the server's name in the handshake. */
function packageVersion(): string {
  for (const dir of [path.join(__dirname, '..'), path.join(__dirname, '..', '..', '..', '..')]) {
    try {
      return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
    } catch {
      // not there: the next place
    }
  }
  return 'unknown';
}

/**
 * Moves run as the CLI's own commands (`--json --yes`: the person confirmed through the client
 * and the tool's confirmation word), in a process of this same CLI, so they take the same checks,
 * batch, atomic push and history as typed at a terminal.
 */
function cliMoveRunner(root: string, cli: string): MoveRunner {
  return (args) =>
    new Promise((resolve, reject) => {
      execFile(process.execPath, [cli, ...args, '--repo', root, '--json', '--yes'], { cwd: root, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(new Error(error.message));
        else resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      });
    });
}

export const mcpCommand: CliCommand = {
  name: 'mcp',
  usage: 'mcp [--allow-moves] [--repo DIR]',
  summary: 'serve the agent tools (status, at, changes, history, content, references, plan rollback) over stdio for MCP clients; --allow-moves adds rollback, partial rollback and mark bad, each confirmed',
  options: { 'allow-moves': { type: 'boolean' } },
  async run(ctx: CliContext): Promise<number> {
    const git = await repository(ctx);
    await serverModule().serveMcp({ git, allowMoves: flag(ctx, 'allow-moves'), runMove: cliMoveRunner(git.cwd, process.argv[1]), version: packageVersion() });
    return 0;
  },
};
