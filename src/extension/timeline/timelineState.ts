import {
  BadMarks,
  DeploymentHistory,
  DriftKind,
  EnvironmentState,
  HistoryEvent,
  Receipt,
  ReceiptLog,
  RepositorySnapshot,
  StateAt,
  badMarks,
  checkEvents,
  compareVersions,
  componentStory,
  eventsBetween,
  isRunUrl,
  joinProblems,
  stateAt,
  tagIsBehindHistory,
} from '../../engine';
import { compareEnvironments } from '../tree/environmentOrder';
import { compareNatural, namespaceOf } from './naturalOrder';
import {
  BadVersionView,
  CellView,
  ComponentView,
  Evidence,
  EventFilter,
  EventView,
  MomentView,
  PROTOCOL_VERSION,
  ReceiptView,
  RowView,
  SegmentView,
  ServedView,
  StaleView,
  TimelineState,
} from './protocol';

/**
 * Builds what the timeline page shows from the engine's answers (snapshot + deployment history):
 * one row per component and environment (componentStory), the events newest first
 * (eventsBetween), and the state at the chosen moment (stateAt). Pure: no git, no vscode.
 */

/** At most this many events travel to the page (the newest); the page says how many matched. */
const EVENT_LIMIT = 500;
/** At most this many segments per row (the newest). */
const SEGMENT_LIMIT = 60;
/** At most this many deploy receipts per row (the newest). */
const RECEIPT_LIMIT = 60;
export const DEFAULT_RECREATE_TARGET = 'debug';

const DAY = 24 * 60 * 60 * 1000;

export interface TimelineInput {
  readonly repository: { readonly name: string; readonly root: string };
  readonly snapshot: RepositorySnapshot;
  readonly history: DeploymentHistory;
  readonly environmentOrder: readonly string[];
  /** The moment shown; null: now. */
  readonly atMs: number | null;
  readonly filter: EventFilter;
  readonly nowMs: number;
  /** The environment tags' drift against the remote (keys: tag names), when known. */
  readonly drift?: ReadonlyMap<string, DriftKind>;
  /** The deploy receipts, checked against the tags (EdgitRepository.receipts); none when absent. */
  readonly receipts?: ReceiptLog;
}

const short = (commit: string | null): string | null => (commit ? commit.slice(0, 10) : null);
const label = (version: string | null, commit: string | null): string => version ?? short(commit) ?? '(none)';
const ms = (iso: string | null): number | null => {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
};

/** Components in natural order: by id (`c103` before `c1003`), then by key. */
const compareComponents = (a: { key: string; id: string }, b: { key: string; id: string }): number => compareNatural(a.id, b.id) || compareNatural(a.key, b.key);

/** Every component the tags or the history know: key, id, namespace, legacy; in natural order of id, then key. */
export function knownComponents(snapshot: RepositorySnapshot, history: DeploymentHistory): ComponentView[] {
  const out = new Map<string, ComponentView>();
  for (const c of snapshot.components) out.set(c.key, { key: c.key, id: c.id, namespace: namespaceOf(c.id), legacy: c.legacy });
  for (const key of history.componentKeys()) {
    if (out.has(key)) continue;
    const first = history.environmentsOf(key).map((e) => history.timeline(key, e)[0]).find(Boolean);
    const id = first?.componentId ?? key.split('/').slice(-2).join('/');
    out.set(key, { key, id, namespace: namespaceOf(id), legacy: false });
  }
  return [...out.values()].sort(compareComponents);
}

/** Every environment name of the tags and the history, in the configured order. */
export function knownEnvironments(snapshot: RepositorySnapshot, history: DeploymentHistory, order: readonly string[]): string[] {
  const names = new Set<string>();
  for (const c of snapshot.components) for (const e of c.environments) names.add(e.name);
  for (const key of history.componentKeys()) for (const e of history.environmentsOf(key)) names.add(e);
  return [...names].sort(compareEnvironments(order));
}

/** A receipt as the page sees it: a run that is not an http(s) URL is never sent (the log skips such receipts already). */
function receiptView(r: Receipt): ReceiptView {
  return { atMs: r.atMs, version: r.version, commit: r.commit.slice(0, 10), by: r.by, run: r.run && isRunUrl(r.run) ? r.run : null, note: r.note, settlesInMs: r.settlesInMs };
}

