import { readTagHeaders } from '../tagHeaders';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Git } from '../git';
import { newBatchId } from '../environmentMoves';
import { committerIdent } from '../tagObjects';
import { ComponentInfo, RepositorySnapshot, loadSnapshot, peelToCommits } from '../snapshot';
import { ReadProblem, joinProblems } from '../readProblems';
import { EventDraft, HistoryEvent } from './historyEvents';
import { DeploymentHistory } from './deploymentHistory';
import { loadHistory } from './historyReader';
import { appendToHistory } from './historyWriter';
import { checkEvents } from './eventChecks';

/**
 * Moves made by other tools (the Edgit CLI, `git tag -f`) leave no event: this module notices
 * them by comparing each environment tag with the last event the history has for it, and by
 * reading the tags' local reflogs when git keeps them, and turns them into `observed` events.
 */

/** One position of an env tag found in its local reflog. */
export interface ReflogPosition {
  readonly tag: string;
  readonly object: string;
  readonly commit: string;
  readonly version: string | null;
  /** When the tag moved there: the env tag object's tagger date, else the reflog entry's date. */
  readonly atMs: number;
  /** False when the reflog entry is a fetch (the move happened some time before). */
  readonly dated: boolean;
  readonly by: string | null;
}

const REFLOG_LINE = /^([0-9a-f]{40,64}) ([0-9a-f]{40,64}) (.*) (\d+) ([+-]\d{4})\t?(.*)$/;

/**
 * The positions recorded in the local reflogs of the snapshot's environment tags
 * (`.git/logs/refs/tags/…`, kept when core.logAllRefUpdates=always, and for every tag this
 * project moves). Read from the files directly; at most two git calls to date and peel objects.
 */
export async function readTagReflogs(git: Git, snapshot: RepositorySnapshot): Promise<Map<string, ReflogPosition[]>> {
  const result = new Map<string, ReflogPosition[]>();
  const base = path.join(await git.commonDir(), 'logs', 'refs', 'tags');
  try {
    if (!(await fs.stat(base)).isDirectory()) return result;
  } catch {
    return result;
  }
  interface Raw {
    tag: string;
    object: string;
    ms: number;
    by: string;
    fetched: boolean;
  }
  const raws: Raw[] = [];
  await Promise.all(
    snapshot.components.flatMap((c) =>
      c.environments.map(async (e) => {
        let text: string;
        try {
          text = await fs.readFile(path.join(base, ...e.tag.split('/')), 'utf8');
        } catch {
          return;
        }
        for (const line of text.split('\n')) {
          const m = REFLOG_LINE.exec(line);
          if (!m || /^0+$/.test(m[2])) continue;
          raws.push({ tag: e.tag, object: m[2], ms: Number(m[4]) * 1000, by: m[3], fetched: /^(fetch|pull|clone)\b/.test(m[6]) });
        }
      }),
    ),
  );
  if (!raws.length) return result;

  const objects = [...new Set(raws.map((r) => r.object))];
  const tagInfo = await readTagHeaders(git, objects);
  const commits = await peelToCommits(git, objects);
  const byKeyTag = new Map<string, ComponentInfo>();
  for (const c of snapshot.components) for (const e of c.environments) byKeyTag.set(e.tag, c);

  for (const r of raws) {
    const commit = commits.get(r.object);
    const component = byKeyTag.get(r.tag);
    if (!commit || !component) continue; // pruned object, or a tag that peels to no commit
    const info = tagInfo.get(r.object);
    // An env tag object written for this very tag: its tagger date is the moment of the move.
    const own = info && info.tagName === r.tag && info.taggerMs !== null;
    const list = result.get(r.tag) ?? [];
    list.push({
      tag: r.tag,
      object: r.object,
      commit,
      version: versionOf(component, commit, info?.target ?? r.object),
      atMs: own ? info.taggerMs : r.ms,
      dated: own || !r.fetched,
      by: own ? info.tagger : r.by,
    });
    result.set(r.tag, list);
  }
  for (const list of result.values()) list.sort((a, b) => a.atMs - b.atMs);
  return result;
}

/** The version an object stands for: the version tag it is (or targets), else the highest at its commit. */
function versionOf(component: ComponentInfo, commit: string, target: string): string | null {
  const direct = component.versions.find((v) => v.objectName === target && v.commit === commit);
  if (direct) return direct.version;
  return component.versions.find((v) => v.commit === commit)?.version ?? null;
}

