import { PROTOCOL_VERSION, parsePageState } from '../../extension/timeline/protocol';
import type { BadVersionView, EventFilter, MomentView, PageState, RowView, TimelineState } from '../../extension/timeline/protocol';
import { PAGE_SIZE } from './paging';
import { rowMatches, words } from './textFilter';

/** The narrowest zoomed window. */
export const MIN_WINDOW_MS = 60 * 1000;

/**
 * How far either side of a moment picked on the whole history the timelines zoom: wide enough
 * that a release and its rollback 52 minutes later are each a readable, clickable stretch.
 */
export const PICK_ZOOM_HALF_MS = 3 * 60 * 60 * 1000;

export interface TimeWindow {
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * What the page keeps across hiding and reloads, read back with the controller's own parser
 * (parsePageState): a state it does not accept (an older page's, a damaged one) starts afresh.
 */
export function readKept(raw: unknown): Omit<PageState, 'v'> {
  return parsePageState(raw) ?? { atMs: null, filter: { environment: null, componentKey: null }, root: '', view: null };
}

/**
 * What the page knows and shows: the state the extension posted, the moment chosen (null: now),
 * the filter and the zoomed window. Renderers read it; the moment picker and the message
 * handlers change it.
 */
export class PageModel {
  /** null: follow "now". */
  atMs: number | null;
  filter: EventFilter;
  root: string;
  /** The zoomed window of the timelines; null: the whole span. */
  view: TimeWindow | null;
  state: TimelineState | null = null;
  moment: MomentView | null = null;
  busy = false;
  recreateSource: string | null = null;
  /** The text typed in the moment's filter box (#moment-filter). */
  findText = '';
  /** How many matching cells / timeline rows are drawn ("Show more" adds a page). */
  cellLimit = PAGE_SIZE;
  rowLimit = PAGE_SIZE;
  /**
   * How wide the tracks are (px), as the page's ResizeObserver last measured them (0: not yet).
   * Drawing reads this instead of the layout, so building the page forces no layout.
   */
  trackPx = 0;
  /** Which components led the timelines when they were last drawn (liftedSignature). */
  liftedShown = '';
  /** How many cells / timeline rows match the filters (drawn or not). */
  cellsMatching = 0;
  rowsMatching = 0;

  /** Rows whose segments were asked for (`componentKey\0environment`), so each is asked once per state. */
  private asked = new Set<string>();

  /** Whether to ask for this pending row's segments (true once per state). */
  askFor(r: RowView): boolean {
    const key = `${r.componentKey}\0${r.environment}`;
    if (this.asked.has(key)) return false;
    this.asked.add(key);
    return true;
  }

  /** The versions marked bad, by `componentKey\0version`. */
  private bad = new Map<string, BadVersionView>();

  /** A new state: nothing asked for yet. */
  newState(next: TimelineState): void {
    this.state = next;
    this.asked.clear();
    this.bad = new Map((next.badVersions ?? []).map((b) => [`${b.componentKey}\0${b.version}`, b]));
  }

  /** The mark of a component's version, when it is marked bad. */
  badMark(componentKey: string, version: string | null): BadVersionView | undefined {
    return version === null ? undefined : this.bad.get(`${componentKey}\0${version}`);
  }

  /** Rows with their segments (answering needRows) take the place of the pending ones. */
  mergeRows(rows: readonly RowView[]): void {
    if (!this.state) return;
    const fresh = new Map(rows.map((r) => [`${r.componentKey}\0${r.environment}`, r]));
    this.state = { ...this.state, rows: this.state.rows.map((r) => (r.segmentsPending ? (fresh.get(`${r.componentKey}\0${r.environment}`) ?? r) : r)) };
  }

  /** Back to the first page of each list (the filter or the data changed). */
  firstPages(): void {
    this.cellLimit = PAGE_SIZE;
    this.rowLimit = PAGE_SIZE;
  }

  constructor(kept: Omit<PageState, 'v'>) {
    this.atMs = kept.atMs;
    this.filter = kept.filter;
    this.root = kept.root;
    this.view = kept.view ?? null;
  }

  kept(): PageState {
    return { v: PROTOCOL_VERSION, root: this.root, atMs: this.atMs, filter: this.filter, view: this.view };
  }

  /** The moment shown: the chosen one, else the state's "now". */
  currentMoment(): number {
    if (this.atMs !== null) return this.atMs;
    if (this.state) return this.state.nowMs;
    return Date.now();
  }

  /** The window the timelines and the slider show: the zoomed view within the span, else the span. */
  windowOf(): TimeWindow {
    if (!this.state) return { startMs: 0, endMs: 1 };
    const span = this.state.span;
    if (!this.view) return span;
    const startMs = Math.max(span.startMs, this.view.startMs);
    const endMs = Math.min(span.endMs, this.view.endMs);
    return endMs - startMs >= MIN_WINDOW_MS ? { startMs, endMs } : span;
  }

  /** Where `ms` falls in the window, 0..100. */
  pct(ms: number): number {
    if (!this.state) return 0;
    const { startMs, endMs } = this.windowOf();
    const p = ((ms - startMs) / (endMs - startMs)) * 100;
    return Math.max(0, Math.min(100, p));
  }

  /** The moment at `fraction` (0..1) of the window. */
  timeAt(fraction: number): number {
    const { startMs, endMs } = this.windowOf();
    return startMs + (endMs - startMs) * Math.max(0, Math.min(1, fraction));
  }

  /** Zooms to `halfMs` either side of `centerMs`, within the history's span (the whole span when it is narrower). */
  zoomAround(centerMs: number, halfMs: number): void {
    if (!this.state) return;
    const span = this.state.span;
    const width = Math.max(MIN_WINDOW_MS, 2 * halfMs);
    if (width >= span.endMs - span.startMs) {
      this.view = null;
      return;
    }
    const startMs = Math.max(span.startMs, Math.min(span.endMs - width, centerMs - width / 2));
    this.view = { startMs: Math.round(startMs), endMs: Math.round(startMs + width) };
  }

  passes(x: { readonly componentKey: string; readonly environment: string }): boolean {
    return (
      (this.filter.environment === null || x.environment === this.filter.environment) &&
      (this.filter.componentKey === null || x.componentKey === this.filter.componentKey)
    );
  }

  /** The timeline rows passing the selects (the prev/next buttons step through their moments). */
  visibleRows(): RowView[] {
    return this.state ? this.state.rows.filter((r) => this.passes(r)) : [];
  }

  /** The timeline rows passing the selects and the typed text. */
  matchingRows(): RowView[] {
    const needles = words(this.findText);
    return this.visibleRows().filter((r) => rowMatches(r, needles));
  }

  /** Every moment something moved, sorted: the prev/next buttons step through them. */
  changeMoments(): number[] {
    if (!this.state) return [];
    const set = new Set<number>();
    for (const r of this.visibleRows()) for (const s of r.segments) if (s.fromMs !== null) set.add(s.fromMs);
    for (const e of this.state.events) if (e.dated) set.add(e.atMs);
    return [...set].sort((a, b) => a - b);
  }
}