function buildRows(snapshot: RepositorySnapshot, history: DeploymentHistory, order: readonly string[], receipts?: ReceiptLog): RowView[] {
  const compare = compareEnvironments(order);
  const rows: RowView[] = [];
  for (const c of knownComponents(snapshot, history)) {
    const story = componentStory(history, snapshot, c.key);
    const environments = [...story.environments].sort((a, b) => compare(a.name, b.name));
    // Each version's colour: its rank among the versions any environment of the component held.
    const versions = new Set<string>();
    for (const env of environments) for (const s of env.segments) if (s.present && s.version) versions.add(s.version);
    const tones = new Map([...versions].sort(compareVersions).map((v, i) => [v, i]));
    for (const env of environments) {
      const all: SegmentView[] = env.segments.map((s) => ({
        fromMs: ms(s.from),
        toMs: ms(s.to),
        version: s.version,
        commit: short(s.commit),
        present: s.present,
        who: s.who,
        why: s.why,
        evidence: s.evidence,
        action: s.action,
        tone: s.present && s.version ? (tones.get(s.version) ?? null) : null,
      }));
      const omitted = Math.max(0, all.length - SEGMENT_LIMIT);
      const reported = receipts ? receipts.receipts(c.key, env.name).slice(-RECEIPT_LIMIT).map(receiptView) : [];
      rows.push({ componentKey: c.key, componentId: story.id, environment: env.name, segments: omitted ? all.slice(omitted) : all, omittedSegments: omitted, receipts: reported });
    }
  }
  return rows;
}

function eventView(e: HistoryEvent): EventView {
  return {
    atMs: e.atMs,
    dated: e.dated,
    componentKey: e.componentKey,
    componentId: e.componentId,
    environment: e.environment,
    from: label(e.fromVersion, e.fromCommit),
    to: label(e.toVersion, e.toCommit),
    by: e.by,
    reason: e.reason,
    kind: e.kind === 'observed' ? 'observed' : 'recorded',
    action: e.action,
    batch: e.batch,
  };
}

/** The history's span: from the first known moment to now (a week back when nothing is dated). */
function spanOf(rows: readonly RowView[], history: DeploymentHistory, nowMs: number): { startMs: number; endMs: number } {
  let start = Infinity;
  for (const r of rows) for (const s of r.segments) if (s.fromMs !== null && s.fromMs < start) start = s.fromMs;
  for (const e of history.events) if (e.atMs < start) start = e.atMs;
  let end = nowMs;
  for (const e of history.events) if (e.atMs > end) end = e.atMs; // a clock ahead of ours
  if (!Number.isFinite(start)) start = end - 7 * DAY;
  if (end - start < 60_000) start = end - 60 * 60_000;
  return { startMs: start, endMs: end };
}

/** How far around the chosen moment a move makes its environment "changed around the moment". */
const AROUND_MS = 6 * 60 * 60 * 1000;

/** The component-environments (`key\0environment`) with an event within AROUND_MS of `atMs`. */
function movedAround(history: DeploymentHistory, atMs: number): Set<string> {
  const out = new Set<string>();
  for (const e of history.events) if (Math.abs(e.atMs - atMs) <= AROUND_MS) out.add(`${e.componentKey}\0${e.environment}`);
  return out;
}

/** The state at `atMs` of every component and environment, with where each is now and what each served (receipts). */
export function buildMoment(
  snapshot: RepositorySnapshot,
  history: DeploymentHistory,
  atMs: number,
  order: readonly string[],
  drift?: ReadonlyMap<string, DriftKind>,
  receipts?: ReceiptLog,
): MomentView {
  const firstReports = receipts?.size ? firstReportOf(receipts) : undefined;
  const servedOf = receipts && firstReports ? (key: string, s: EnvironmentState) => servedAt(receipts, firstReports, key, s, atMs) : undefined;
  return momentView(snapshot, stateAt(history, snapshot, atMs), order, badMarks(history), movedAround(history, atMs), (key, name) => staleTag(history, snapshot, key, name, drift), servedOf);
}

/** When a receipt first named each environment (of any component). */
function firstReportOf(receipts: ReceiptLog): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of receipts.all()) if (!out.has(r.environment)) out.set(r.environment, r.atMs);
  return out;
}

/**
 * What an environment of a component served at `atMs`, as its deploys reported it: the last
 * receipt at or before the moment, against where the tag pointed then (`s`, from stateAt). Live
 * when that receipt is for the tag's position then, pending when the tag pointed elsewhere (since
 * it moved there), `reported` when where the tag pointed is not known. null when no receipt had
 * named the environment yet (of any component: as the tree, an environment some deploy reports
 * says pending for a component never reported), or when the tag named no commit then. At now,
 * this is the tree's liveStateOf.
 */
