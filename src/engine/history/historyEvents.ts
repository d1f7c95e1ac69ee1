/**
 * Deployment history events and their wire format.
 *
 * The history is a chain of commits (empty tree) under `refs/edgit/history`, one commit per batch.
 * Each commit message is a human summary line, an optional `Reason: …` line, and one line per event:
 *
 *     Edgit-Event: {"v":1,"kind":"recorded","action":"rollback","component":"components/prompts/extraction",…}
 *
 * A recorded event's time and author are the commit's committer date and identity (so
 * GIT_COMMITTER_DATE controls them); an observed event carries its own `at` (the tag's date, or a
 * reflog entry's date) and `by` (the tagger), because it was seen after the fact.
 *
 * A bad mark (kind `mark`, action `mark-bad` or `unmark-bad`) says a version of a component is
 * bad (or no longer): it has no environment, its `version`/`commit` are read into toVersion and
 * toCommit, and its time and author are the commit's, like a recorded event. Older readers skip
 * it (no environment). See badMarks.ts.
 *
 *     Edgit-Event: {"v":1,"kind":"mark","action":"mark-bad","component":"components/prompts/analysis","version":"v2.0.0",…}
 */

import { isObjectId, isValidMs, parseObject } from '../gitObjects';
import { ReadProblem, historyCommitPlace } from '../readProblems';
import { TagLayout, classifySlot, isGitRefSegment, parseComponentKey } from '../tagGrammar';

export type EventKind = 'recorded' | 'observed' | 'mark';

/** The actions of kind `mark`. */
export type MarkAction = 'mark-bad' | 'unmark-bad';

/** Where an observed position was seen. */
export type ObservationSource =
  /** The environment tag as it is now (dated by its tagger date when annotated). */
  | 'tag'
  /** A local reflog entry of the tag (core.logAllRefUpdates=always). */
  | 'reflog'
  /** The tag no longer exists. */
  | 'absent';

/** What every event says about its move, whether written yet or read back. */
interface EventMove {
  readonly kind: EventKind;
  /** set, rollback, undo, recreate (recorded) or observed. */
  readonly action: string;
  /** `components/prompts/extraction` */
  readonly componentKey: string;
  /** `prompts/extraction` */
  readonly componentId: string;
  readonly environment: string;
  readonly fromVersion: string | null;
  readonly fromCommit: string | null;
  /** The object the env tag named before the move, when known. */
  readonly fromObject: string | null;
  /** null with toCommit null: the environment was deleted (an undo of its creation, or observed absent). */
  readonly toVersion: string | null;
  readonly toCommit: string | null;
  /** The object the env tag named after the move (tag object id), when known. */
  readonly toObject: string | null;
  /** Ties the moves of one batch together (one partial rollback, one recreate…). */
  readonly batch: string;
  readonly reason: string | null;
}

/** One environment move, as stored in the history. */
export interface HistoryEvent extends EventMove {
  /** When it happened, ISO 8601 UTC, and the same in ms since the epoch. */
  readonly at: string;
  readonly atMs: number;
  /**
   * False when the moment is only an upper bound: an observed move of a lightweight tag or a
   * deletion, first seen at `at` but possibly made any time after the previous event.
   */
  readonly dated: boolean;
  /** Who moved it, `Name <email>` (committer of a recorded event, tagger of an observed one), or null. */
  readonly by: string | null;
  readonly source: ObservationSource | null;
  /** The history commit that holds the event, and who wrote it when. */
  readonly historyCommit: string;
  readonly recordedBy: string;
  readonly recordedAtMs: number;
  /** Load order: parents before children (topological); ties between equal times are broken by it. */
  readonly seq: number;
}

/** What a new event needs before it is written (time and identity come from the commit). */
export interface EventDraft extends EventMove {
  /** Observed events only: the moment (ms) the move happened; absent: the moment it was noticed (the commit's). */
  readonly atMs?: number | null;
  /** Observed events only: false when atMs is only an upper bound (a fetch's reflog entry). */
  readonly dated?: boolean;
  /** Observed events only: who made it, `Name <email>`. */
  readonly by?: string | null;
  readonly source?: ObservationSource | null;
}

