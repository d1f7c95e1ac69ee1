import { readTagHeaders } from './tagHeaders';
import { ReadProblem } from './readProblems';
import { checkEventsWith, knowledgeOf } from './history/eventChecks';
import { outsideMoveOf } from './history/observe';
import { randomBytes } from 'node:crypto';
import { ComponentFiles, conventionPaths, isSafeRelativePath } from './componentFiles';
import { EdgitError } from './errors';
import { Git } from './git';
import { BadMark, BadMarks, badMarks, describeMark } from './history/badMarks';
import { HistoryEvent } from './history/historyEvents';
import { DeploymentHistory } from './history/deploymentHistory';
import { HISTORY_REF } from './history/historyRefs';
import { loadHistory } from './history/historyReader';
import { ComponentInfo, RepositorySnapshot, peelToCommits } from './snapshot';
import { parseComponentKey, parseTag } from './tagGrammar';

/**
 * A gate for CI: every environment tag must be where the newest *recorded* event for it (a move
 * made through this project) says, at no version marked bad, and at a commit that has the
 * component's file. Reads only: no ref, no history commit, no sync record is written (a remote's
 * refs are fetched into a temporary namespace that is removed before returning).
 */

type VerifyProblemKind =
  /** The tag is not where the newest recorded event put it (moved or created by another tool). */
  | 'unrecorded-move'
  /** The newest recorded event says the environment exists, and its tag is gone. */
  | 'unrecorded-deletion'
  /** The environment is at a version marked bad. */
  | 'marked-bad'
  /** The environment's target has no file for the component: it would ship nothing. */
  | 'missing-file'
  /** verify --live: the tag moved longer ago than allowed and no deploy reported its position live. */
  | 'not-live';

/** One environment tag as verified (local or on a remote). */
export interface VerifiedTag {
  readonly componentKey: string;
  readonly componentId: string;
  readonly environment: string;
  readonly tag: string;
  /** The object the tag names (null: the tag does not exist). */
  readonly object: string | null;
  readonly commit: string | null;
  readonly version: string | null;
  /** Tagger and date of an annotated env tag: who moved it there, when. */
  readonly movedBy: string | null;
  readonly movedAt: string | null;
}

export interface VerifyProblem {
  readonly kind: VerifyProblemKind;
  readonly tag: VerifiedTag;
  /** What the newest recorded event says, when there is one. */
  readonly recorded: { version: string | null; commit: string | null; at: string; by: string | null; batch: string } | null;
  readonly mark?: BadMark;
  /** One line for people. */
  readonly message: string;
}

export interface VerifyReport {
  /** `local`, or the remote's name. */
  readonly source: string;
  /** No problem and nothing skipped. */
  readonly ok: boolean;
  readonly checked: readonly VerifiedTag[];
  readonly problems: readonly VerifyProblem[];
  /**
   * What could not be read or contradicts git (history commits, events, tags), each named: the
   * gate fails on them, as nothing it checked can rest on them.
   */
  readonly skipped: readonly ReadProblem[];
}

export interface VerifyOptions {
  /** Only these environments (all when absent or empty). */
  readonly environments?: readonly string[];
}

/** A component as far as the file check needs it, for a component known only from a remote's tags. */
function componentOf(snapshot: RepositorySnapshot, key: string): ComponentInfo | undefined {
  const known = snapshot.get(key);
  if (known) return known;
  const parsed = parseComponentKey(key);
  if (!parsed) return undefined;
  return { ...parsed, id: `${parsed.namespace}/${parsed.name}`, versions: [], environments: [] };
}

/** The newest recorded event of an environment (observed events do not count: they are what the gate catches). */
export function newestRecorded(history: DeploymentHistory, key: string, environment: string): HistoryEvent | undefined {
  const timeline = history.timeline(key, environment);
  for (let i = timeline.length - 1; i >= 0; i--) if (timeline[i].kind === 'recorded') return timeline[i];
  return undefined;
}

/**
 * Whether an environment tag naming `object` (peeled to `commit`) is where its newest recorded
 * event put it: the same tag object when the event names one, else the same commit.
 */
export function isWhereRecorded(event: HistoryEvent | undefined, object: string | null, commit: string | null): boolean {
  return !!event && (event.toObject ? event.toObject === object : event.toCommit === commit);
}

