import {
  DeploymentHistory,
  EnvironmentInfo,
  HistoryEvent,
  RepositorySnapshot,
  StorySegment,
  checkEvents,
  componentStory,
  isWhereRecorded,
  newestRecorded,
} from '../../engine';
import { relativeTime } from './relativeTime';

/**
 * What the deployment history tells about environments, in people's words: how each got where
 * it is (who, when, why, with which batch), whether that move has a record, and what moved
 * recently. Descriptions use the cheap facts (the last event of one timeline); tooltips tell the
 * story (componentStory) only when a row is hovered. No `vscode` import.
 */

/** Moves this recent stand out in the tree (their rows are coloured and say the time of day). */
const RECENT_MS = 24 * 3600 * 1000;

/** The history a tree was built with, and the snapshot its events were checked against. */
export interface TreeHistory {
  readonly history: DeploymentHistory;
  readonly snapshot: RepositorySnapshot;
  /**
   * Whether this repository records its moves (the history holds at least one recorded move):
   * only then is a tag that is not where its newest recorded move put it worth marking.
   */
  readonly recordsMoves: boolean;
}

const recording = new WeakMap<DeploymentHistory, { size: number; value: boolean }>();

/** The tree's view of a repository's history (undefined without one); checks its events against the snapshot first. */
export function treeHistory(history: DeploymentHistory | undefined, snapshot: RepositorySnapshot): TreeHistory | undefined {
  if (!history) return undefined;
  checkEvents(history, snapshot);
  let known = recording.get(history);
  if (!known || known.size !== history.size) {
    known = { size: history.size, value: history.events.some((e) => e.kind === 'recorded') };
    recording.set(history, known);
  }
  return { history, snapshot, recordsMoves: known.value };
}

/** How an environment got where its tag is now. */
interface LastMove {
  /** When (ms since the epoch); null when unknown. */
  readonly atMs: number | null;
  /** Who: a name without its e-mail address; null when unknown. */
  readonly by: string | null;
  /** `recorded`: moved through this project; `observed`: by another tool, seen afterwards; `tag`: known from the tag alone. */
  readonly evidence: 'recorded' | 'observed' | 'tag';
  /** set, rollback, undo, recreate (recorded moves); null otherwise. */
  readonly action: string | null;
  readonly reason: string | null;
  readonly batch: string | null;
}

export interface EnvironmentFacts {
  /** How it got where it is; null when nothing tells (a lightweight tag and no history). */
  readonly last: LastMove | null;
  /**
   * Its tag is not where its newest recorded move put it: moved by another tool (the Edgit CLI,
   * `git tag -f`), as `edgit-deploy verify` reports. Only in repositories that record moves.
   */
  readonly unrecorded: boolean;
}

/** `Bea Novak <bea@example.com>` → `Bea Novak`. */
function personName(identity: string | null | undefined): string | null {
  if (!identity) return null;
  const name = identity.replace(/\s*<[^>]*>\s*$/, '').trim();
  return name || identity;
}

function tagMove(env: EnvironmentInfo): LastMove | null {
  const atMs = env.movedAt ? Date.parse(env.movedAt) : NaN;
  if (!Number.isFinite(atMs) && !env.movedBy) return null;
  return { atMs: Number.isFinite(atMs) ? atMs : null, by: env.movedBy, evidence: 'tag', action: null, reason: null, batch: null };
}

/** Whether an event put the environment where its tag is now (the same tag object when it names one, else the same commit). */
function putItThere(e: HistoryEvent | undefined, env: EnvironmentInfo): e is HistoryEvent {
  return !!e && (e.toObject ? e.toObject === env.objectName : e.toCommit === env.commit);
}

/** The facts of one environment: one look at the end of its timeline. */
export function environmentFacts(th: TreeHistory | undefined, componentKey: string, env: EnvironmentInfo): EnvironmentFacts {
  if (!th) return { last: tagMove(env), unrecorded: false };
  const timeline = th.history.timeline(componentKey, env.name);
  const last = timeline[timeline.length - 1];
  const move: LastMove | null = putItThere(last, env)
    ? {
        atMs: last.atMs,
        by: personName(last.by),
        evidence: last.kind === 'observed' ? 'observed' : 'recorded',
        action: last.kind === 'recorded' ? last.action : null,
        reason: last.reason,
        batch: last.kind === 'recorded' ? last.batch : null,
      }
    : tagMove(env);
  const unrecorded = th.recordsMoves && !isWhereRecorded(newestRecorded(th.history, componentKey, env.name), env.objectName, env.commit);
  return { last: move, unrecorded };
}

