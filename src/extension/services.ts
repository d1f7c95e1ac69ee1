import * as vscode from 'vscode';
import { BadMarks, ComponentFiles, DeploymentHistory, DriftKind, Git, ReceiptLog, RepositorySnapshot } from '../engine';

/**
 * The contract between the extension's parts: one EdgitRepository per git repository of the
 * workspace that has Edgit tags, and the services every view and command uses.
 */
export interface EdgitRepository {
  /** Absolute path of the repository's top level. */
  readonly root: string;
  /** A display name (the folder name). */
  readonly name: string;
  readonly git: Git;
  readonly files: ComponentFiles;
  /** The current snapshot: cached until tags change; one `git for-each-ref` per refresh. */
  snapshot(): Promise<RepositorySnapshot>;
  /** Drift of every environment tag against the configured remote (by tag name), cached; undefined when there is no remote or it cannot be reached. */
  drift(): Promise<Map<string, DriftKind> | undefined>;
  /** Drops caches and fires onDidChange (debounced by the watcher, immediate when called). */
  refresh(options?: { drift?: boolean }): void;
  readonly onDidChange: vscode.Event<void>;
  /** Runs our own tag writes with the refs watcher muted, then refreshes once. */
  withMutedWatcher<T>(work: () => Promise<T>): Promise<T>;
  /** The bad marks in force in the deployment history, read again only when the history ref moved. */
  badMarks(): Promise<BadMarks>;
  /**
   * The deployment history (refs/edgit/history), read again only when its ref moved (the same
   * object, brought up to date in place); undefined when the repository has none.
   */
  history(): Promise<DeploymentHistory | undefined>;
  /** The deploy receipts (refs/edgit/receipts), checked against the tags; read again only when a receipts ref moved. */
  receipts(): Promise<ReceiptLog>;
}

/** The repository's one deployment history, or an empty one when it has none. */
export async function historyOrEmpty(repository: EdgitRepository): Promise<DeploymentHistory> {
  return (await repository.history()) ?? new DeploymentHistory();
}

export interface EdgitSettings {
  readonly remote: string;
  readonly pushMode: 'ask' | 'always' | 'never';
  readonly protectedEnvironments: readonly string[];
  readonly environmentOrder: readonly string[];
  /** The order a gradual rollback goes through (least critical first): after one step, the next is offered. */
  readonly rolloutOrder: readonly string[];
  readonly showLegacyTags: boolean;
  /** After a pushed move, how long to wait for a deploy receipt before saying none came (0: do not wait). */
  readonly deployWatchMinutes: number;
  /** How often to ask the remote for new receipts meanwhile (one `git ls-remote`). */
  readonly deployWatchPollSeconds: number;
  /** Globs of the YAML files whose component references are indexed (empty: Conductor's folders). */
  readonly referencesInclude: readonly string[];
  /** Globs of YAML files left out of the references. */
  readonly referencesExclude: readonly string[];
}

export interface EdgitServices {
  readonly log: vscode.LogOutputChannel;
  /** Repositories with Edgit tags (and git repositories without any, so welcome views can say so). */
  repositories(): readonly EdgitRepository[];
  /**
   * Resolves once the repositories of the current workspace folders are known (at once in an
   * untrusted workspace, where no git runs). `repositories()` is empty until then.
   */
  ready(): Promise<void>;
  /** The repository containing a file, if any. */
  repositoryFor(uri: vscode.Uri): EdgitRepository | undefined;
  settings(): EdgitSettings;
  readonly onDidChangeRepositories: vscode.Event<void>;
}