function servedAt(receipts: ReceiptLog, firstReports: ReadonlyMap<string, number>, key: string, s: EnvironmentState, atMs: number): ServedView | null {
  const first = firstReports.get(s.name);
  if (first === undefined || first > atMs) return null;
  const r = receipts.latest(key, s.name, atMs);
  const receipt = r ? receiptView(r) : null;
  const settlesAtMs = r?.settlesInMs ? r.atMs + r.settlesInMs : null;
  if (s.evidence === 'unknown') return r ? { state: 'reported', version: r.version, commit: short(r.commit), sinceMs: r.atMs, receipt, settlesAtMs } : null;
  if (!s.present || !s.commit) return null;
  if (r && r.commit === s.commit) return { state: 'live', version: s.version ?? r.version, commit: short(r.commit), sinceMs: r.atMs, receipt, settlesAtMs };
  return { state: 'pending', version: r?.version ?? null, commit: r ? short(r.commit) : null, sinceMs: ms(s.since), receipt, settlesAtMs: null };
}

/** Drift kinds that say the remote's tag moved since the last sync (a fetch would bring it). */
const MOVED_ON_REMOTE: ReadonlySet<DriftKind> = new Set<DriftKind>(['remote-moved', 'diverged']);

/**
 * Whether the local tag of an environment is stale, and what says so: the history's last move
 * of it went elsewhere than the tag, from a position the tag is at (a history that arrived
 * without its tag), or else the remote's tag moved since the last sync.
 */
export function staleTag(history: DeploymentHistory, snapshot: RepositorySnapshot, key: string, name: string, drift?: ReadonlyMap<string, DriftKind>): StaleView | null {
  const env = snapshot.get(key)?.environments.find((e) => e.name === name);
  if (!env) return null;
  const timeline = history.timeline(key, name);
  const last = timeline[timeline.length - 1];
  if (last && last.toCommit !== env.commit && tagIsBehindHistory(history, key, env)) {
    return { source: 'history', expected: last.toCommit ? label(last.toVersion, last.toCommit) : null, by: last.by, atMs: last.dated ? last.atMs : null };
  }
  const kind = drift?.get(env.tag);
  if (kind && MOVED_ON_REMOTE.has(kind)) return { source: 'remote', expected: null, by: null, atMs: null };
  return null;
}

function momentView(
  snapshot: RepositorySnapshot,
  state: StateAt,
  order: readonly string[],
  marks?: BadMarks,
  moved?: ReadonlySet<string>,
  staleOf?: (key: string, environment: string) => StaleView | null,
  servedOf?: (key: string, s: EnvironmentState) => ServedView | null,
): MomentView {
  const compare = compareEnvironments(order);
  const counts: Record<Evidence, number> = { recorded: 0, 'unchanged-since': 0, observed: 0, unknown: 0 };
  const cells: CellView[] = [];
  let changed = 0;
  for (const c of [...state.components].sort(compareComponents)) {
    const component = snapshot.get(c.key);
    for (const s of [...c.environments].sort((a, b) => compare(a.name, b.name))) {
      const now = component?.environments.find((e) => e.name === s.name);
      const mark = s.evidence !== 'unknown' && s.present ? marks?.get(c.key, s.version) : null;
      const bad = mark ? { by: mark.by, atMs: mark.atMs, reason: mark.reason } : null;
      const around = !!moved?.has(`${c.key}\0${s.name}`);
      const stale = now && staleOf ? staleOf(c.key, s.name) : null;
      const served = servedOf ? servedOf(c.key, s) : null;
      const cell = cellView(c.key, c.id, s, now ? { version: now.version, commit: now.commit } : null, !!component, bad, around, stale, served);
      counts[cell.evidence]++;
      if (cell.changedSince) changed++;
      cells.push(cell);
    }
  }
  return { atMs: state.atMs, cells, counts, changed };
}

/** Whether a known state differs from where the environment is now. */
export function differsFromNow(s: EnvironmentState, nowCommit: string | null): boolean {
  if (s.evidence === 'unknown') return false;
  const then = s.present && s.commit ? s.commit : null;
  return then !== nowCommit;
}

