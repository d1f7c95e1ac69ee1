/**
 * The messages between the timeline panel's controller (extension host) and its page
 * (src/webview/timeline/, bundled into dist/webview/timeline.js). Both sides import these shapes
 * and both are type-checked against them (`npm run typecheck`), so a changed shape fails the build.
 *
 * Every string here may come from a tag message, a history reason or a person's name: the page
 * renders it with textContent only. Every message from the page is untrusted input: it goes
 * through parseFromPage (shape and bounds) and then the controller checks it against what it
 * knows (component keys, environment names) before acting.
 *
 * No `vscode`, no node, and types only from the engine's import-free segmentFacts.ts: the page's
 * build (src/webview/tsconfig.json, DOM types only) reads this file too. Moments travel as ms since the epoch; the page writes them in
 * its reader's time zone.
 */

import type { Evidence, SegmentFacts } from '../../engine/history/segmentFacts';

export type { Evidence };

export const TIMELINE_VIEW_TYPE = 'edgit.timeline';
export const PROTOCOL_VERSION = 1;


/** A sentence with moments in it: text, and moments (ms) the page writes in its reader's zone. */
export type TimedText = readonly (string | { readonly atMs: number })[];

/** One stretch of time an environment of a component spent at one position. */
export interface SegmentView extends SegmentFacts {
  /** When it got there (ms); null: before the history's knowledge, not known. */
  readonly fromMs: number | null;
  /** When it left (ms); null: still there. */
  readonly toMs: number | null;
  /** Short commit id (10), or null. */
  readonly commit: string | null;
  /**
   * The version's colour on the timelines: its rank among the versions this component's
   * environments held (lowest first), so a version has the same colour on every track of its
   * component and a new version changes no older one's. null: no version (a bare commit, absent).
   */
  readonly tone: number | null;
}

/** The horizontal timeline of one environment of one component. */
export interface RowView {
  readonly componentKey: string;
  readonly componentId: string;
  readonly environment: string;
  /** Oldest first; before the first one's fromMs nothing is known. */
  readonly segments: readonly SegmentView[];
  /** Older segments left out to keep the message small. */
  readonly omittedSegments: number;
  /**
   * True: the segments were left out of the first message (the row is past the first page the
   * page draws); the page asks for them with `needRows` when it draws the row.
   */
  readonly segmentsPending?: boolean;
  /**
   * The deploy receipts of this environment of this component (a deploy job's report that it
   * serves a position), oldest first, the newest RECEIPT_LIMIT (timelineState.ts); left out with the segments. Empty
   * where no deploy ever reported.
   */
  readonly receipts: readonly ReceiptView[];
}

/** One deploy receipt on a track: when a deploy reported the environment live at a position. */
export interface ReceiptView {
  readonly atMs: number;
  /** The version deployed, when known. */
  readonly version: string | null;
  /** Short commit id (10). */
  readonly commit: string;
  /** Who reported it (`Name <email>` of the deploy job). */
  readonly by: string;
  /** The deploy run: an http(s) URL the host checked (isRunUrl), or null. Opened only through `openRun`. */
  readonly run: string | null;
  readonly note: string | null;
  /** How long caches may still serve the previous position after atMs; null when not said. */
  readonly settlesInMs: number | null;
}

/**
 * What an environment served at the moment, as its deploy jobs reported it (the last receipt at
 * or before the moment), next to where its tag pointed then:
 * - `live`: the receipt is for the tag's position then (since: the receipt's moment);
 * - `pending`: the tag pointed elsewhere (since: when the tag moved there, when known); `version`
 *   and `commit` say what was last reported live, or null when nothing was yet;
 * - `reported`: where the tag pointed then is not known; the last receipt is all there is.
 * null on a cell whose environment had no receipt yet (teams that don't report see nothing).
 */
export interface ServedView {
  readonly state: 'live' | 'pending' | 'reported';
  readonly version: string | null;
  /** Short commit id, or null. */
  readonly commit: string | null;
  readonly sinceMs: number | null;
  /** The receipt it rests on (live, reported: that position's; pending: the last one), or null. */
  readonly receipt: ReceiptView | null;
  /** live: when caches certainly serve it (the receipt's settlesInMs after it), when said. */
  readonly settlesAtMs: number | null;
}