/**
 * Verifies environment tags (`tags`: ref → object; versions: version tag ref → object) against a
 * history. `snapshot` supplies component files and version names known locally.
 */
async function verifyTags(
  git: Git,
  snapshot: RepositorySnapshot,
  history: DeploymentHistory,
  tags: ReadonlyMap<string, string>,
  source: string,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const only = options.environments?.length ? new Set(options.environments) : null;
  const envTags = new Map<string, { key: string; environment: string; object: string | null }>();
  const versionObjects = new Map<string, { key: string; version: string }>();
  for (const [ref, object] of tags) {
    const parsed = parseTag(ref);
    if (!parsed) continue;
    if (parsed.slotKind === 'version') versionObjects.set(object, { key: parsed.key, version: parsed.slot });
    else if (!only || only.has(parsed.slot)) envTags.set(parsed.tag, { key: parsed.key, environment: parsed.slot, object });
  }
  // Environments the history says exist, whose tag is gone.
  for (const key of history.componentKeys()) {
    for (const environment of history.environmentsOf(key)) {
      if (only && !only.has(environment)) continue;
      const tag = `${key}/${environment}`;
      if (!envTags.has(tag) && newestRecorded(history, key, environment)?.toCommit) envTags.set(tag, { key, environment, object: null });
    }
  }
  const objects = [...envTags.values()].map((t) => t.object).filter((o): o is string => !!o);
  const [headers, commits] = await Promise.all([readTagHeaders(git, objects), peelToCommits(git, [...objects, ...versionObjects.keys()])]);
  // Events that contradict what these tags' objects say are left out (see eventChecks.ts).
  const known = knowledgeOf(snapshot);
  for (const o of objects) known.commitOf.set(o, commits.get(o) ?? null);
  for (const [o, v] of versionObjects) {
    const commit = commits.get(o);
    known.commitOf.set(o, commit ?? null);
    if (commit) {
      let byVersion = known.versions.get(v.key);
      if (!byVersion) known.versions.set(v.key, (byVersion = new Map<string, string>()));
      byVersion.set(v.version, commit);
    }
  }
  checkEventsWith(history, known);
  const skipped: ReadProblem[] = [...history.skipped];
  const marks: BadMarks = badMarks(history);
  const files = new ComponentFiles(git);
  const checked: VerifiedTag[] = [];
  const problems: VerifyProblem[] = [];
  const fileChecks: FileCheck[] = [];
  const sorted = [...envTags.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [tag, t] of sorted) {
    const component = componentOf(snapshot, t.key);
    const header = t.object ? headers.get(t.object) : undefined;
    const commit = t.object ? (commits.get(t.object) ?? null) : null;
    const direct = versionObjects.get(header?.target ?? t.object ?? '');
    const version =
      (direct && direct.key === t.key ? direct.version : null) ?? component?.versions.find((v) => v.commit === commit)?.version ?? null;
    let verified: VerifiedTag = {
      componentKey: t.key,
      componentId: component?.id ?? t.key,
      environment: t.environment,
      tag,
      object: t.object,
      commit,
      version,
      movedBy: header?.tagger ?? null,
      movedAt: header?.taggerMs != null ? new Date(header.taggerMs).toISOString() : null,
    };
    if (header?.dateProblem) skipped.push({ where: `refs/tags/${tag}`, what: `tagger ${header.dateProblem}` });
    checked.push(verified);
    const event = newestRecorded(history, t.key, t.environment);
    const recorded = event ? { version: event.toVersion, commit: event.toCommit, at: event.at, by: event.by, batch: event.batch } : null;
    const here = version ?? (commit ? `commit ${commit.slice(0, 10)}` : '(absent)');
    const said = event ? `${event.toVersion ?? (event.toCommit ? `commit ${event.toCommit.slice(0, 10)}` : '(deleted)')} (recorded ${event.at.replace('.000Z', 'Z')} by ${event.by ?? 'unknown'}, batch ${event.batch})` : 'nothing: no recorded move';
    // Who moved it and when, as history and at tell it (the tag's reflog, else the tag itself): one place, the same answer.
    const outside = t.object ? outsideMoveOf(history, t.key, t.environment, t.object) : undefined;
    if (outside) {
      verified = { ...verified, movedBy: outside.by, movedAt: outside.dated ? outside.at : null };
      checked[checked.length - 1] = verified;
    }
    const who = outside
      ? outside.dated
        ? `moved by ${outside.by ?? 'someone unknown'} at ${outside.at.replace('.000Z', 'Z')}`
        : `moved by ${outside.by ?? 'someone unknown'} at an unknown moment, first seen here at ${outside.at.replace('.000Z', 'Z')}`
      : header
        ? `moved by ${verified.movedBy ?? 'an unknown tagger'} at ${verified.movedAt?.replace('.000Z', 'Z') ?? 'an unreadable date'}`
        : 'a lightweight tag: who and when unknown';
    const label = `${verified.componentId} · ${t.environment}`;
    if (!t.object) {
      problems.push({ kind: 'unrecorded-deletion', tag: verified, recorded, message: `${label}: the tag is gone; the newest recorded event says ${said}` });
      continue;
    }
    const matches = isWhereRecorded(event, t.object, commit);
    if (!matches) {
      problems.push({ kind: 'unrecorded-move', tag: verified, recorded, message: `${label}: at ${here}, ${who}; the newest recorded event says ${said}` });
    }
    const mark = marks.get(t.key, version);
    if (mark) problems.push({ kind: 'marked-bad', tag: verified, recorded, mark, message: `${label}: at ${version}, which is ${describeMark(mark)}` });
    if (component && commit) {
      fileChecks.push({ component, commit, label, here, verified, recorded });
    } else if (!commit) {
      problems.push({ kind: 'missing-file', tag: verified, recorded, message: `${label}: the tag names no commit (${t.object.slice(0, 10)} is missing or not a commit)` });
    }
  }
  // The file check: one `cat-file --batch-check` over the registry and convention paths of every
  // tag, then a tree search (ComponentFiles) only for the few found nowhere there.
  const present = await conventionalFilesPresent(git, files, fileChecks);
  for (const [i, f] of fileChecks.entries()) {
    if (present[i]) continue;
    const content = await files.contentAt(f.component, f.commit).catch(() => undefined);
    if (!content?.found) {
      problems.push({
        kind: 'missing-file',
        tag: f.verified,
        recorded: f.recorded,
        message: `${f.label}: ${f.here} has no file for ${f.verified.componentId} (${content && !content.found ? content.reason : 'unreadable'})`,
      });
    }
  }
  problems.sort((a, b) => (a.tag.tag < b.tag.tag ? -1 : a.tag.tag > b.tag.tag ? 1 : 0));
  return { source, ok: problems.length === 0 && skipped.length === 0, checked, problems, skipped };
}

