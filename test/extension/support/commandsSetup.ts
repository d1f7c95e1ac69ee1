// Commands over repositories built for one test: a registry of their own (TestHost folders and
// settings) and the commands' real handlers and wiring (runCommand), inside the extension host.
import * as path from 'path';
import * as vscode from 'vscode';
import { CommandContext, CommandResult, createCommandContext, runCommand } from '../../../src/extension/commands';
import { RepositoryRegistry } from '../../../src/extension/repositoryRegistry';
import type { EdgitSettings } from '../../../src/extension/services';
import { DEFAULT_SETTINGS } from '../../../src/extension/settings';
import { TestRepo, tempDir } from '../../helpers/gitRepo';
import { TestHost } from './testHost';

export const EXTRACTION = 'components/prompts/extraction';
export const LIMITS = 'components/configs/limits';
export const EXTRACTION_FILE = 'components/prompts/extraction.md';
export const LIMITS_FILE = 'components/configs/limits.yaml';

/** workspaceState stand-in: the same Memento contract, kept in memory for one test. */
export class MemoryMemento implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, defaultValue?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : defaultValue;
  }
  update(key: string, value: unknown): Thenable<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
    return Promise.resolve();
  }
}

/**
 * A team repository pushed to a bare remote:
 * - prompts/extraction v1.0.0 (Jan), v1.1.0 (Feb), v1.2.0-rc.1 (Mar); production and staging at v1.1.0;
 * - configs/limits v1.0.0 (Jan), v1.1.0 (Feb); production at v1.1.0.
 * Environments are nested annotated tags on the version tag objects, as `edgit tag set` writes them.
 */
export function teamRepository(name = 'team', bareRemote?: TestRepo): { repo: TestRepo; remote: TestRepo } {
  const parent = tempDir(`edgit-commands-${name}-`);
  const remote = bareRemote ?? TestRepo.init(path.join(parent, 'remote.git'), { bare: true });
  const repo = TestRepo.init(path.join(parent, name));
  repo.clock = '2025-01-10T09:00:00Z';
  repo.commitFile(EXTRACTION_FILE, '# Extraction v1\n', 'Add extraction');
  repo.tagVersion(EXTRACTION, 'v1.0.0');
  repo.commitFile(LIMITS_FILE, 'max: 1\n', 'Add limits');
  repo.tagVersion(LIMITS, 'v1.0.0');
  repo.clock = '2025-02-20T09:00:00Z';
  repo.commitFile(EXTRACTION_FILE, '# Extraction v2\n', 'Extract totals');
  repo.tagVersion(EXTRACTION, 'v1.1.0');
  repo.commitFile(LIMITS_FILE, 'max: 2\n', 'Raise limits');
  repo.tagVersion(LIMITS, 'v1.1.0');
  repo.clock = '2025-03-01T09:00:00Z';
  repo.commitFile(EXTRACTION_FILE, '# Extraction v3 (rc)\n', 'Try a new prompt');
  repo.tagVersion(EXTRACTION, 'v1.2.0-rc.1');
  repo.clock = '2025-03-05T09:00:00Z';
  repo.setEnvLikeCli(EXTRACTION, 'production', 'v1.1.0');
  repo.setEnvLikeCli(EXTRACTION, 'staging', 'v1.1.0');
  repo.setEnvLikeCli(LIMITS, 'production', 'v1.1.0');
  repo.clock = null;
  repo.publishTo(remote);
  return { repo, remote };
}

export interface CommandsSetup {
  readonly repo: TestRepo;
  readonly remote: TestRepo;
  readonly host: TestHost;
  readonly registry: RepositoryRegistry;
  readonly ctx: CommandContext;
  /** Runs a command's handler through the same wrapper `vscode.commands.executeCommand` uses. */
  run<T extends object = Record<string, unknown>>(id: string, arg?: unknown): Promise<CommandResult<T>>;
  dispose(): void;
}

/** `remote`: the bare remote to publish to (a recording one), else a new one. */
export async function commandsSetup(settings: Partial<EdgitSettings> = {}, name?: string, bareRemote?: TestRepo): Promise<CommandsSetup> {
  const { repo, remote } = teamRepository(name, bareRemote);
  const log = vscode.window.createOutputChannel('Edgit command tests', { log: true });
  const host = new TestHost([repo.dir], true, { ...DEFAULT_SETTINGS, ...settings });
  const registry = new RepositoryRegistry(log, { host });
  await registry.start();
  await registry.ready();
  const ctx = createCommandContext(registry, new MemoryMemento());
  return {
    repo,
    remote,
    host,
    registry,
    ctx,
    run: (id: string, arg?: unknown) => runCommand(ctx, id, arg),
    dispose: () => {
      registry.dispose();
      host.dispose();
      log.dispose();
    },
  };
}

/** Narrows a result to `done`, failing with the result's message otherwise. */
export function expectDone<T extends object>(result: CommandResult<T>): T & { status: 'done' } {
  if (result.status !== 'done') throw new Error(`expected done, got ${JSON.stringify(result)}`);
  return result;
}
