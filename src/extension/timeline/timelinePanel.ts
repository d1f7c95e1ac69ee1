import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  DeploymentHistory,
  DriftKind,
  EdgitError,
  ReceiptLog,
  RepositorySnapshot,
  isEdgitError,
  isRunUrl,
  validateEnvironmentName,
} from '../../engine';
import { CommandContext } from '../commands/commandContext';
import { COMMAND } from '../commands/commandIds';
import { reportError } from '../commands/reportError';
import type { Failed } from '../commands/results';
import { EdgitRepository, EdgitServices, historyOrEmpty } from '../services';
import {
  EventFilter,
  FromPage,
  PageState,
  RowView,
  TimelineState,
  ToPage,
  parseFromPage,
} from './protocol';
import { CompareOutcome, OpenedAt, RecreateOutcome, RecreatePrompts, compareWithNow, inputBoxPrompts, openContentAt, recreateAt } from './timelineActions';
import { newNonce, timelineHtml, webviewOptions } from './timelineHtml';
import { DEFAULT_RECREATE_TARGET, buildMoment, buildTimelineState, firstMessageState, knownComponents, knownEnvironments, rowsFor } from './timelineState';
import { toWire } from './momentWire';

export interface TimelineDeps {
  readonly services: EdgitServices;
  readonly extensionUri: vscode.Uri;
  /** The commands' context: the same move flow, last-batch memory and history bridge. */
  readonly commands: CommandContext;
}

interface Loaded {
  readonly snapshot: RepositorySnapshot;
  readonly history: DeploymentHistory;
  /** The deploy receipts; undefined when there are none or they cannot be read (the page then shows the tags alone). */
  readonly receipts: ReceiptLog | undefined;
  readonly repository: EdgitRepository;
}

const noop = (): void => undefined;

/**
 * What passed between the controller and its page, and what came of it: each message posted and
 * received, each message refused, each action's outcome, each load's timings. The panel keeps none
 * of it; whoever wants to watch (the extension-host tests, the benchmark's probe) listens.
 */
export type TimelineExchange =
  | { readonly posted: ToPage }
  | { readonly received: FromPage }
  | { readonly refused: string }
  | { readonly outcome: CompareOutcome | OpenedAt | RecreateOutcome | Failed }
  /** A deploy run's URL handed to the browser (openRun, after its checks). */
  | { readonly openedRun: string }
  /** Milliseconds of the last load (snapshot + history) and state build. */
  | { readonly timings: { readonly loadMs: number; readonly buildMs: number } };

const REFRESH_DEBOUNCE_MS = 150;

/**
 * The controller of one timeline panel (one repository): renders the HTML (no data in it), loads
 * the snapshot and the deployment history, posts the state, and acts on the page's requests after
 * checking each one. Reloads when the repository changes (repository.onDidChange).
 */
export class TimelinePanel implements vscode.Disposable {
  private repository: EdgitRepository | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private repositoryListener: vscode.Disposable | undefined;
  private loaded: Loaded | undefined;
  private loading: Promise<Loaded> | undefined;
  private stale = true;
  private generation = 0;
  private refreshTimer: NodeJS.Timeout | undefined;
  private atMs: number | null;
  private filter: EventFilter;
  /** Every row of the last state posted, with its segments (the first message leaves most out). */
  private fullRows = new Map<string, RowView>();
  /** The first state built while the page booted, with what it was built from (see prepare). */
  private prepared:
    | {
        snapshot: RepositorySnapshot;
        history: DeploymentHistory;
        receipts: ReceiptLog | undefined;
        historySize: number;
        atMs: number | null;
        filter: EventFilter;
        order: string;
        first: ReturnType<typeof firstMessageState>;
      }
    | undefined;
  private nonce = '';
  private readonly pending = new Set<Promise<unknown>>();
  private readonly closed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.closed.event;
  private isDisposed = false;
  private lastForcedRefresh = 0;

  /** How "Recreate in environment…" asks; tests replace it to answer without dialogs. */
  prompts: RecreatePrompts = inputBoxPrompts;

