import * as vscode from 'vscode';
import { DriftKind, Git, RepositorySnapshot, environmentDrift, resolveRemote } from '../engine';
import { DEFAULT_SETTINGS } from './settings';

export type DriftMap = Map<string, DriftKind>;

function sameDrift(a: DriftMap | undefined, b: DriftMap | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.size !== b.size) return false;
  for (const [tag, kind] of a) if (b.get(tag) !== kind) return false;
  return true;
}

/**
 * Drift of every environment tag against the configured remote (`git ls-remote`, so possibly
 * slow): computed lazily, one computation at a time, served from cache until invalidated.
 * Keys are tag names (`components/prompts/extraction/production`). `undefined` means there is
 * no remote or it could not be reached: never an empty map standing for a failure.
 */
export class DriftCache implements vscode.Disposable {
  private value: DriftMap | undefined;
  private known = false;
  private stale = true;
  private version = 0;
  private running: Promise<DriftMap | undefined> | undefined;
  private runningVersion = -1;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly git: Git,
    private readonly snapshot: () => Promise<RepositorySnapshot>,
    private readonly remoteSetting: () => string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The drift now: cached when fresh, else computed (after any computation already running). */
  get(): Promise<DriftMap | undefined> {
    if (this.known && !this.stale) return Promise.resolve(this.value);
    if (this.running && this.runningVersion === this.version) return this.running;
    const version = this.version;
    const previous = this.running ?? Promise.resolve(undefined);
    const run = previous
      .then(() => this.compute())
      .then((result) => {
        if (version === this.version) {
          // Unknown and "no remote" look the same: nothing to repaint when neither has drift.
          const differs = !sameDrift(this.value, result);
          this.value = result;
          this.known = true;
          this.stale = false;
          if (differs) this.changed.fire();
        }
        return result;
      });
    this.running = run;
    this.runningVersion = version;
    void run.then(() => {
      if (this.running === run) this.running = undefined;
    });
    return run;
  }

  /** What is known now, possibly stale; starts a background computation when needed. Never waits. */
  peek(): DriftMap | undefined {
    if (!this.known || this.stale) void this.get();
    return this.value;
  }

  /** Marks the drift stale; `eager` recomputes it now instead of when next asked. */
  invalidate(eager: boolean): void {
    this.version++;
    this.stale = true;
    if (eager) void this.get();
  }

  private async remote(): Promise<string | null> {
    const wanted = this.remoteSetting();
    try {
      return await resolveRemote(this.git, wanted);
    } catch {
      // The default names `origin`; a clone whose only remote has another name still has drift.
      return wanted === DEFAULT_SETTINGS.remote ? resolveRemote(this.git, null) : null;
    }
  }

  /** Never rejects: any failure is logged and answered with `undefined`. */
  private async compute(): Promise<DriftMap | undefined> {
    try {
      const snapshot = await this.snapshot();
      const remote = await this.remote();
      if (!remote) return undefined;
      const drift = await environmentDrift(this.git, snapshot, remote);
      return new Map(drift.map((d) => [d.ref.replace(/^refs\/tags\//, ''), d.kind]));
    } catch (e) {
      this.log.info(`No drift for ${this.git.cwd}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
