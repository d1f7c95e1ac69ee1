import { EdgitError } from '../errors';
import { EnvironmentInfo, RepositorySnapshot, inComponentOrder } from '../snapshot';
import { HistoryEvent } from './historyEvents';
import { Evidence, SegmentFacts } from './segmentFacts';
import { checkEvents } from './eventChecks';
import { DeploymentHistory, compareEvents } from './deploymentHistory';
import { NotePart, TimedNote, noteMoment as at, timedNote } from './timedNote';

/**
 * Time travel: what was live at a moment, what moved between two moments, and the story of one
 * component. Every answer says what it rests on; nothing is guessed silently.
 */

interface PositionCandidate {
  readonly version: string | null;
  readonly commit: string | null;
}

export interface EnvironmentState {
  readonly name: string;
  /** The version live at the moment (null when unknown, absent, or at a commit without a version). */
  readonly version: string | null;
  readonly commit: string | null;
  readonly evidence: Evidence;
  /** Whether the environment existed then; null when unknown. */
  readonly present: boolean | null;
  /** Since when it was there (ISO), when known. */
  readonly since: string | null;
  readonly by: string | null;
  readonly reason: string | null;
  /** The batch of the move the answer rests on (the moves made together share it), when it rests on one. */
  readonly batch: string | null;
  /** The event the answer rests on. */
  readonly event: HistoryEvent | null;
  /** When unknown but narrowed down: the positions it may have been at. */
  readonly candidates?: readonly PositionCandidate[];
  /** Why, in words, when the evidence is not an event (moments in ISO 8601). */
  readonly note?: string;
  /** The same sentence as text and moments, for a page that writes moments in its reader's zone. */
  readonly noteParts?: readonly NotePart[];
}

interface ComponentState {
  readonly key: string;
  readonly id: string;
  readonly environments: readonly EnvironmentState[];
}

export interface StateAt {
  readonly at: string;
  readonly atMs: number;
  readonly components: readonly ComponentState[];
}

export interface StateQuery {
  /** Only this environment. */
  readonly environment?: string;
  /** Only these component keys. */
  readonly componentKeys?: readonly string[];
}