  /** How a deploy run's link is opened (the browser); tests replace it to open nothing. */
  openExternal: (uri: vscode.Uri) => Thenable<boolean> = (uri) => vscode.env.openExternal(uri);

  /** The last state posted (the moment "now" it was built at); undefined before the first. */
  private lastState: TimelineState | undefined;
  /** Whether the page has said `ready` since the panel opened. */
  private booted = false;
  private loadMs = 0;
  private readonly exchanged = new vscode.EventEmitter<TimelineExchange>();
  /** See TimelineExchange. */
  readonly onDidExchange = this.exchanged.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly root: string,
    repository: EdgitRepository | undefined,
    private readonly deps: TimelineDeps,
    kept?: PageState,
  ) {
    this.atMs = kept?.atMs ?? null;
    this.filter = kept?.filter ?? { environment: null, componentKey: null };
    panel.webview.options = webviewOptions(deps.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'edgit.svg');
    this.setRepository(repository);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => this.track(this.receive(raw))),
      panel.onDidDispose(() => this.dispose()),
      deps.services.onDidChangeRepositories(() => {
        // The registry may have rebuilt the repository objects (folders changed, trust granted).
        const again = deps.services.repositories().find((r) => path.resolve(r.root) === path.resolve(this.root));
        if (again && again !== this.repository) this.setRepository(again);
      }),
    );
    this.render();
    // Reads the tags and the history while the page boots: its `ready` then finds them read.
    if (this.repository) this.track(this.load().then((loaded) => this.prepare(loaded), noop));
  }

  /** Sets the HTML with a fresh nonce (the page boots and sends `ready`). */
  render(): void {
    this.nonce = newNonce();
    this.panel.webview.html = timelineHtml(this.panel.webview, this.deps.extensionUri, this.nonce);
  }

  /** Shows the panel for another repository object at the same root (or the first one). */
  setRepository(repository: EdgitRepository | undefined): void {
    this.repository = repository;
    this.repositoryListener?.dispose();
    const listeners = [repository?.onDidChange(() => this.scheduleRefresh()), driftSource(repository)?.onDidChangeDrift(() => this.driftChanged())];
    this.repositoryListener = vscode.Disposable.from(...listeners.filter((l): l is vscode.Disposable => !!l));
    this.panel.title = repository ? `Edgit Timeline: ${repository.name}` : 'Edgit Timeline';
    this.stale = true;
    if (this.lastState) this.scheduleRefresh();
  }

  /** The repository changed (tags or history): reload, and repaint when the page is showing. */
  private scheduleRefresh(): void {
    this.stale = true;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      if (!this.isDisposed && this.panel.visible) this.track(this.postState());
      // Hidden: the page is gone (retainContextWhenHidden false); it sends `ready` when shown again.
    }, REFRESH_DEBOUNCE_MS);
  }

  /** The drift against the remote was computed again: the moment's stale marks may change. */
  private driftChanged(): void {
    if (this.isDisposed || !this.panel.visible || !this.loaded || !this.lastState) return;
    const { snapshot, history, receipts } = this.loaded;
    const atMs = this.atMs ?? this.lastState.nowMs;
    this.track(this.post({ type: 'moment', moment: buildMoment(snapshot, history, atMs, this.deps.services.settings().environmentOrder, this.drift(), receipts) }));
  }

  /** The drift the repository knows now (never waits; undefined when it has none or cannot say). */
  private drift(): ReadonlyMap<string, DriftKind> | undefined {
    return driftSource(this.repository)?.peekDrift();
  }

  private track<T>(work: Promise<T>): void {
    const p = work.catch((e) => this.fail('Timeline', e));
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** Resolves once every message and refresh under way has been handled (tests). */
  async idle(): Promise<void> {
    while (this.pending.size || this.refreshTimer) {
      if (this.pending.size) await Promise.all([...this.pending]);
      else await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Filters the page's lists by this text, as typing it in the page's filter box does. */
  async findText(text: string): Promise<void> {
    await this.post({ type: 'findText', text });
  }


  private async post(message: ToPage): Promise<void> {
    if (this.isDisposed) return;
    if (message.type === 'state') this.lastState = message.state;
    this.exchanged.fire({ posted: message });
    await this.panel.webview.postMessage(toWire(message));
  }

  private requireRepository(): EdgitRepository {
    if (!this.repository) {
      throw new EdgitError(`${this.root || 'This repository'} is not open in this window.`, 'not-a-repository', 'Open its folder to see its deployment timeline.');
    }
    return this.repository;
  }

  /** The snapshot, the whole deployment history and the deploy receipts, read again only after a change. */
  private async load(): Promise<Loaded> {
    if (this.loaded && !this.stale) return this.loaded;
    if (this.loading) return this.loading;
    const repository = this.requireRepository();
    const generation = ++this.generation;
    this.stale = false;
    const started = performance.now();
    // Receipts that cannot be read leave the page as it was without them (the tree does the same).
    const receipts = repository.receipts().then(
      (log) => (log.size ? log : undefined),
      () => undefined,
    );
    this.loading = Promise.all([repository.snapshot(), historyOrEmpty(repository), receipts])
      .then(([snapshot, history, receipts]) => {
        const loaded = { snapshot, history, receipts, repository };
        if (generation === this.generation) {
          this.loaded = loaded;
          this.loadMs = performance.now() - started;
        }
        return loaded;
      })
      .catch((e) => {
        this.stale = true;
        throw e;
      })
      .finally(() => {
        if (generation === this.generation) this.loading = undefined;
      });
    return this.loading;
  }

  private async postState(): Promise<void> {
    if (!this.repository) {
      await this.post({ type: 'unavailable', message: `${this.root || 'The repository'} is not open in this window: open its folder to see its deployment timeline.` });
      return;
    }
    const { snapshot, history, receipts } = await this.load();
    const started = performance.now();
    const filter = this.checkedFilter(this.filter, snapshot, history) ?? { environment: null, componentKey: null };
    this.filter = filter;
    const order = this.deps.services.settings().environmentOrder;
    const prepared = this.prepared;
    this.prepared = undefined;
    const first =
      prepared &&
      prepared.snapshot === snapshot &&
      prepared.history === history &&
      prepared.receipts === receipts &&
      prepared.historySize === history.size &&
      prepared.atMs === this.atMs &&
      sameFilter(prepared.filter, filter) &&
      prepared.order === order.join('\n')
        ? prepared.first
        : this.buildFirst(snapshot, history, receipts, filter, order);
    this.fullRows = first.byKey;
    this.exchanged.fire({ timings: { loadMs: this.loadMs, buildMs: performance.now() - started } });
    await this.post({ type: 'state', state: first.state });
  }

  private buildFirst(snapshot: RepositorySnapshot, history: DeploymentHistory, receipts: ReceiptLog | undefined, filter: EventFilter, order: readonly string[]): ReturnType<typeof firstMessageState> {
    const repository = this.requireRepository();
    const state = buildTimelineState({
      repository: { name: repository.name, root: repository.root },
      snapshot,
      history,
      environmentOrder: order,
      atMs: this.atMs,
      filter,
      nowMs: Date.now(),
      drift: this.drift(),
      receipts,
    });
    return firstMessageState(state);
  }

  /**
   * Builds the first state while the page boots, for the moment and filter it was opened with:
   * its `ready` then finds it built (postState uses it when nothing it depends on changed).
   */
  private prepare({ snapshot, history, receipts }: Loaded): void {
    if (this.isDisposed || this.booted || !this.repository) return;
    const filter = this.checkedFilter(this.filter, snapshot, history);
    if (!filter) return;
    const order = this.deps.services.settings().environmentOrder;
    this.prepared = { snapshot, history, receipts, historySize: history.size, atMs: this.atMs, filter, order: order.join('\n'), first: this.buildFirst(snapshot, history, receipts, filter, order) };
  }

  /** A filter from the page: each part null, or a component / environment the repository knows. */
  private checkedFilter(filter: EventFilter, snapshot: RepositorySnapshot, history: DeploymentHistory): EventFilter | undefined {
    if (filter.componentKey !== null && !knownComponents(snapshot, history).some((c) => c.key === filter.componentKey)) return undefined;
    if (filter.environment !== null && !this.isKnownEnvironment(filter.environment, snapshot, history)) return undefined;
    return filter;
  }

  private isKnownEnvironment(name: string, snapshot: RepositorySnapshot, history: DeploymentHistory): boolean {
    try {
      validateEnvironmentName(name);
    } catch {
      return false;
    }
    return knownEnvironments(snapshot, history, []).includes(name);
  }

  private refuse(why: string): void {
    this.exchanged.fire({ refused: why });
    this.deps.services.log.warn(`Timeline: refused a message from the page: ${why}`);
  }

  /** Handles one message from the page (public so tests can play the page's part). */
  async receive(raw: unknown): Promise<void> {
    const message = parseFromPage(raw);
    if (!message) {
      this.refuse(`malformed ${JSON.stringify(raw)?.slice(0, 120)}`);
      return;
    }
    this.exchanged.fire({ received: message });
    await this.handle(message);
  }

  private async handle(message: FromPage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.booted = true;
        this.atMs = message.atMs;
        this.filter = message.filter; // checked against the repository in postState
        return this.postState();
      case 'refresh': {
        // At most one forced re-read a second, whatever the page sends.
        const now = Date.now();
        if (now - this.lastForcedRefresh < 1000) return;
        this.lastForcedRefresh = now;
        this.stale = true;
        this.repository?.refresh();
        return this.postState();
      }
      case 'needRows': {
        const rows = rowsFor(this.fullRows, message.rows);
        if (rows.length < message.rows.length) this.refuse(`${message.rows.length - rows.length} unknown row(s) asked for`);
        if (rows.length) await this.post({ type: 'rows', rows });
        return;
      }
      case 'setMoment': {
        this.atMs = message.atMs;
        if (!this.repository) return;
        const { snapshot, history, receipts } = await this.load();
        await this.post({ type: 'moment', moment: buildMoment(snapshot, history, message.atMs, this.deps.services.settings().environmentOrder, this.drift(), receipts) });
        return;
      }
      case 'fetchTags': {
        // The command shows its own progress and summary; the tags it moves repaint this page (onDidChange).
        if (!this.repository) return;
        await vscode.commands.executeCommand(COMMAND.fetchEnvironmentTags, { repositoryRoot: this.repository.root });
        return;
      }
      case 'openRun':
        return this.openRun(message.url);
      case 'setFilter': {
        if (!this.repository) return;
        const { snapshot, history } = await this.load();
        const filter = this.checkedFilter(message.filter, snapshot, history);
        if (!filter) return this.refuse(`unknown filter ${JSON.stringify(message.filter)}`);
        this.filter = filter;
        return this.postState();
      }
      case 'compareWithNow':
        return this.action('Compare with now', async (repository) => {
          this.stale = true; // compare what the tags say now
          const { snapshot, history } = await this.load();
          const outcome = await compareWithNow(repository, snapshot, history, message.atMs);
          this.exchanged.fire({ outcome });
          const skipped = outcome.skipped.length ? ` ${outcome.skipped.length} not compared (unknown then or gone).` : '';
          if (outcome.opened === 'nothing') return `Nothing differs between that moment and now for the known positions.${skipped}`;
          return `Compared ${outcome.entries.length} change${outcome.entries.length === 1 ? '' : 's'} with now.${skipped}`;
        });
      case 'openAt':
        return this.action('Open content at moment', async (repository) => {
          const { snapshot, history } = await this.load();
          if (!knownComponents(snapshot, history).some((c) => c.key === message.componentKey)) {
            this.refuse(`unknown component ${message.componentKey}`);
            return null;
          }
          if (!this.isKnownEnvironment(message.environment, snapshot, history)) {
            this.refuse(`unknown environment ${message.environment}`);
            return null;
          }
          const opened = await openContentAt(repository, snapshot, history, message.atMs, message.componentKey, message.environment);
          this.exchanged.fire({ outcome: opened });
          return null;
        });
      case 'recreate':
        return this.action('Recreate', async (repository) => {
          const { snapshot, history } = await this.load();
          if (!this.isKnownEnvironment(message.sourceEnvironment, snapshot, history)) {
            this.refuse(`unknown environment ${message.sourceEnvironment}`);
            return null;
          }
          const outcome = await recreateAt(this.deps.commands, repository, message.atMs, message.sourceEnvironment, this.prompts, DEFAULT_RECREATE_TARGET);
          this.exchanged.fire({ outcome });
          if (outcome.status === 'cancelled') return null;
          if (outcome.status === 'failed') {
            await this.post({ type: 'status', level: 'error', message: outcome.message });
            return null;
          }
          this.stale = true;
          return `${outcome.moves.length} move${outcome.moves.length === 1 ? '' : 's'} in ${outcome.target} (batch ${outcome.batchId}${outcome.pushedTo ? `, pushed to ${outcome.pushedTo}` : ', local'}).`;
        });
      case 'rendered':
        return; // watched through onDidExchange (received)
      case 'cspViolation':
        this.deps.services.log.warn(`Timeline page: Content-Security-Policy blocked ${message.blocked || 'something'} (${message.directive})`);
        return;
    }
  }

  /**
   * Opens a deploy run in the browser: only an http(s) URL (the engine's isRunUrl, checked again
   * here) that a receipt of this repository names; anything else the page sends is refused.
   */
  private async openRun(url: string): Promise<void> {
    if (!isRunUrl(url)) return this.refuse(`a run that is not an http(s) URL: ${url.slice(0, 120)}`);
    if (!this.repository) return;
    const { receipts } = await this.load();
    if (!receipts?.all().some((r) => r.run === url)) return this.refuse(`a run no receipt names: ${url.slice(0, 120)}`);
    this.exchanged.fire({ openedRun: url });
    await this.openExternal(vscode.Uri.parse(url, true));
  }

  /** Runs a button's action with the page marked busy; its message (or error) goes to the page's status line. */
  private async action(what: string, work: (repository: EdgitRepository) => Promise<string | null>): Promise<void> {
    await this.post({ type: 'busy', busy: true, what });
    try {
      const done = await work(this.requireRepository());
      if (done) await this.post({ type: 'status', level: 'info', message: done });
    } catch (e) {
      await this.fail(what, e);
    } finally {
      await this.post({ type: 'busy', busy: false, what: null });
    }
  }

  private async fail(what: string, e: unknown): Promise<void> {
    const failed = reportError(this.deps.services, what, e);
    this.exchanged.fire({ outcome: failed });
    await this.post({ type: 'status', level: 'error', message: isEdgitError(e) ? e.userMessage : failed.message }).catch(() => undefined);
  }

  reveal(): void {
    this.panel.reveal();
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    this.repositoryListener?.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.closed.fire();
    this.closed.dispose();
    this.exchanged.dispose();
    this.panel.dispose();
  }
}

/** A repository that knows its drift against the remote (the workspace's do), else undefined. */
interface DriftSource {
  peekDrift(): ReadonlyMap<string, DriftKind> | undefined;
  readonly onDidChangeDrift: vscode.Event<void>;
}

function driftSource(repository: EdgitRepository | undefined): DriftSource | undefined {
  const r = repository as Partial<DriftSource> | undefined;
  return r && typeof r.peekDrift === 'function' && typeof r.onDidChangeDrift === 'function' ? (r as DriftSource) : undefined;
}

function sameFilter(a: EventFilter, b: EventFilter): boolean {
  return a.environment === b.environment && a.componentKey === b.componentKey;
}
