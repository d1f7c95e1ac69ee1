import { PROTOCOL_VERSION } from '../../extension/timeline/protocol';
import type { EventFilter, MomentView, PageState, RowView, TimelineState } from '../../extension/timeline/protocol';
import { PAGE_SIZE } from './paging';
import { rowMatches, words } from './textFilter';

/** The narrowest zoomed window. */
export const MIN_WINDOW_MS = 60 * 1000;

export interface TimeWindow {
  readonly startMs: number;
  readonly endMs: number;
}

/** What the page keeps across hiding and reloads, read back defensively (an older page may have written it). */
export interface KeptState {
  readonly atMs: number | null;
  readonly filter: EventFilter;
  readonly root: string;
  readonly view: TimeWindow | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function readKept(raw: unknown): KeptState {
  const ok = isRecord(raw) && raw.v === PROTOCOL_VERSION;
  const s = ok ? raw : {};
  const f = isRecord(s.filter) ? s.filter : {};
  const v = isRecord(s.view) ? s.view : undefined;
  return {
    atMs: finite(s.atMs) ? s.atMs : null,
    filter: {
      environment: typeof f.environment === 'string' ? f.environment : null,
      componentKey: typeof f.componentKey === 'string' ? f.componentKey : null,
    },
    root: typeof s.root === 'string' ? s.root : '',
    view: v && finite(v.startMs) && finite(v.endMs) && v.startMs < v.endMs ? { startMs: v.startMs, endMs: v.endMs } : null,
  };
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

  /** A new state: nothing asked for yet. */
  newState(next: TimelineState): void {
    this.state = next;
    this.asked.clear();
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

  constructor(kept: KeptState) {
    this.atMs = kept.atMs;
    this.filter = kept.filter;
    this.root = kept.root;
    this.view = kept.view;
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