/** Index of the first event later than `ms` (so index - 1 is the last event at or before it). */
function upperBound(timeline: readonly HistoryEvent[], ms: number): number {
  let lo = 0;
  let hi = timeline.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timeline[mid].atMs <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function tagDateMs(env: EnvironmentInfo | undefined): number {
  return env?.annotated && env.movedAt ? Date.parse(env.movedAt) : NaN;
}

function identity(name: string | null, email: string | null): string | null {
  return name ? (email ? `${name} <${email}>` : name) : null;
}

/**
 * True when the tag is at a position the history has already moved away from (its object is
 * the `from` of the last event, or an env tag object an event wrote): this clone has not fetched
 * the latest move yet, and the history is the better witness.
 */
export function tagIsBehindHistory(history: DeploymentHistory, componentKey: string, env: EnvironmentInfo): boolean {
  const timeline = history.timeline(componentKey, env.name);
  const last = timeline[timeline.length - 1];
  if (!last) return false;
  if (last.fromObject === env.objectName) return true;
  if (!env.annotated) return false;
  return history.objectsNamed(componentKey, env.name).has(env.objectName);
}

/**
 * Until when an event's position is confirmed: its own moment, or for the sighting of a tag as it
 * was (an observed event of source `tag`), the moment it was seen (the history commit's date).
 */
function confirmedUntil(e: HistoryEvent): number {
  return e.kind === 'observed' && e.source === 'tag' ? Math.max(e.atMs, e.recordedAtMs) : e.atMs;
}

const toPosition = (e: HistoryEvent): PositionCandidate => ({ version: e.toVersion, commit: e.toCommit });

/** The state of one environment of one component at `ms`. */
function environmentStateAt(
  history: DeploymentHistory,
  componentKey: string,
  environment: string,
  env: EnvironmentInfo | undefined,
  ms: number,
): EnvironmentState {
  const timeline = history.timeline(componentKey, environment);
  const i = upperBound(timeline, ms) - 1;
  const ev = i >= 0 ? timeline[i] : undefined;
  const last = timeline[timeline.length - 1];
  const unknown = (why: TimedNote, candidates?: PositionCandidate[]): EnvironmentState => ({
    name: environment,
    version: null,
    commit: null,
    evidence: 'unknown',
    present: null,
    since: null,
    by: null,
    reason: null,
    batch: null,
    event: null,
    note: why.note,
    noteParts: why.noteParts,
    ...(candidates ? { candidates } : {}),
  });
  const fromEvent = (e: HistoryEvent): EnvironmentState => ({
    name: environment,
    version: e.toVersion,
    commit: e.toCommit,
    evidence: e.kind === 'observed' ? 'observed' : 'recorded',
    present: e.toCommit !== null,
    since: e.dated ? e.at : null,
    by: e.by,
    reason: e.reason,
    batch: e.batch,
    event: e,
    ...(e.dated ? {} : timedNote`seen there at ${at(e.atMs)}; moved there earlier, at an unknown moment`),
  });

  // The tag moved after the last event and nobody recorded it (observeOutsideMoves was not run).
  const unobserved = !!env?.commit && (!last || (last.toCommit !== env.commit && !tagIsBehindHistory(history, componentKey, env)));
  if (unobserved && env && i === timeline.length - 1) {
    const tagMs = tagDateMs(env);
    if (Number.isFinite(tagMs)) {
      if (tagMs <= ms && (!ev || tagMs >= ev.atMs)) {
        return {
          name: environment,
          version: env.version,
          commit: env.commit,
          evidence: 'unchanged-since',
          present: true,
          since: new Date(tagMs).toISOString(),
          by: identity(env.movedBy, env.movedByEmail),
          reason: null,
          batch: null,
          event: null,
          // `since` holds the tag's date: the note does not repeat it.
          ...timedNote`dated by the tag itself, which has not moved since`,
        };
      }
      if (ev) return fromEvent(ev); // the tag moved only after the moment
      return unknown(timedNote`the tag was moved at ${at(tagMs)}, and nothing tells where it was before`);
    }
    if (ev) {
      return unknown(timedNote`moved by another tool after ${at(ev.atMs)} at an unknown moment (lightweight tag)`, [
        toPosition(ev),
        { version: env.version, commit: env.commit },
      ]);
    }
    return unknown(timedNote`a lightweight tag, not dated, and no recorded event`);
  }
  if (!ev) {
    return unknown(timeline.length ? timedNote`the first record is at ${at(timeline[0].atMs)}` : timedNote`no record of this environment`);
  }
  const next = timeline[i + 1];
  if (next && !next.dated && next.toCommit !== ev.toCommit && ms > confirmedUntil(ev)) {
    const from = ev.toVersion ?? ev.toCommit ?? '(none)';
    const to = next.toVersion ?? next.toCommit ?? '(none)';
    return unknown(timedNote`moved from ${from} to ${to} at an unknown moment between ${at(confirmedUntil(ev))} and ${at(next.atMs)}`, [
      toPosition(ev),
      toPosition(next),
    ]);
  }
  return fromEvent(ev);
}

/** A component and its environments (of the snapshot and of the history), as stateAt answers for them. */
interface StateCells {
  readonly key: string;
  readonly id: string;
  /** Sorted by name, each with the tag's facts when the snapshot has the tag. */
  readonly environments: readonly { readonly name: string; readonly env: EnvironmentInfo | undefined }[];
}

/** Every component (of the snapshot and of the history, or just `componentKeys`) and its environments, in the order stateAt answers. */
function stateCells(history: DeploymentHistory, snapshot: RepositorySnapshot | null, componentKeys?: readonly string[]): StateCells[] {
  if (snapshot) checkEvents(history, snapshot);
  const keys = new Set<string>(componentKeys ?? []);
  if (!componentKeys) {
    for (const c of snapshot?.components ?? []) keys.add(c.key);
    for (const k of history.componentKeys()) keys.add(k);
  }
  const cells: StateCells[] = [];
  for (const key of keys) {
    const component = snapshot?.get(key);
    const envNames = new Set<string>();
    for (const e of component?.environments ?? []) envNames.add(e.name);
    for (const e of history.environmentsOf(key)) envNames.add(e);
    const environments = [...envNames].sort().map((name) => ({ name, env: component?.environments.find((e) => e.name === name) }));
    cells.push({ key, id: component?.id ?? idOf(history, key), environments });
  }
  return cells.sort(inComponentOrder);
}

/**
 * For every component and environment (of the snapshot and of the history), the version live at
 * `moment`, each with its evidence. Events are indexed per environment in time order, so each
 * answer is one binary search.
 */
export function stateAt(history: DeploymentHistory, snapshot: RepositorySnapshot | null, moment: Date | number, query: StateQuery = {}): StateAt {
  const ms = typeof moment === 'number' ? moment : moment.getTime();
  if (!Number.isFinite(ms)) throw new EdgitError('Invalid moment.', 'bad-input');
  const components: ComponentState[] = [];
  for (const c of stateCells(history, snapshot, query.componentKeys)) {
    const envs = query.environment ? c.environments.filter((e) => e.name === query.environment) : c.environments;
    if (!envs.length) continue;
    components.push({ key: c.key, id: c.id, environments: envs.map((e) => environmentStateAt(history, c.key, e.name, e.env, ms)) });
  }
  return { at: new Date(ms).toISOString(), atMs: ms, components };
}

function idOf(history: DeploymentHistory, key: string): string {
  for (const env of history.environmentsOf(key)) {
    const e = history.timeline(key, env)[0];
    if (e) return e.componentId;
  }
  return key.split('/').slice(-2).join('/');
}

export interface EventQuery {
  /** Inclusive bounds, ms since the epoch. */
  readonly sinceMs?: number | null;
  readonly untilMs?: number | null;
  readonly componentKey?: string;
  readonly environment?: string;
  /** Also return observed events that repeat known positions (see withoutRepeats). */
  readonly includeDuplicates?: boolean;
}

/** The events between two moments (inclusive), newest first: a binary search per environment. */
export function eventsBetween(history: DeploymentHistory, query: EventQuery = {}): HistoryEvent[] {
  const since = query.sinceMs ?? -Infinity;
  const until = query.untilMs ?? Infinity;
  const keys = query.componentKey ? [query.componentKey] : history.componentKeys();
  const out: HistoryEvent[] = [];
  for (const key of keys) {
    const envs = query.environment ? [query.environment] : history.environmentsOf(key);
    for (const env of envs) {
      const shown = query.includeDuplicates ? history.allEvents(key, env) : history.timeline(key, env);
      if (!shown.length) continue;
      for (let i = lowerBound(shown, since); i < shown.length && shown[i].atMs <= until; i++) out.push(shown[i]);
    }
  }
  return out.sort((a, b) => compareEvents(b, a));
}

/** Index of the first event at or after `ms`. */
function lowerBound(timeline: readonly HistoryEvent[], ms: number): number {
  let lo = 0;
  let hi = timeline.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timeline[mid].atMs < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface StorySegment extends SegmentFacts {
  /** When the environment got there (ISO); null when unknown. */
  readonly from: string | null;
  /** When it left (ISO); null: still there. */
  readonly to: string | null;
  readonly batch: string | null;
}

export interface EnvironmentStory {
  readonly name: string;
  /** Oldest first. Before the first segment's `from`, nothing is known. */
  readonly segments: readonly StorySegment[];
}

export interface ComponentStory {
  readonly key: string;
  readonly id: string;
  readonly environments: readonly EnvironmentStory[];
}

/** For one component, the story of each environment: where it was, from when to when, who moved it and why. */
export function componentStory(history: DeploymentHistory, snapshot: RepositorySnapshot | null, componentKey: string): ComponentStory {
  if (snapshot) checkEvents(history, snapshot);
  const component = snapshot?.get(componentKey);
  const names = new Set<string>(history.environmentsOf(componentKey));
  for (const e of component?.environments ?? []) names.add(e.name);
  const environments: EnvironmentStory[] = [];
  for (const name of [...names].sort()) {
    const env = component?.environments.find((e) => e.name === name);
    const timeline = history.timeline(componentKey, name);
    const segments: StorySegment[] = timeline.map((e, i) => ({
      from: e.dated ? e.at : null,
      to: timeline[i + 1]?.at ?? null,
      version: e.toVersion,
      commit: e.toCommit,
      present: e.toCommit !== null,
      who: e.by,
      why: e.reason,
      evidence: e.kind === 'observed' ? 'observed' : 'recorded',
      action: e.action,
      batch: e.batch,
    }));
    const last = timeline[timeline.length - 1];
    if (env?.commit && (!last || (last.toCommit !== env.commit && !tagIsBehindHistory(history, componentKey, env)))) {
      const tagMs = tagDateMs(env);
      const since = Number.isFinite(tagMs) ? new Date(Math.max(tagMs, last?.atMs ?? tagMs)).toISOString() : null;
      if (segments.length) segments[segments.length - 1] = { ...segments[segments.length - 1], to: since };
      segments.push({
        from: since,
        to: null,
        version: env.version,
        commit: env.commit,
        present: true,
        who: identity(env.movedBy, env.movedByEmail),
        why: null,
        evidence: since ? 'unchanged-since' : 'unknown',
        action: null,
        batch: null,
      });
    }
    environments.push({ name, segments });
  }
  return { key: componentKey, id: component?.id ?? idOf(history, componentKey), environments };
}