/** Identifies one row (component and environment). */
interface RowKey {
  readonly componentKey: string;
  readonly environment: string;
}

/** At most this many rows are asked for (and sent) in one `needRows` / `rows` exchange. */
export const ROWS_REQUEST_LIMIT = 1000;

export interface EventView {
  readonly atMs: number;
  /** False: `atMs` is only an upper bound (a move seen afterwards, undated). */
  readonly dated: boolean;
  readonly componentKey: string;
  readonly componentId: string;
  readonly environment: string;
  /** `v1.1.0`, a short commit, or `(none)`. */
  readonly from: string;
  readonly to: string;
  readonly by: string | null;
  readonly reason: string | null;
  readonly kind: 'recorded' | 'observed';
  readonly action: string;
  readonly batch: string;
}

/** What one environment of one component held at the chosen moment. */
export interface CellView {
  readonly componentKey: string;
  readonly componentId: string;
  /** The component's namespace (the table groups by it). */
  readonly namespace: string;
  readonly environment: string;
  readonly version: string | null;
  /** Short commit id, or null. */
  readonly commit: string | null;
  readonly evidence: Evidence;
  /** Whether it existed then; null when unknown. */
  readonly present: boolean | null;
  readonly sinceMs: number | null;
  readonly by: string | null;
  readonly reason: string | null;
  /** Why, in words, when the evidence is not an event (or for unknown: what is known). */
  readonly note: TimedText | null;
  /** Unknown but narrowed down: where it may have been. */
  readonly candidates: readonly string[];
  /** Where it is now (version or short commit; null: absent now). */
  readonly now: string | null;
  /** Known then, and now elsewhere. */
  readonly changedSince: boolean;
  /** The environment moved within a few hours (AROUND_MS) before or after the moment. */
  readonly movedAround: boolean;
  /** "Open content at T" can open something (a commit is known). */
  readonly canOpen: boolean;
  /** The version it held is marked bad (now, in the deployment history): who, when, why. */
  readonly bad: BadView | null;
  /** The local tag is not where the environment is: a move this clone has not fetched (null: nothing says so). */
  readonly stale: StaleView | null;
  /** What the environment served then, as its deploys reported it; null where no deploy reported (yet). */
  readonly served: ServedView | null;
}

/**
 * Why the local tag is stale. `history`: the deployment history has a later move of this
 * environment than the tag, and the tag is at a position that move left (the history arrived, the
 * tag was not fetched). `remote`: the remote's tag moved since the last sync (drift
 * `remote-moved` or `diverged`), which the history does not know.
 */
export interface StaleView {
  readonly source: 'history' | 'remote';
  /** Where the history says the environment is (version or short commit; null: unknown or absent). */
  readonly expected: string | null;
  /** Who made that move and when (from the history), when known. */
  readonly by: string | null;
  readonly atMs: number | null;
}

/** A version marked bad (in force now): the timelines draw every stretch at it red and hatched. */
export interface BadVersionView {
  readonly componentKey: string;
  readonly version: string;
  readonly by: string;
  readonly atMs: number;
  readonly reason: string | null;
}

export interface BadView {
  readonly by: string;
  readonly atMs: number;
  readonly reason: string | null;
}

export interface MomentView {
  readonly atMs: number;
  readonly cells: readonly CellView[];
  /** Counts by evidence, for the summary line. */
  readonly counts: Readonly<Record<Evidence, number>>;
  /** How many cells are known then and elsewhere now. */
  readonly changed: number;
}

export interface ComponentView {
  readonly key: string;
  readonly id: string;
  readonly namespace: string;
  readonly legacy: boolean;
}

export interface EventFilter {
  /** null: every environment. */
  readonly environment: string | null;
  /** null: every component. */
  readonly componentKey: string | null;
}