export interface ObserveOptions {
  /** Reflog positions (readTagReflogs); none when absent. */
  readonly reflogs?: ReadonlyMap<string, readonly ReflogPosition[]>;
  readonly batchId?: string;
}

interface Known {
  atMs: number;
  toCommit: string | null;
  toVersion: string | null;
  toObject: string | null;
  fromObject: string | null;
}

function identity(name: string | null, email: string | null): string | null {
  if (!name) return null;
  return email ? `${name} <${email}>` : name;
}

/**
 * The observed events that would bring the history in line with the tags: reflog positions it
 * does not know, then the current position of every environment tag whose commit differs from
 * the last event (an environment never recorded gets its current position, dated by the tag).
 * Pure: nothing is written.
 *
 * Not observed: a tag that is behind the history (its object is one the history already moved
 * away from: this clone has not fetched a teammate's move yet), and deletions (a clone that
 * merged a teammate's history may simply not have fetched a new tag).
 */
export function planObservations(snapshot: RepositorySnapshot, history: DeploymentHistory, options: ObserveOptions = {}): EventDraft[] {
  const batch = options.batchId ?? newBatchId();
  const drafts: EventDraft[] = [];
  for (const c of snapshot.components) {
    for (const e of c.environments) {
      if (!e.commit) continue;
      const timeline = history.timeline(c.key, e.name);
      const reflog = options.reflogs?.get(e.tag) ?? [];
      // Where the history last saw it, and no reflog to read: nothing to observe (most environments).
      if (!reflog.length && timeline.length && timeline[timeline.length - 1].toCommit === e.commit) continue;
      const working: Known[] = timeline.map((ev) => ({
        atMs: ev.atMs,
        toCommit: ev.toCommit,
        toVersion: ev.toVersion,
        toObject: ev.toObject,
        fromObject: ev.fromObject,
      }));
      const knownObjects = new Set<string>();
      for (const k of working) {
        if (k.toObject) knownObjects.add(k.toObject);
        if (k.fromObject) knownObjects.add(k.fromObject);
      }
      const draft = (to: { commit: string; version: string | null; object: string }, prev: Known | undefined, rest: Partial<EventDraft>): EventDraft => ({
        kind: 'observed',
        action: 'observed',
        componentKey: c.key,
        componentId: c.id,
        environment: e.name,
        fromVersion: prev?.toVersion ?? null,
        fromCommit: prev?.toCommit ?? null,
        fromObject: prev?.toObject ?? null,
        toVersion: to.version,
        toCommit: to.commit,
        toObject: to.object,
        batch,
        reason: null,
        ...rest,
      });
      const insert = (k: Known) => {
        let i = working.length;
        while (i > 0 && working[i - 1].atMs > k.atMs) i--;
        working.splice(i, 0, k);
      };

      for (const p of reflog) {
        if (knownObjects.has(p.object) && p.object !== p.commit) continue;
        const prev = lastAtOrBefore(working, p.atMs);
        if (prev && prev.toCommit === p.commit) continue;
        drafts.push(draft(p, prev, { atMs: p.atMs, dated: p.dated, by: p.by, source: 'reflog' }));
        const k = { atMs: p.atMs, toCommit: p.commit, toVersion: p.version, toObject: p.object, fromObject: prev?.toObject ?? null };
        insert(k);
        knownObjects.add(p.object);
      }

      const latest = working[working.length - 1];
      if (latest && latest.toCommit === e.commit) continue;
      if (latest && ((e.annotated && knownObjects.has(e.objectName)) || latest.fromObject === e.objectName)) continue; // behind the history
      const current = { commit: e.commit, version: e.version, object: e.objectName };
      const by = identity(e.movedBy, e.movedByEmail);
      const tagMs = e.annotated && e.movedAt ? Date.parse(e.movedAt) : NaN;
      if (Number.isFinite(tagMs)) {
        // Dated by the tag; never before the last event (clock skew), which it follows.
        drafts.push(draft(current, latest, { atMs: Math.max(tagMs, latest?.atMs ?? tagMs), by, source: 'tag' }));
      } else {
        drafts.push(draft(current, latest, { atMs: null, by, source: 'tag' }));
      }
    }
  }
  return drafts;
}

function lastAtOrBefore(list: readonly Known[], ms: number): Known | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (list[i].atMs <= ms) return list[i];
  return undefined;
}