const EVENT_PREFIX = 'Edgit-Event: ';
const WIRE_VERSION = 1;

/** The JSON of one event line (one line: JSON.stringify escapes every control character). */
interface WireEvent {
  v: number;
  kind: EventKind;
  action: string;
  component: string;
  id: string;
  environment: string;
  fromVersion: string | null;
  fromCommit: string | null;
  fromObject: string | null;
  toVersion: string | null;
  toCommit: string | null;
  toObject: string | null;
  batch: string;
  reason: string | null;
  at?: string;
  dated?: boolean;
  by?: string | null;
  source?: ObservationSource;
  /** Marks only: the version marked and its commit. */
  version?: string | null;
  commit?: string | null;
}

function encodeEvent(d: EventDraft): string {
  if (d.kind === 'mark') {
    // No environment field: readers that predate marks skip the line instead of misreading it.
    const mark = { v: WIRE_VERSION, kind: d.kind, action: d.action, component: d.componentKey, id: d.componentId, version: d.toVersion, commit: d.toCommit, batch: d.batch, reason: d.reason };
    return EVENT_PREFIX + JSON.stringify(mark);
  }
  const wire: WireEvent = {
    v: WIRE_VERSION,
    kind: d.kind,
    action: d.action,
    component: d.componentKey,
    id: d.componentId,
    environment: d.environment,
    fromVersion: d.fromVersion,
    fromCommit: d.fromCommit,
    fromObject: d.fromObject,
    toVersion: d.toVersion,
    toCommit: d.toCommit,
    toObject: d.toObject,
    batch: d.batch,
    reason: d.reason,
  };
  if (d.kind === 'observed') {
    if (d.atMs !== undefined && d.atMs !== null) {
      wire.at = new Date(d.atMs).toISOString();
      if (d.dated === false) wire.dated = false;
    }
    wire.by = d.by ?? null;
    if (d.source) wire.source = d.source;
  }
  return EVENT_PREFIX + JSON.stringify(wire);
}

/** One line of text without control characters: for summaries and reasons in commit messages. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x1f\x7f]+/g, ' ').replace(/\s+/g, ' ').trim();
}

function label(version: string | null, commit: string | null): string {
  return version ?? (commit ? commit.slice(0, 10) : '(none)');
}

/** The full message of a history commit. */
export function formatHistoryMessage(summary: string, reason: string | null, drafts: readonly EventDraft[]): string {
  const lines = [oneLine(summary) || 'Edgit deployment history', ''];
  if (reason) lines.push(`Reason: ${oneLine(reason)}`, '');
  for (const d of drafts) lines.push(encodeEvent(d));
  return lines.join('\n') + '\n';
}

/** `rollback prompts/extraction · production: v1.1.0 → v1.0.0`, or a count for bigger batches. */
export function summarizeDrafts(action: string, drafts: readonly EventDraft[]): string {
  if (drafts.length === 1) {
    const d = drafts[0];
    return `${action} ${d.componentId} · ${d.environment}: ${label(d.fromVersion, d.fromCommit)} → ${label(d.toVersion, d.toCommit)}`;
  }
  const envs = [...new Set(drafts.map((d) => d.environment))];
  return `${action} ${drafts.length} environment pointers (${envs.slice(0, 3).join(', ')}${envs.length > 3 ? ', …' : ''})`;
}

export interface CommitMeta {
  readonly commit: string;
  readonly committerMs: number;
  /** committerMs as ISO 8601 (computed once per commit). */
  readonly committerIso: string;
  readonly committer: string;
}

/** Returns one shared copy of equal strings (commit ids, versions, names repeat across events). */
export type Interner = (s: string | null) => string | null;

export function createInterner(): Interner {
  const seen = new Map<string, string>();
  return (s) => {
    if (s === null) return null;
    const found = seen.get(s);
    if (found !== undefined) return found;
    seen.set(s, s);
    return s;
  };
}

/**
 * Parses the event lines of one history commit message. Lines that are not events, and event
 * lines that do not parse or lack a required field, are skipped (counted in `problems`).
 */