export interface TimelineState {
  readonly protocol: number;
  readonly repository: { readonly name: string; readonly root: string };
  /** When the state was computed (ms, extension host clock). */
  readonly nowMs: number;
  /** The history's span, for the slider and the timelines' scale. */
  readonly span: { readonly startMs: number; readonly endMs: number };
  /** In natural order of id (`c103` before `c1003`); the drop-down groups them by namespace. */
  readonly components: readonly ComponentView[];
  /** Every environment known (tags and history), in the configured order. */
  readonly environments: readonly string[];
  readonly rows: readonly RowView[];
  /** Newest first, filtered by `filter`, at most `eventLimit`. */
  readonly events: readonly EventView[];
  /** How many events match the filter (events may hold fewer). */
  readonly eventsTotal: number;
  readonly eventLimit: number;
  readonly filter: EventFilter;
  readonly moment: MomentView;
  /** Events in the history in all. */
  readonly historySize: number;
  /** What was skipped as unreadable or contradicting git (history commits, events, tags), each named. */
  readonly skipped: readonly { readonly where: string; readonly what: string }[];
  /** Where the recreate target defaults to. */
  readonly defaultTarget: string;
  /** The versions marked bad now (each component's), for the timelines. */
  readonly badVersions: readonly BadVersionView[];
  /** The environments some deploy receipt names (the legend shows receipts only when there are some). */
  readonly reportedEnvironments: readonly string[];
}

/** Controller → page. */
export type ToPage =
  | { readonly type: 'state'; readonly state: TimelineState }
  | { readonly type: 'moment'; readonly moment: MomentView }
  | { readonly type: 'busy'; readonly busy: boolean; readonly what: string | null }
  /** A failure or a result in words (shown in the page's status line). */
  | { readonly type: 'status'; readonly level: 'info' | 'error'; readonly message: string }
  /** The repository is not (or no longer) open. */
  | { readonly type: 'unavailable'; readonly message: string }
  /** The segments of rows the page asked for (needRows). */
  | { readonly type: 'rows'; readonly rows: readonly RowView[] }
  /** Puts this text in the page's filter box (#moment-filter) and filters by it, as typing does. */
  | { readonly type: 'findText'; readonly text: string };

/** What the page keeps with setState (survives hiding and reloads; read back by the serializer). */
export interface PageState {
  readonly v: number;
  readonly root: string;
  readonly atMs: number | null;
  readonly filter: EventFilter;
  /** The zoomed window of the timelines (page only); null or absent: the whole span. */
  readonly view?: { readonly startMs: number; readonly endMs: number } | null;
}

/** Page → controller. */
export type FromPage =
  /** The page booted (again); it sends what it had kept. */
  | { readonly type: 'ready'; readonly atMs: number | null; readonly filter: EventFilter }
  | { readonly type: 'setMoment'; readonly atMs: number }
  | { readonly type: 'setFilter'; readonly filter: EventFilter }
  | { readonly type: 'compareWithNow'; readonly atMs: number }
  | { readonly type: 'openAt'; readonly atMs: number; readonly componentKey: string; readonly environment: string }
  | { readonly type: 'recreate'; readonly atMs: number; readonly sourceEnvironment: string }
  | { readonly type: 'refresh' }
  /** "Fetch" (a stale local tag): runs Fetch Environment Tags (`edgit.fetchEnvironmentTags`) on this repository. */
  | { readonly type: 'fetchTags' }
  /**
   * A deploy receipt's run link was clicked: the host opens it in the browser (vscode.env.openExternal)
   * only when it is an http(s) URL (isRunUrl) that one of the repository's receipts names.
   */
  | { readonly type: 'openRun'; readonly url: string }
  /** The page is about to draw these rows, whose segments were left out of the first message. */
  | { readonly type: 'needRows'; readonly rows: readonly RowKey[] }
  /**
   * What the page drew (for tests and logs): how many rows, events and moment cells, and the
   * first rows of the state table and of the events as shown (their text and time tooltips).
   */
  | {
      readonly type: 'rendered';
      readonly rows: number;
      readonly events: number;
      readonly cells: number;
      readonly shown?: readonly ShownRow[];
      /** How many timeline rows and state cells match the filters (drawn or not: the lists draw a page at a time). */
      readonly rowsMatching?: number;
      readonly cellsMatching?: number;
      /** For measurements: how long the page took (ms) from receiving the message it answers to this report (decoding and drawing). */
      readonly workMs?: number;
      /** How many deploy receipt markers the timelines drew. */
      readonly receiptMarks?: number;
    }
  /** A Content-Security-Policy violation the page saw (should never happen). */
  | { readonly type: 'cspViolation'; readonly directive: string; readonly blocked: string };