/** Whether a moment is within RECENT_MS before `now` (a little clock skew forward allowed). */
export function isRecent(atMs: number | null | undefined, now: number = Date.now()): boolean {
  return atMs !== null && atMs !== undefined && Number.isFinite(atMs) && atMs <= now + 5 * 60_000 && now - atMs < RECENT_MS;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');
const startOfDay = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();

/**
 * A moment as people on call say it, in local time: `14:52 today`, `yesterday 14:52`,
 * `Tue 14:52` (this week), `24 Nov 14:52` (this year), `24 Nov 2025`.
 */
export function spokenMoment(atMs: number, now: number = Date.now()): string {
  const d = new Date(atMs);
  if (Number.isNaN(d.getTime())) return '';
  const clock = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const days = Math.round((startOfDay(new Date(now)) - startOfDay(d)) / 86_400_000);
  if (days === 0) return `${clock} today`;
  if (days === 1) return `yesterday ${clock}`;
  if (days > 1 && days < 7) return `${WEEKDAYS[d.getDay()]} ${clock}`;
  if (d.getFullYear() === new Date(now).getFullYear()) return `${d.getDate()} ${MONTHS[d.getMonth()]} ${clock}`;
  return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;
}

/** When, in a row's description: the time of day for a recent move (`14:52 today`), else how long ago (`3 d ago`). */
export function rowWhen(atMs: number | null, now: number = Date.now()): string {
  if (atMs === null || !Number.isFinite(atMs)) return '';
  return isRecent(atMs, now) ? spokenMoment(atMs, now) : relativeTime(new Date(atMs).toISOString(), now);
}

/** A reason in a few characters: its ticket when it starts with one (`INC-311`), else its start. */
export function shortReason(reason: string | null | undefined, max = 40): string {
  const text = (reason ?? '').replace(/\s+/g, ' ').trim();
  const ticket = /^([A-Z][A-Z0-9]*-\d+)\b/.exec(text);
  if (ticket) return ticket[1];
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

const label = (s: Pick<StorySegment, 'version' | 'commit' | 'present'> | undefined) =>
  !s ? null : !s.present ? 'nothing' : (s.version ?? (s.commit ? `commit ${s.commit.slice(0, 10)}` : '?'));

/** The other components a batch moved in the same environment (their ids), for "together with …". */
function batchCompanions(history: DeploymentHistory, batch: string, environment: string, componentKey: string): string[] {
  const ids = new Set<string>();
  for (const e of history.events) {
    if (e.batch === batch && e.kind === 'recorded' && e.environment === environment && e.componentKey !== componentKey && !history.isContradicted(e)) ids.add(e.componentId);
  }
  return [...ids].sort();
}

const togetherWith = (ids: readonly string[]) =>
  !ids.length ? '' : ids.length <= 3 ? ` together with ${ids.slice(0, -1).join(', ')}${ids.length > 1 ? ' and ' : ''}${ids[ids.length - 1]}` : ` together with ${ids.length} other components`;

/** What a story segment says of how the environment got there: `rolled back from v2.0.0 by Bea Novak, Tue 14:52`. */
function sentence(th: TreeHistory, componentKey: string, environment: string, s: StorySegment, before: StorySegment | undefined, now: number, withWhen: boolean): string {
  const from = label(before);
  const who = personName(s.who);
  const when = withWhen && s.from ? spokenMoment(Date.parse(s.from), now) : null;
  const byWhen = `${who ? ` by ${who}` : ''}${when ? `, ${when}` : ''}`;
  const why = s.why ? ` — ${s.why.replace(/\s+/g, ' ').trim()}` : '';
  const together = s.batch && s.evidence === 'recorded' ? togetherWith(batchCompanions(th.history, s.batch, environment, componentKey)) : '';
  const also = together ? `,${together}` : '';
  switch (s.evidence) {
    case 'recorded':
      switch (s.action) {
        case 'rollback':
          return `rolled back${from ? ` from ${from}` : ''}${byWhen}${also}${why}`;
        case 'undo':
          return `restored (undo)${from ? ` from ${from}` : ''}${byWhen}${why}`;
        case 'recreate':
          return `recreated from the timeline${byWhen}${from ? ` (replacing ${from})` : ''}${also}${why}`;
        default:
          return `deployed${byWhen}${from ? ` (replacing ${from})` : ''}${also}${why}`;
      }
    case 'observed':
      return `moved by another tool${from ? ` from ${from}` : ''}${byWhen} (observed: no record of why)`;
    case 'unchanged-since':
      return `moved by another tool${from ? ` from ${from}` : ''}${byWhen} (the tag's own date: not in the deployment history)`;
    default:
      return `moved by another tool${from ? ` from ${from}` : ''}: when and by whom is unknown`;
  }
}

export interface EnvironmentStoryText {
  /** How it got where it is: `Rolled back from v2.0.0 by Bea Novak, Tue 14:52 — INC-311 …`. */
  readonly last: string | null;
  /** The positions before, newest first: `v2.0.0 from Tue 14:00: deployed by Ana Lima … — CHG-1852 …`. */
  readonly earlier: readonly string[];
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The story of one environment for its tooltip (componentStory: on hover only). */
export function environmentStoryText(th: TreeHistory, componentKey: string, environment: string, now: number = Date.now(), earlierCount = 3): EnvironmentStoryText {
  const story = componentStory(th.history, th.snapshot, componentKey).environments.find((e) => e.name === environment);
  const segments = story?.segments ?? [];
  if (!segments.length) return { last: null, earlier: [] };
  const n = segments.length - 1;
  const earlier: string[] = [];
  for (let i = n - 1; i >= 0 && earlier.length < earlierCount; i--) {
    const s = segments[i];
    const since = s.from ? ` from ${spokenMoment(Date.parse(s.from), now)}` : '';
    earlier.push(`${label(s)}${since}: ${sentence(th, componentKey, environment, s, segments[i - 1], now, false)}`);
  }
  return { last: capitalized(sentence(th, componentKey, environment, segments[n], segments[n - 1], now, true)), earlier };
}

/** A batch that moved several components of one environment together. */
export interface BatchTogether {
  readonly batch: string;
  /** set (a deploy), rollback or recreate. */
  readonly action: string;
  readonly atMs: number;
  readonly by: string | null;
  readonly reason: string | null;
  /** The component keys it moved in that environment. */
  readonly componentKeys: ReadonlySet<string>;
}

/**
 * The last batch that moved several components of `environment` together (the release a partial
 * rollback usually takes part of back). A batch undone since (every tag object it wrote was moved
 * away by an undo) is passed over: its moves no longer hold.
 */
export function lastBatchTogether(history: DeploymentHistory, environment: string): BatchTogether | undefined {
  const batches = new Map<string, { action: string; atMs: number; by: string | null; reason: string | null; keys: Set<string>; objects: { object: string | null; atMs: number }[] }>();
  const undone = new Map<string, number>(); // tag object → when an undo moved the environment away from it
  for (const e of history.events) {
    if (e.kind !== 'recorded' || e.environment !== environment || history.isContradicted(e)) continue;
    if (e.action === 'undo') {
      if (e.fromObject) undone.set(e.fromObject, Math.max(undone.get(e.fromObject) ?? -Infinity, e.atMs));
      continue;
    }
    const b = batches.get(e.batch);
    if (b) {
      b.keys.add(e.componentKey);
      b.atMs = Math.max(b.atMs, e.atMs);
      b.objects.push({ object: e.toObject, atMs: e.atMs });
    } else batches.set(e.batch, { action: e.action, atMs: e.atMs, by: personName(e.by), reason: e.reason, keys: new Set([e.componentKey]), objects: [{ object: e.toObject, atMs: e.atMs }] });
  }
  let best: BatchTogether | undefined;
  for (const [batch, b] of batches) {
    if (b.keys.size < 2 || (best && best.atMs >= b.atMs)) continue;
    if (b.objects.every((o) => !!o.object && (undone.get(o.object) ?? -Infinity) >= o.atMs)) continue;
    best = { batch, action: b.action, atMs: b.atMs, by: b.by, reason: b.reason, componentKeys: b.keys };
  }
  return best;
}

/** A version an environment was rolled back from: when, by whom and why (the newest such rollback). */
export interface RolledBackFrom {
  readonly atMs: number;
  readonly by: string | null;
  readonly reason: string | null;
}

/** For one environment, each version it was rolled back from (recorded rollbacks), the newest rollback each. */
export function rolledBackFrom(history: DeploymentHistory, componentKey: string, environment: string): Map<string, RolledBackFrom> {
  const out = new Map<string, RolledBackFrom>();
  for (const e of history.timeline(componentKey, environment)) {
    if (e.kind !== 'recorded' || e.action !== 'rollback' || !e.fromVersion) continue;
    out.set(e.fromVersion, { atMs: e.atMs, by: personName(e.by), reason: e.reason });
  }
  return out;
}