export function parseEventLines(
  body: string,
  meta: CommitMeta,
  nextSeq: () => number,
  out: HistoryEvent[],
  problems: { count: number },
  intern: Interner = (x) => x,
): void {
  let start = body.indexOf(EVENT_PREFIX);
  while (start >= 0) {
    if (start === 0 || body.charCodeAt(start - 1) === 10) {
      let end = body.indexOf('\n', start);
      if (end < 0) end = body.length;
      const event = parseWire(body.slice(start + EVENT_PREFIX.length, end), meta, nextSeq, intern);
      if (event) out.push(event);
      else problems.count++;
      start = body.indexOf(EVENT_PREFIX, end);
    } else {
      start = body.indexOf(EVENT_PREFIX, start + 1);
    }
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** An optional object id: absent, or hex of an object id's length. `undefined` when it is something else. */
function oid(v: unknown): string | null | undefined {
  if (v === undefined || v === null || v === '') return null;
  return typeof v === 'string' && isObjectId(v) ? v : undefined;
}

/** An optional version of a component's layout: absent, or a version slot. `undefined` when it is something else. */
function version(v: unknown, layout: TagLayout): string | null | undefined {
  if (v === undefined || v === null || v === '') return null;
  return typeof v === 'string' && classifySlot(v, layout) === 'version' && isGitRefSegment(v) ? v : undefined;
}

/** Free text (reason, who, batch, action) longer than this is not what this project writes. */
const MAX_TEXT = 4096;

/** An optional text field; `undefined` when it is not a string or is longer than any this project writes. */
function text(v: unknown): string | null | undefined {
  if (v === undefined || v === null || v === '') return null;
  return typeof v === 'string' && v.length <= MAX_TEXT ? v : undefined;
}

/**
 * The identity fields of an event, checked against Edgit's grammar: a component key, an
 * environment slot of its layout, versions, object ids. Undefined when any is not what it claims
 * to be (the event is skipped: it could only mislead).
 */
function checkedFields(w: Partial<WireEvent>, mark: boolean) {
  const key = typeof w.component === 'string' ? parseComponentKey(w.component) : undefined;
  if (!key || key.key !== w.component) return undefined;
  const environment = mark ? '' : str(w.environment);
  if (!mark && (!environment || !isGitRefSegment(environment) || classifySlot(environment, key.layout) !== 'environment')) return undefined;
  const fields = {
    componentKey: key.key,
    environment: environment ?? '',
    fromVersion: version(w.fromVersion, key.layout),
    fromCommit: oid(w.fromCommit),
    fromObject: oid(w.fromObject),
    toVersion: version(mark ? w.version : w.toVersion, key.layout),
    toCommit: oid(mark ? w.commit : w.toCommit),
    toObject: oid(w.toObject),
    id: text(w.id),
    action: text(w.action),
    reason: text(w.reason),
    batch: text(w.batch),
    by: text(w.by),
  };
  for (const v of Object.values(fields)) if (v === undefined) return undefined;
  return fields as { [K in keyof typeof fields]: Exclude<(typeof fields)[K], undefined> };
}

function parseWire(json: string, meta: CommitMeta, nextSeq: () => number, intern: Interner): HistoryEvent | undefined {
  let w: Partial<WireEvent>;
  try {
    w = JSON.parse(json) as Partial<WireEvent>;
  } catch {
    return undefined;
  }
  if (!w || typeof w !== 'object' || Array.isArray(w)) return undefined;
  const f = checkedFields(w, w.kind === 'mark');
  if (!f) return undefined;
  const componentKey = intern(f.componentKey) as string;
  if (w.kind === 'mark') return parseMark(w, f, componentKey, meta, nextSeq, intern);
  const kind: EventKind = w.kind === 'observed' ? 'observed' : 'recorded';
  let atMs = meta.committerMs;
  let dated = true;
  if (kind === 'observed') {
    const explicit = typeof w.at === 'string' ? Date.parse(w.at) : NaN;
    if (isValidMs(explicit)) {
      atMs = explicit;
      dated = w.dated !== false;
    } else dated = false;
  }
  return {
    kind,
    action: intern(f.action ?? (kind === 'observed' ? 'observed' : 'set')) as string,
    componentKey,
    componentId: intern(f.id ?? componentKey.split('/').slice(-2).join('/')) as string,
    environment: intern(f.environment) as string,
    fromVersion: intern(f.fromVersion),
    fromCommit: intern(f.fromCommit),
    fromObject: intern(f.fromObject),
    toVersion: intern(f.toVersion),
    toCommit: intern(f.toCommit),
    toObject: intern(f.toObject),
    at: atMs === meta.committerMs ? meta.committerIso : new Date(atMs).toISOString(),
    atMs,
    dated,
    by: kind === 'observed' ? intern(f.by) : meta.committer,
    reason: intern(f.reason),
    batch: intern(f.batch ?? meta.commit.slice(0, 12)) as string,
    source: kind === 'observed' ? (w.source === 'reflog' || w.source === 'absent' ? w.source : 'tag') : null,
    historyCommit: meta.commit,
    recordedBy: meta.committer,
    recordedAtMs: meta.committerMs,
    seq: nextSeq(),
  };
}

/** A bad mark line as a HistoryEvent of kind `mark` (environment ''; the version in toVersion/toCommit). */
function parseMark(
  w: Partial<WireEvent>,
  f: NonNullable<ReturnType<typeof checkedFields>>,
  componentKey: string,
  meta: CommitMeta,
  nextSeq: () => number,
  intern: Interner,
): HistoryEvent | undefined {
  const version = intern(f.toVersion);
  const action = w.action === 'unmark-bad' ? 'unmark-bad' : w.action === 'mark-bad' ? 'mark-bad' : null;
  if (!version || !action) return undefined;
  return {
    kind: 'mark',
    action,
    componentKey,
    componentId: intern(f.id ?? componentKey.split('/').slice(-2).join('/')) as string,
    environment: '',
    fromVersion: null,
    fromCommit: null,
    fromObject: null,
    toVersion: version,
    toCommit: intern(f.toCommit),
    toObject: null,
    at: meta.committerIso,
    atMs: meta.committerMs,
    dated: true,
    by: meta.committer,
    reason: intern(f.reason),
    batch: intern(f.batch ?? meta.commit.slice(0, 12)) as string,
    source: null,
    historyCommit: meta.commit,
    recordedBy: meta.committer,
    recordedAtMs: meta.committerMs,
    seq: nextSeq(),
  };
}

/** A history commit as read: its id and its bytes (readHistoryCommits). */
export interface HistoryCommitRecord {
  readonly commit: string;
  readonly body: Buffer;
}

const EVENT_MARKER = Buffer.from(EVENT_PREFIX, 'utf8');

/**
 * The events of history commits (parents first). A commit whose committer date a Date cannot
 * hold is skipped with its events and named; event lines that do not parse are skipped and
 * counted per commit. Repeated strings are shared between events (`intern`).
 */
export function eventsOfCommits(records: readonly HistoryCommitRecord[], nextSeq: () => number, intern: Interner): { events: HistoryEvent[]; skipped: ReadProblem[] } {
  const events: HistoryEvent[] = [];
  const skipped: ReadProblem[] = [];
  const problems = { count: 0 };
  for (const { commit, body } of records) {
    const parsed = parseObject(body);
    if (body.indexOf(EVENT_MARKER, parsed.messageStart) < 0) continue; // a merge, or no event
    const committer = parsed.committer;
    if (!committer || committer.ms === null) {
      skipped.push({ where: historyCommitPlace(commit), what: `committer ${committer?.dateProblem ?? 'missing'}: its events are skipped` });
      continue;
    }
    const before = problems.count;
    parseEventLines(
      body.toString('utf8', parsed.messageStart),
      { commit, committerMs: committer.ms, committerIso: new Date(committer.ms).toISOString(), committer: intern(`${committer.name} <${committer.email}>`) as string },
      nextSeq,
      events,
      problems,
      intern,
    );
    if (problems.count > before) skipped.push({ where: historyCommitPlace(commit), what: `${problems.count - before} event line(s) unreadable` });
  }
  return { events, skipped };
}