/** One row as the page drew it (the `rendered` report). */
export interface ShownRow {
  /** `cell`: a row of the state table (text: its details column); `event`: a row of the events (text: its time). */
  readonly table: 'cell' | 'event';
  readonly componentKey: string;
  readonly environment: string;
  /** The visible text. */
  readonly text: string;
  /** The tooltip (title) of every moment written in the row's text, in order. */
  readonly times: readonly string[];
}

/** At most this many rows per table travel in a `rendered` report. */
export const SHOWN_ROWS_LIMIT = 20;

const MAX_TEXT = 300;
/** The longest run URL a receipt holds (the engine's bound, receipt.ts). */
const MAX_RUN_URL = 2048;
/** 8.64e15 ms is the largest moment a Date holds. */
const MAX_MS = 8.64e15;

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function moment(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_MS ? Math.floor(v) : undefined;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_TEXT ? v : undefined;
}

function nullableText(v: unknown): string | null | undefined {
  if (v === null || v === undefined) return null;
  return text(v);
}

/**
 * A run URL from the page: http(s)://, printable ASCII only, no space, within MAX_RUN_URL. (A
 * first check of its shape; the host checks it again with the engine's isRunUrl and against its
 * receipts before opening anything.)
 */
function runUrl(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length > MAX_RUN_URL || !/^https?:\/\/[\x21-\x7e]+$/i.test(v)) return undefined;
  return v;
}

function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 10_000_000 ? v : undefined;
}

function filterOf(v: unknown): EventFilter | undefined {
  if (v === undefined || v === null) return { environment: null, componentKey: null };
  if (!isRecord(v)) return undefined;
  const environment = nullableText(v.environment);
  const componentKey = nullableText(v.componentKey);
  if (environment === undefined || componentKey === undefined) return undefined;
  return { environment, componentKey };
}

function shownRows(v: unknown): ShownRow[] | undefined {
  if (!Array.isArray(v) || v.length > 2 * SHOWN_ROWS_LIMIT) return undefined;
  const out: ShownRow[] = [];
  for (const r of v) {
    if (!isRecord(r) || (r.table !== 'cell' && r.table !== 'event')) return undefined;
    const componentKey = text(r.componentKey);
    const environment = text(r.environment);
    const shownText = typeof r.text === 'string' && r.text.length <= MAX_TEXT ? r.text : undefined;
    const times = Array.isArray(r.times) && r.times.length <= 8 ? r.times.map(text) : undefined;
    if (!componentKey || !environment || shownText === undefined || !times || times.some((t) => t === undefined)) return undefined;
    out.push({ table: r.table, componentKey, environment, text: shownText, times: times as string[] });
  }
  return out;
}

/**
 * Checks the shape of a message from the page: known type, fields of the right types within
 * bounds, nothing else used. Returns undefined for anything else. It does not know the
 * repository: component keys and environment names are checked again by the controller.
 */