function cellView(
  key: string,
  id: string,
  s: EnvironmentState,
  now: { version: string | null; commit: string | null } | null,
  componentExists: boolean,
  bad: CellView['bad'],
  movedAround: boolean,
  stale: StaleView | null,
  served: ServedView | null,
): CellView {
  const nowCommit = now?.commit ?? null;
  return {
    componentKey: key,
    componentId: id,
    namespace: namespaceOf(id),
    environment: s.name,
    version: s.version,
    commit: short(s.commit),
    evidence: s.evidence,
    present: s.present,
    sinceMs: ms(s.since),
    by: s.by,
    reason: s.reason,
    note: s.noteParts ?? (s.note ? [s.note] : null),
    candidates: (s.candidates ?? []).map((p) => label(p.version, p.commit)),
    now: nowCommit ? label(now?.version ?? null, nowCommit) : null,
    changedSince: differsFromNow(s, nowCommit),
    movedAround,
    canOpen: componentExists && s.evidence !== 'unknown' && !!s.present && !!s.commit,
    bad,
    stale,
    served,
  };
}

function buildEvents(history: DeploymentHistory, filter: EventFilter): { events: EventView[]; total: number } {
  const all = eventsBetween(history, { componentKey: filter.componentKey ?? undefined, environment: filter.environment ?? undefined });
  return { events: all.slice(0, EVENT_LIMIT).map(eventView), total: all.length };
}

/** How many rows (passing the filter, in order) carry their segments in the first message: the page's first page. */
const FIRST_ROWS = 200;

const rowKeyOf = (r: { componentKey: string; environment: string }): string => `${r.componentKey}\0${r.environment}`;

/**
 * The state as first posted: the rows past the first FIRST_ROWS passing the filter travel
 * without their segments (marked segmentsPending); the page asks for them when it draws them.
 * The full rows stay with the controller (`byKey`) to answer.
 */
export function firstMessageState(state: TimelineState): { state: TimelineState; byKey: Map<string, RowView> } {
  const byKey = new Map<string, RowView>();
  let kept = 0;
  const passes = (r: RowView) =>
    (state.filter.environment === null || r.environment === state.filter.environment) && (state.filter.componentKey === null || r.componentKey === state.filter.componentKey);
  const rows = state.rows.map((r) => {
    byKey.set(rowKeyOf(r), r);
    if (passes(r) && kept < FIRST_ROWS) {
      kept++;
      return r;
    }
    return r.segments.length || r.receipts.length ? { ...r, segments: [], receipts: [], segmentsPending: true } : r;
  });
  return { state: { ...state, rows }, byKey };
}

/** The full rows for `keys` (unknown ones left out), at most ROWS_REQUEST_LIMIT. */
export function rowsFor(byKey: ReadonlyMap<string, RowView>, keys: readonly { componentKey: string; environment: string }[]): RowView[] {
  const out: RowView[] = [];
  for (const k of keys) {
    const row = byKey.get(rowKeyOf(k));
    if (row) out.push(row);
  }
  return out;
}

/** The versions marked bad now, for the timelines (each stretch at one is drawn red and hatched). */
function badVersions(history: DeploymentHistory): BadVersionView[] {
  return badMarks(history)
    .all()
    .map((m) => ({ componentKey: m.componentKey, version: m.version, by: m.by, atMs: m.atMs, reason: m.reason }));
}

/** The whole state the page shows. */
export function buildTimelineState(input: TimelineInput): TimelineState {
  const { snapshot, history, environmentOrder, filter, nowMs } = input;
  // Events that contradict the tags are left out of everything the page shows, and listed.
  checkEvents(history, snapshot);
  const rows = buildRows(snapshot, history, environmentOrder, input.receipts);
  const { events, total } = buildEvents(history, filter);
  return {
    protocol: PROTOCOL_VERSION,
    repository: { name: input.repository.name, root: input.repository.root },
    nowMs,
    span: spanOf(rows, history, nowMs),
    components: knownComponents(snapshot, history),
    environments: knownEnvironments(snapshot, history, environmentOrder),
    rows,
    events,
    eventsTotal: total,
    eventLimit: EVENT_LIMIT,
    filter,
    moment: buildMoment(snapshot, history, input.atMs ?? nowMs, environmentOrder, input.drift, input.receipts),
    historySize: history.size,
    skipped: joinProblems(snapshot.problems, history.skipped),
    defaultTarget: DEFAULT_RECREATE_TARGET,
    badVersions: badVersions(history),
    reportedEnvironments: input.receipts ? [...firstReportOf(input.receipts).keys()] : [],
  };
}