interface FileCheck {
  readonly component: ComponentInfo;
  readonly commit: string;
  readonly label: string;
  readonly here: string;
  readonly verified: VerifiedTag;
  readonly recorded: VerifyProblem['recorded'];
}

/** Per check: whether the commit has a blob at the component's registry path or one of its convention paths. */
async function conventionalFilesPresent(git: Git, files: ComponentFiles, checks: readonly FileCheck[]): Promise<boolean[]> {
  const registry = await files.registry();
  const lines: string[] = [];
  const owner: number[] = [];
  checks.forEach((c, i) => {
    const entry = registry.get(`${c.component.namespace}/${c.component.name}`) ?? registry.get(`*/${c.component.name}`);
    for (const p of [...(entry ? [entry.path] : []), ...conventionPaths(c.component)]) {
      if (!isSafeRelativePath(p)) continue;
      lines.push(`${c.commit}:${p}`);
      owner.push(i);
    }
  });
  const present = checks.map(() => false);
  if (!lines.length) return present;
  const out = await git.text(['cat-file', '--batch-check=%(objecttype)', '--buffer'], { input: lines.map((l) => `${l}\n`).join('') });
  out.split('\n').forEach((answer, j) => {
    if (j < owner.length && answer === 'blob') present[owner[j]] = true;
  });
  return present;
}