export function parseFromPage(raw: unknown): FromPage | undefined {
  if (!isRecord(raw) || typeof raw.type !== 'string') return undefined;
  switch (raw.type) {
    case 'ready': {
      const atMs = raw.atMs === null || raw.atMs === undefined ? null : moment(raw.atMs);
      const filter = filterOf(raw.filter);
      if (atMs === undefined || !filter) return undefined;
      return { type: 'ready', atMs, filter };
    }
    case 'setMoment':
    case 'compareWithNow': {
      const atMs = moment(raw.atMs);
      return atMs === undefined ? undefined : { type: raw.type, atMs };
    }
    case 'setFilter': {
      const filter = filterOf(raw.filter);
      return filter ? { type: 'setFilter', filter } : undefined;
    }
    case 'openAt': {
      const atMs = moment(raw.atMs);
      const componentKey = text(raw.componentKey);
      const environment = text(raw.environment);
      if (atMs === undefined || !componentKey || !environment) return undefined;
      return { type: 'openAt', atMs, componentKey, environment };
    }
    case 'recreate': {
      const atMs = moment(raw.atMs);
      const sourceEnvironment = text(raw.sourceEnvironment);
      if (atMs === undefined || !sourceEnvironment) return undefined;
      return { type: 'recreate', atMs, sourceEnvironment };
    }
    case 'refresh':
      return { type: 'refresh' };
    case 'fetchTags':
      return { type: 'fetchTags' };
    case 'openRun': {
      const url = runUrl(raw.url);
      return url ? { type: 'openRun', url } : undefined;
    }
    case 'needRows': {
      if (!Array.isArray(raw.rows) || raw.rows.length === 0 || raw.rows.length > ROWS_REQUEST_LIMIT) return undefined;
      const rows: RowKey[] = [];
      for (const r of raw.rows) {
        const componentKey = isRecord(r) ? text(r.componentKey) : undefined;
        const environment = isRecord(r) ? text(r.environment) : undefined;
        if (!componentKey || !environment) return undefined;
        rows.push({ componentKey, environment });
      }
      return { type: 'needRows', rows };
    }
    case 'rendered': {
      const rows = count(raw.rows);
      const events = count(raw.events);
      const cells = count(raw.cells);
      if (rows === undefined || events === undefined || cells === undefined) return undefined;
      const matching: { rowsMatching?: number; cellsMatching?: number; workMs?: number; receiptMarks?: number } = {};
      if (raw.workMs !== undefined) {
        if (typeof raw.workMs !== 'number' || !Number.isFinite(raw.workMs) || raw.workMs < 0) return undefined;
        matching.workMs = raw.workMs;
      }
      if (raw.rowsMatching !== undefined) {
        const n = count(raw.rowsMatching);
        if (n === undefined) return undefined;
        matching.rowsMatching = n;
      }
      if (raw.cellsMatching !== undefined) {
        const n = count(raw.cellsMatching);
        if (n === undefined) return undefined;
        matching.cellsMatching = n;
      }
      if (raw.receiptMarks !== undefined) {
        const n = count(raw.receiptMarks);
        if (n === undefined) return undefined;
        matching.receiptMarks = n;
      }
      if (raw.shown === undefined) return { type: 'rendered', rows, events, cells, ...matching };
      const shown = shownRows(raw.shown);
      return shown ? { type: 'rendered', rows, events, cells, shown, ...matching } : undefined;
    }
    case 'cspViolation': {
      const directive = typeof raw.directive === 'string' ? raw.directive.slice(0, MAX_TEXT) : '';
      const blocked = typeof raw.blocked === 'string' ? raw.blocked.slice(0, MAX_TEXT) : '';
      return { type: 'cspViolation', directive, blocked };
    }
    default:
      return undefined;
  }
}

/** Reads a page state kept by setState (the serializer hands it back after a reload): untrusted too. */
export function parsePageState(raw: unknown): PageState | undefined {
  if (!isRecord(raw) || raw.v !== PROTOCOL_VERSION) return undefined;
  const root = typeof raw.root === 'string' && raw.root.length > 0 && raw.root.length <= 4096 ? raw.root : undefined;
  const atMs = raw.atMs === null || raw.atMs === undefined ? null : moment(raw.atMs);
  const filter = filterOf(raw.filter);
  if (!root || atMs === undefined || !filter) return undefined;
  const v = isRecord(raw.view) ? raw.view : undefined;
  const startMs = moment(v?.startMs);
  const endMs = moment(v?.endMs);
  const view = startMs !== undefined && endMs !== undefined && startMs < endMs ? { startMs, endMs } : null;
  return { v: PROTOCOL_VERSION, root, atMs, filter, view };
}
