import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  BadMarks,
  ComponentFiles,
  DeploymentHistory,
  ComponentName,
  DriftKind,
  Git,
  ReadProblem,
  ReceiptLog,
  RepositorySnapshot,
  badMarks,
  checkReceipts,
  cachedSnapshot,
  checkEvents,
  confirmSnapshot,
  joinProblems,
  refreshHistory,
  refreshReceipts,
  loadSnapshot,
  looseTagsOfPaths,
  readHistoryHead,
  refreshSnapshot,
  rememberedComponentNames,
  ReferenceIndex,
} from '../engine';
import { DriftCache } from './driftCache';
import { WorkspaceReferences } from './references/workspaceReferences';
import { RefsChange, RefsWatcher } from './refsWatcher';
import { EdgitRepository, EdgitSettings } from './services';

/**
 * File watchers start asynchronously (a few hundred ms): tags written in between are not reported.
 * This long after the watcher is made, tags read before then are checked once more.
 */
const WATCHER_SETTLE_MS = 2000;

/**
 * A first paint from the caches is confirmed against git this long after it (one listing, about
 * 200 ms of this thread at 65,000 tags): the first clicks on the painted tree do not wait for it.
 */
const CONFIRM_AFTER_FIRST_PAINT_MS = 1000;

/**
 * After a change read from the paths the watcher named alone, the whole listing is read this
 * much later, off the moment of the repaint: watchers can coalesce or drop events.
 */
const CONFIRM_AFTER_NAMED_READ_MS = 1500;

export interface WorkspaceRepositoryOptions {
  /** Top level of the working tree. */
  readonly root: string;
  /** The common git directory (shared by worktrees), absolute. */
  readonly gitDir: string;
  readonly log: vscode.LogOutputChannel;
  readonly settings: () => EdgitSettings;
  readonly debounceMs?: number;
}

/**
 * One git repository of the workspace: its snapshot (one `git for-each-ref` per refresh, never a
 * failed read cached), its drift against the configured remote (computed lazily in the
 * background), and a watcher on its tag refs.
 */
export class WorkspaceRepository implements EdgitRepository, vscode.Disposable {
  readonly root: string;
  readonly name: string;
  readonly gitDir: string;
  readonly git: Git;
  readonly files: ComponentFiles;

  private pending: Promise<RepositorySnapshot> | undefined;
  private latest: RepositorySnapshot | undefined;
  /** The generation `latest` was read in: older than `generation` after a refresh nobody has read since. */
  private latestGeneration = -1;
  /** Bumped by every refresh: a read started before it must not overwrite what came after. */
  private generation = 0;
  private readonly driftCache: DriftCache;
  /**
   * The history as read (`read`, with no tips when the repository has none) at `tips`, what
   * history() answers, and its bad marks, as known in `generation`.
   */
  private marks: { read: DeploymentHistory; tips: string; history: DeploymentHistory | undefined; marks: BadMarks; generation: number } | undefined;
  /** The deploy receipts as read (`read`) and as checked against `snapshot`, as known in `generation`. */
  private receiptsKnown: { read: ReceiptLog; snapshot: RepositorySnapshot; checked: ReceiptLog; generation: number } | undefined;
  /** The read in flight, shared by callers of the same generation and snapshot. */
  private receiptsReading: { generation: number; snapshot: RepositorySnapshot; promise: Promise<ReceiptLog> } | undefined;
  private readonly watcher: RefsWatcher;
  private readonly registryWatcher: vscode.FileSystemWatcher;
  private settleTimer: NodeJS.Timeout | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** Fires when a drift computation finishes with a different answer. */
  readonly onDidChangeDrift: vscode.Event<void>;
  /** How long the last re-read after an outside change took (ms), for measurements. */
  lastOutsideReloadMs: number | undefined;
  /** The component references of the ensembles and agents (YAML), indexed when first asked for. */
  readonly referenceIndex: WorkspaceReferences;
  /** The references of some file changed (an edit, saved or not, a file created or deleted), or the index was (re)built. */
  readonly onDidChangeReferences: vscode.Event<void>;