/** Verifies the local environment tags against the local history. */
export async function verifyDeployments(git: Git, snapshot: RepositorySnapshot, history: DeploymentHistory, options: VerifyOptions = {}): Promise<VerifyReport> {
  const tags = new Map<string, string>();
  for (const c of snapshot.components) {
    for (const v of c.versions) tags.set(`refs/tags/${v.tag}`, v.objectName);
    for (const e of c.environments) tags.set(`refs/tags/${e.tag}`, e.objectName);
  }
  const report = await verifyTags(git, snapshot, history, tags, 'local', options);
  // Tags whose objects could not be read in full (their dates are already named by verifyTags).
  const named = new Set(report.skipped.map((p) => `${p.where}\0${p.what}`));
  const skipped = [...report.skipped, ...snapshot.problems.filter((p) => !named.has(`${p.where}\0${p.what}`))];
  return { ...report, ok: report.ok && skipped.length === report.skipped.length, skipped };
}

/**
 * Verifies a remote's environment tags against the remote's history. Reads the remote's refs
 * with `git ls-remote`; objects missing here are fetched into a temporary namespace
 * (refs/edgit/tmp/verify-…) removed before returning. Local tags and the local history are
 * never touched.
 */
export async function verifyRemoteDeployments(git: Git, snapshot: RepositorySnapshot, remote: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const listed = await git.run(['ls-remote', '--end-of-options', remote], { okExitCodes: [2, 128] });
  if (listed.exitCode !== 0) {
    throw new EdgitError(`Cannot reach the remote "${remote}": ${gitMessage(listed.stderr)}`, 'remote-unreachable', 'Check your network and credentials, then try again.');
  }
  const tags = new Map<string, string>();
  let historyTip: string | null = null;
  for (const line of listed.stdout.toString('utf8').split('\n')) {
    const [oid, ref] = line.split('\t');
    if (!oid || !ref || ref.endsWith('^{}')) continue;
    if (ref === HISTORY_REF) historyTip = oid;
    else if (ref.startsWith('refs/tags/') && parseTag(ref)) tags.set(ref, oid);
  }
  const wanted = [...tags.entries()];
  const present = await presentObjects(git, [...wanted.map(([, o]) => o), ...(historyTip ? [historyTip] : [])]);
  const missing = wanted.filter(([, o]) => !present.has(o)).map(([ref]) => ref);
  if (historyTip && !present.has(historyTip)) missing.push(HISTORY_REF);
  const namespace = `refs/edgit/tmp/verify-${process.pid}-${randomBytes(4).toString('hex')}`;
  const fetched: string[] = [];
  try {
    if (missing.length) {
      const refspecs = missing.map((ref) => `+${ref}:${namespace}/${ref.slice('refs/'.length)}`);
      const result = await git.run(['fetch', '--no-tags', '--no-write-fetch-head', '--quiet', '--stdin', '--end-of-options', remote], {
        input: refspecs.join('\n') + '\n',
        okExitCodes: [1, 128],
      });
      fetched.push(...missing.map((ref) => `${namespace}/${ref.slice('refs/'.length)}`));
      if (result.exitCode !== 0) {
        throw new EdgitError(`Cannot fetch the remote's tags from "${remote}": ${gitMessage(result.stderr)}`, 'remote-unreachable', 'Check the remote and try again.');
      }
    }
    const history = historyTip ? await loadHistory(git, { tips: [historyTip] }) : new DeploymentHistory();
    return await verifyTags(git, snapshot, history, tags, remote, options);
  } finally {
    if (fetched.length) {
      const left = (await git.text(['for-each-ref', '--format=%(refname)', namespace])).split('\n').filter(Boolean);
      if (left.length) await git.run(['update-ref', '--stdin'], { input: left.map((r) => `delete ${r}\n`).join('') });
    }
  }
}

/** The objects among `objects` that exist here. */
async function presentObjects(git: Git, objects: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(objects)];
  const out = unique.length ? await git.text(['cat-file', '--batch-check=%(objectname)', '--buffer'], { input: unique.map((o) => `${o}\n`).join('') }) : '';
  const lines = out.split('\n');
  return new Set(unique.filter((o, i) => lines[i] === o));
}

function gitMessage(stderr: string): string {
  return stderr.trim().split('\n').filter(Boolean).map((l) => l.replace(/^(fatal|error): /, '')).join(' ') || 'no details';
}
