import * as path from 'node:path';
import * as vscode from 'vscode';
import { EdgitError } from '../../engine';
import { fromEdgitUri } from '../documents';
import { EdgitRepository, EdgitServices } from '../services';

/**
 * What a command was invoked on, from any of its callers:
 * - a tree node `{ repository, component, environment?, version? }` (EnvironmentInfo / VersionInfo);
 * - plain arguments `{ repositoryRoot, componentKey, environment?, version? }` (status bar, tests,
 *   keybindings); componentKey may also be an id (`prompts/extraction`);
 * - an `edgit:` document URI (editor title menus), or a file URI (its repository only).
 * Missing parts are asked with quick picks by each command.
 */
export interface CommandTarget {
  readonly repository?: EdgitRepository;
  readonly componentKey?: string;
  readonly environment?: string;
  readonly version?: string;
  /** The raw argument object, for command-specific fields (reason, confirm, push…). */
  readonly args: Readonly<Record<string, unknown>>;
}

interface NodeLike {
  repository: EdgitRepository;
  component: { key: string };
  environment?: { name: string };
  version?: { version: string };
}

function isNodeLike(arg: unknown): arg is NodeLike {
  const a = arg as Partial<NodeLike> | undefined;
  return !!a && typeof a === 'object' && typeof a.repository?.root === 'string' && typeof a.component?.key === 'string';
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** The open repository at `root`, or an error that says how to open it. */
export function repositoryAt(services: EdgitServices, root: string): EdgitRepository {
  const wanted = path.resolve(root);
  const found = services.repositories().find((r) => path.resolve(r.root) === wanted);
  if (!found) {
    throw new EdgitError(`${root} is not an open Edgit repository.`, 'not-a-repository', 'Open its folder in VS Code (File › Add Folder to Workspace…).');
  }
  return found;
}

export function readTarget(services: EdgitServices, arg: unknown): CommandTarget {
  if (arg instanceof vscode.Uri) {
    const ref = fromEdgitUri(arg);
    if (ref) {
      return {
        repository: repositoryAt(services, ref.repo),
        componentKey: ref.component,
        environment: ref.kind === 'environment' ? ref.ref : undefined,
        version: ref.kind === 'version' ? ref.ref : undefined,
        args: { uri: arg },
      };
    }
    return { repository: services.repositoryFor(arg), args: { uri: arg } };
  }
  if (isNodeLike(arg)) {
    return {
      repository: arg.repository,
      componentKey: arg.component.key,
      environment: arg.environment?.name,
      version: arg.version?.version,
      args: arg as unknown as Record<string, unknown>,
    };
  }
  const a = arg && typeof arg === 'object' ? (arg as Record<string, unknown>) : {};
  const root = str(a.repositoryRoot);
  return {
    repository: root ? repositoryAt(services, root) : undefined,
    componentKey: str(a.componentKey),
    environment: str(a.environment),
    version: str(a.version),
    args: a,
  };
}

/** The only repository when there is exactly one (palette use in a single-repository workspace). */
export function onlyRepository(services: EdgitServices): EdgitRepository | undefined {
  const all = services.repositories();
  return all.length === 1 ? all[0] : undefined;
}