  constructor(private readonly options: WorkspaceRepositoryOptions) {
    this.root = options.root;
    this.name = path.basename(options.root);
    this.gitDir = options.gitDir;
    this.git = new Git(options.root);
    this.git.knowCommonDir(options.gitDir);
    // Cache files are written a little after a refresh is painted, not while the user waits for it.
    this.git.caches.deferWrites();
    this.files = new ComponentFiles(this.git);
    this.driftCache = new DriftCache(this.git, () => this.snapshot(), () => options.settings().remote, options.log);
    this.onDidChangeDrift = this.driftCache.onDidChange;
    this.watcher = new RefsWatcher(options.gitDir, (change) => void this.reloadAfterOutsideChange(change), options.debounceMs);
    this.settleTimer = setTimeout(() => {
      this.settleTimer = undefined;
      this.checkForOutsideChanges();
    }, WATCHER_SETTLE_MS);
    this.registryWatcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(options.root), '.edgit/components.json'),
    );
    const forgetRegistry = () => this.files.invalidate();
    this.registryWatcher.onDidCreate(forgetRegistry);
    this.registryWatcher.onDidChange(forgetRegistry);
    this.registryWatcher.onDidDelete(forgetRegistry);
    this.referenceIndex = new WorkspaceReferences(
      options.root,
      () => ({ include: options.settings().referencesInclude, exclude: options.settings().referencesExclude }),
      options.log,
      this.git.caches,
    );
    this.onDidChangeReferences = this.referenceIndex.onDidChange;
  }

  /**
   * The component references in the repository's ensembles and agents (`edgit.references.include`
   * / `exclude`), built in the background on the first call, then kept up to date (unsaved editor
   * text included): the same object until the scope changes. Parsing only, no git; what each
   * file held is kept in the repository's cache files (written a little after the build).
   */
  references(): Promise<ReferenceIndex> {
    return this.referenceIndex.index();
  }

  snapshot(): Promise<RepositorySnapshot> {
    if (!this.pending) {
      const generation = this.generation;
      const read = this.read().then((snapshot) => {
        if (generation === this.generation) {
          this.latest = snapshot;
          this.latestGeneration = generation;
        }
        return snapshot;
      });
      // A failed read is never cached: the next call tries again.
      read.catch((e: unknown) => {
        if (this.pending === read) this.pending = undefined;
        this.options.log.warn(`Could not read the tags of ${this.root}: ${e instanceof Error ? e.message : String(e)}`);
      });
      this.pending = read;
    }
    return this.pending;
  }

  private firstPaintTried = false;
  private namesOffered = false;
  private confirmTimer: NodeJS.Timeout | undefined;

  /**
   * The first read paints from the caches alone (the listing read last time and the facts of its
   * objects, no git), then confirms against git a second later: the rows that differ are repainted.
   * Every later read asks git.
   */
  private async read(): Promise<RepositorySnapshot> {
    if (!this.firstPaintTried) {
      this.firstPaintTried = true;
      const cached = await cachedSnapshot(this.git).catch(() => undefined);
      if (cached) {
        this.confirmLater(CONFIRM_AFTER_FIRST_PAINT_MS);
        return cached;
      }
    }
    return loadSnapshot(this.git, { rememberListing: true });
  }

  /**
   * Before anything was read in this window: the components of the listing the caches remember,
   * by name alone (a first level painted without parsing an object). Undefined after the first
   * call, once a snapshot was read or asked for, or when nothing is remembered.
   */
  async rememberedComponentNames(): Promise<ComponentName[] | undefined> {
    // Offered once: a rebuild after that (the snapshot differs, or could not be read) reads the snapshot.
    if (this.namesOffered || this.latest || this.pending) return undefined;
    this.namesOffered = true;
    return rememberedComponentNames(this.git).catch(() => undefined);
  }

  /** The last snapshot read successfully, without reading (undefined before the first read). */
  peekSnapshot(): RepositorySnapshot | undefined {
    return this.latest;
  }

  async badMarks(): Promise<BadMarks> {
    return (await this.historyState()).marks;
  }

  async history(): Promise<DeploymentHistory | undefined> {
    return (await this.historyState()).history;
  }

  /**
   * The history and its bad marks. Every change of refs/edgit/ (ours, muted, or another tool's,
   * seen by the watcher) bumps the generation: until then what is known is current, and no git
   * runs for it; after, refreshHistory reads the history ref once and reads commits only when it
   * moved (the same history, extended in place, while it moves forward). The marks are computed
   * again only when the history changed.
   */
  private async historyState(): Promise<{ history: DeploymentHistory | undefined; marks: BadMarks }> {
    const known = this.marks;
    if (known?.generation === this.generation) return known;
    const generation = this.generation;
    const read = await refreshHistory(this.git, known?.read);
    const tips = read.tips.join(',');
    const state =
      known && known.read === read && known.tips === tips
        ? { ...known, generation }
        : { read, tips, history: read.tips.length ? read : undefined, marks: badMarks(read), generation };
    if (generation === this.generation) this.marks = state;
    return state;
  }

  /**
   * The deploy receipts (refs/edgit/receipts, ours and each remote's), checked against the tags.
   * Like the history: nothing runs until refs/edgit/ changes; then one listing of the receipts'
   * tips, and their commits read again only when a tip moved.
   */
  async receipts(): Promise<ReceiptLog> {
    const known = this.receiptsKnown;
    const snapshot = await this.snapshot();
    if (known?.generation === this.generation && known.snapshot === snapshot) return known.checked;
    // Callers at the same moment (the tree's rows, the skipped items) share one read.
    const reading = this.receiptsReading;
    if (reading?.generation === this.generation && reading.snapshot === snapshot) return reading.promise;
    const generation = this.generation;
    const promise = (async () => {
      const read = await refreshReceipts(this.git, known?.read);
      const checked = known && known.read === read && known.snapshot === snapshot ? known.checked : checkReceipts(read, snapshot);
      if (generation === this.generation) this.receiptsKnown = { read, snapshot, checked, generation };
      return checked;
    })();
    this.receiptsReading = { generation, snapshot, promise };
    promise.catch(() => undefined).finally(() => {
      if (this.receiptsReading?.promise === promise) this.receiptsReading = undefined;
    });
    return promise;
  }

  /** What the last skipped() found, without reading (undefined before it ran). */
  private lastSkipped: readonly ReadProblem[] | undefined;

  /**
   * What the readers skipped as unreadable or contradicting git: the snapshot's tags whose
   * objects could not be read in full, and the history's commits and events (checked against the
   * snapshot). Read from the current snapshot and history; nothing is written.
   */
  async skipped(): Promise<readonly ReadProblem[]> {
    const snapshot = await this.snapshot();
    const [history, receipts] = await Promise.all([this.history(), this.receipts().catch(() => undefined)]);
    if (history) checkEvents(history, snapshot);
    const skipped = joinProblems(snapshot.problems, history?.skipped ?? [], receipts?.skipped ?? []);
    this.lastSkipped = skipped;
    return skipped;
  }

  /** What skipped() last found (undefined before it ran). */
  peekSkipped(): readonly ReadProblem[] | undefined {
    return this.lastSkipped;
  }

  drift(): Promise<Map<string, DriftKind> | undefined> {
    return this.driftCache.get();
  }

  /** The drift known now (possibly stale), starting a background computation when it is missing or stale. */
  peekDrift(): Map<string, DriftKind> | undefined {
    return this.driftCache.peek();
  }

  refresh(options: { drift?: boolean } = {}): void {
    this.generation++;
    this.pending = undefined;
    this.driftCache.invalidate(options.drift === true);
    this.changed.fire();
  }

  /** Forgets the drift only (e.g. the remote setting changed) and recomputes it in the background. */
  refreshDrift(): void {
    this.driftCache.invalidate(true);
  }

  async withMutedWatcher<T>(work: () => Promise<T>): Promise<T> {
    this.watcher.mute();
    try {
      return await work();
    } finally {
      this.watcher.unmute();
      this.refresh({ drift: true });
    }
  }

  /**
   * Reads the tags and the history ref again when something outside may have moved them unseen
   * (the window regained focus: the user may come back from a terminal; the watcher's first
   * seconds; file watchers coalesce or drop events): one names-and-ids listing, a repaint only of
   * what differs. Nothing before the first read, nothing during our own writes.
   */
  checkForOutsideChanges(): void {
    if (this.latest && !this.watcher.isMuted) void this.reloadAfterOutsideChange();
  }

  /**
   * The watcher saw tag refs change (`change`), or a check asks whether they did. Reads again
   * without dropping what is shown, and fires only when the tags really differ (late events from
   * our own muted writes then cost one read, no repaint) or when the deployment history under
   * refs/edgit/ changed (not in the snapshot).
   */
  private async reloadAfterOutsideChange(change?: RefsChange): Promise<void> {
    const shown = this.latest;
    if (!shown) {
      this.refresh();
      return;
    }
    const generation = this.generation;
    let next: RepositorySnapshot;
    let historyMoved = !!change?.edgitRefs;
    const started = performance.now();
    try {
      // When the watcher named loose tag files only (a `git tag -f`, a CLI move), those refs alone
      // are read, and the whole listing a little later: watchers can report a new loose ref's
      // folder rather than the ref, and coalesce or drop events. Otherwise one names-and-ids
      // listing; either way only the components of refs whose value differs are rebuilt. After a
      // refresh nobody read yet (our own writes), everything is read again.
      const named = change && this.latestGeneration === generation ? await looseTagsOfPaths(this.gitDir, change.paths) : undefined;
      next =
        this.latestGeneration !== generation
          ? await loadSnapshot(this.git, { rememberListing: true })
          : named
            ? await refreshSnapshot(this.git, shown, named)
            : await confirmSnapshot(this.git, shown);
      if (named) this.confirmLater(CONFIRM_AFTER_NAMED_READ_MS);
      // A check without a change (the window regained focus, a confirm timer, the settle check)
      // looks at the deployment history too: a bad mark or a record written unseen moves no tag.
      if (!change) historyMoved = await this.historyMovedUnseen();
      this.lastOutsideReloadMs = performance.now() - started;
    } catch {
      if (generation === this.generation) this.refresh();
      return;
    }
    if (generation !== this.generation) return;
    // The same object: no ref changed (late events of our own muted writes cost one listing, no repaint).
    if (!historyMoved && next === shown) return;
    this.generation++;
    this.latest = next;
    this.latestGeneration = this.generation;
    this.pending = Promise.resolve(next);
    this.driftCache.invalidate(false);
    this.changed.fire();
  }

  /** Whether the history ref is elsewhere than where the bad marks shown were read (false when none were read yet). */
  private async historyMovedUnseen(): Promise<boolean> {
    const seen = this.marks;
    if (!seen) return false;
    // What was read names the ref's commit as its one tip (no tip: there was no history ref).
    const seenHead = seen.read.tips.length === 1 ? seen.read.tips[0] : null;
    const head = await readHistoryHead(this.git).catch(() => seenHead);
    return head !== seenHead;
  }

  /** Reads the whole listing `ms` from now (one pending check at a time: a later request moves it). */
  private confirmLater(ms: number): void {
    if (this.confirmTimer) clearTimeout(this.confirmTimer);
    this.confirmTimer = setTimeout(() => {
      this.confirmTimer = undefined;
      this.checkForOutsideChanges();
    }, ms);
  }

  /** Writes the cache files whose writes were deferred (the window closing: what was learnt is not lost). */
  flushCaches(): Promise<void> {
    return this.git.caches.flush();
  }

  dispose(): void {
    void this.flushCaches();
    if (this.settleTimer) clearTimeout(this.settleTimer);
    if (this.confirmTimer) clearTimeout(this.confirmTimer);
    this.watcher.dispose();
    this.registryWatcher.dispose();
    this.driftCache.dispose();
    this.referenceIndex.dispose();
    this.changed.dispose();
  }
}
