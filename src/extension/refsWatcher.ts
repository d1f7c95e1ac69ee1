import * as vscode from 'vscode';

/** What changes a component tree: tag refs (loose or packed) and Edgit's own refs (deployment history). */
export const WATCHED_GIT_PATHS = ['refs/tags/**', 'refs/edgit/**', 'packed-refs'] as const;

export const DEFAULT_DEBOUNCE_MS = 300;

/**
 * Watches a repository's tag refs and calls `onChange` once per burst of changes (debounced).
 * While muted (our own tag writes), changes are ignored: the writer refreshes once itself.
 */
export class RefsWatcher implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private muted = 0;

  constructor(
    gitDir: string,
    private readonly onChange: () => void,
    private readonly debounceMs = DEFAULT_DEBOUNCE_MS,
  ) {
    const base = vscode.Uri.file(gitDir);
    for (const glob of WATCHED_GIT_PATHS) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(base, glob));
      const changed = () => this.changed();
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

  private changed(): void {
    if (this.muted) return;
    this.cancel();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onChange();
    }, this.debounceMs);
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.cancel();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