/** The moves other tools made since the history last saw each environment (planObservations), with the tag reflogs unless `reflogs: false`. */
async function outsideMoves(git: Git, snapshot: RepositorySnapshot, history: DeploymentHistory, options: { reflogs?: boolean }): Promise<EventDraft[]> {
  checkEvents(history, snapshot);
  const reflogs = options.reflogs === false ? undefined : await readTagReflogs(git, snapshot);
  return planObservations(snapshot, history, { reflogs });
}

/**
 * Records, in one local history commit, the moves other tools made since the history last saw
 * each environment (see planObservations), reading reflogs when present. Returns the new events
 * (also added to `history`). The ref moves with a compare-and-swap; it is pushed with the next batch.
 */
export async function observeOutsideMoves(
  git: Git,
  snapshot: RepositorySnapshot,
  history: DeploymentHistory,
  options: { reflogs?: boolean } = {},
): Promise<HistoryEvent[]> {
  const drafts = await outsideMoves(git, snapshot, history, options);
  if (!drafts.length) return [];
  return appendToHistory(git, history, observedSummary(drafts), null, drafts);
}

/**
 * The moves other tools made (see planObservations), added to `history` in memory only: what
 * read-only commands (status, history, at, verify, the tree, the timeline) show. No ref changes;
 * they are written with the next recorded change (historyCompanion) or an explicit fetch or push
 * (observeOutsideMoves). Dated and signed as a history commit written now would be.
 */
async function observeInMemory(
  git: Git,
  snapshot: RepositorySnapshot,
  history: DeploymentHistory,
  options: { reflogs?: boolean } = {},
): Promise<HistoryEvent[]> {
  const found = await outsideMoves(git, snapshot, history, options);
  if (!found.length) return [];
  // One batch id that depends only on what was observed, so that two reads of the same state say the same.
  const id = createHash('sha1');
  for (const d of found) id.update(`${d.componentKey}\0${d.environment}\0${d.toObject ?? ''}\0${d.atMs ?? ''}\n`);
  const batch = id.digest('hex').slice(0, 12);
  const drafts = found.map((d) => ({ ...d, batch }));
  let noticed = { ms: Date.now(), by: 'unknown' };
  try {
    const m = /^(.*) (\d+) [+-]\d{4}$/.exec(await committerIdent(git));
    if (m) noticed = { ms: Number(m[2]) * 1000, by: m[1] };
  } catch {
    // no identity configured: noticed now, by nobody known
  }
  return history.addUnwritten(drafts, noticed);
}

/**
 * The move another tool made that put an environment's tag where it is now (`object`: the tag's
 * current object), as the history holds it after observing (loadObservedHistory): who and when,
 * or undefined when the tag's position rests on a recorded move.
 */
export function outsideMoveOf(history: DeploymentHistory, componentKey: string, environment: string, object: string): HistoryEvent | undefined {
  const timeline = history.timeline(componentKey, environment);
  const last = timeline[timeline.length - 1];
  return last && last.kind === 'observed' && last.toObject === object ? last : undefined;
}

/** The tags, the history, and the moves other tools made, as every read shows them. */
export interface ObservedHistory {
  readonly snapshot: RepositorySnapshot;
  /** The history with the moves other tools made added in memory (observed events, not written). */
  readonly history: DeploymentHistory;
  /** Those moves. */
  readonly observed: readonly HistoryEvent[];
  /** What the readers skipped as unreadable or contradicting git (see ReadProblem). */
  readonly skipped: readonly ReadProblem[];
}

/**
 * The one place reads learn who moved an environment outside this project, and when: the tags,
 * the history, and the moves other tools made observed in memory (tag reflogs and tags, see
 * planObservations). `history`, `at`, `verify` and the editor all read outside moves from here,
 * so they agree. Writes nothing.
 */
export async function loadObservedHistory(git: Git, options: { reflogs?: boolean } = {}): Promise<ObservedHistory> {
  const [snapshot, history] = await Promise.all([loadSnapshot(git), loadHistory(git)]);
  const observed = await observeInMemory(git, snapshot, history, options);
  // Observing checked the events against the tags: what was skipped includes what contradicts git.
  return { snapshot, history, observed, skipped: joinProblems(snapshot.problems, history.skipped) };
}

export function observedSummary(drafts: readonly EventDraft[]): string {
  if (drafts.length === 1) {
    const d = drafts[0];
    return `observed ${d.componentId} · ${d.environment} at ${d.toVersion ?? d.toCommit?.slice(0, 10) ?? '(none)'}`;
  }
  return `observed ${drafts.length} environment positions moved outside edgit-deploy`;
}
