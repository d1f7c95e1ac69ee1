import * as vscode from 'vscode';

/** What changes a component tree: tag refs (loose or packed) and Edgit's own refs (deployment history). */
const WATCHED_GIT_PATHS = ['refs/tags/**', 'refs/edgit/**', 'packed-refs'] as const;

export const DEFAULT_DEBOUNCE_MS = 300;

/** What a burst of changes touched. */
export interface RefsChange {
  /** A ref under refs/edgit/ (the deployment history) was written. */
  readonly edgitRefs: boolean;
  /** Every path reported in the burst (files or folders, under the git directory). */
  readonly paths: readonly string[];
}

/**
 * Watches a repository's tag refs and calls `onChange` once per burst of changes (debounced).
 * While muted (our own tag writes), changes are ignored: the writer refreshes once itself.
 */
export class RefsWatcher implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private muted = 0;
  private edgitRefs = false;
  private paths = new Set<string>();

  constructor(
    gitDir: string,
    private readonly onChange: (change: RefsChange) => void,
    private readonly debounceMs = DEFAULT_DEBOUNCE_MS,
  ) {
    const base = vscode.Uri.file(gitDir);
    for (const glob of WATCHED_GIT_PATHS) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(base, glob));
      const changed = (uri: vscode.Uri) => this.changed(glob === 'refs/edgit/**', uri.fsPath);
      this.disposables.push(watcher, watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(changed));
    }
  }

  get isMuted(): boolean {
    return this.muted > 0;
  }

  mute(): void {
    this.muted++;
    this.cancel();
  }

  unmute(): void {
    this.muted = Math.max(0, this.muted - 1);
  }

  private changed(edgitRefs: boolean, path: string): void {
    if (this.muted) return;
    this.edgitRefs ||= edgitRefs;
    this.paths.add(path);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const change: RefsChange = { edgitRefs: this.edgitRefs, paths: [...this.paths] };
      this.cancel();
      this.onChange(change);
    }, this.debounceMs);
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.edgitRefs = false;
    this.paths = new Set();
  }

  dispose(): void {
    this.cancel();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
