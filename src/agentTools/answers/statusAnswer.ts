import {
  ComponentFiles,
  DriftKind,
  Git,
  RepositorySnapshot,
  badMarks,
  checkEvents,
  checkReceipts,
  escapeJsonText,
  joinProblems,
  liveStateJson,
  liveStateOf,
  loadHistory,
  loadReceipts,
  loadSnapshot,
  openRepository,
} from '../../engine';
import { answerInputs, answerKey, answerPlace, answerRefs, readForAnswer, writeAnswer } from '../../engine/cache/answerCache';
import { cacheDisabled } from '../../engine/cache/cacheStore';
import { StatusDrift, driftFromRecord } from '../../engine/statusDrift';
import { SyncRecord, readSyncRecord, syncRecordIdentity } from '../../engine/syncRecord';

/**
 * The status answer, for `edgit-deploy status` and the edgit_status tool: what is read from git
 * (readStatus), its JSON (statusJson, exactly what `status --json` prints), and the kept-answer
 * flow both front doors share (statusAnswer): an answer kept for exactly the same inputs is
 * returned as it was, else computed and kept.
 */

/** Everything status shows, read from git: the snapshot, the bad marks and each component's file at HEAD. */
async function readStatus(git: Git, headCommit: string | undefined) {
  const files = new ComponentFiles(git);
  if (headCommit) files.prefetch(headCommit);
  // Bad marks live in the deployment history: read it, never write it.
  const [snapshot, history, read] = await Promise.all([loadSnapshot(git), loadHistory(git), loadReceipts(git)]);
  checkEvents(history, snapshot);
  // Deploy receipts: what each environment serves, next to where its tag points.
  const receipts = checkReceipts(read, snapshot);
  const skipped = joinProblems(snapshot.problems, history.skipped, receipts.skipped);
  const marks = badMarks(history);
  const components = [];
  for (const c of snapshot.components) {
    const at = headCommit ?? c.versions[0]?.commit;
    const path = at ? (await files.pathAt(c, at)).path : null;
    components.push({
      id: c.id,
      key: c.key,
      prefix: c.prefix,
      namespace: c.namespace,
      name: c.name,
      legacy: c.legacy,
      path,
      versions: c.versions.map((v) => ({
        version: v.version,
        commit: v.commit,
        date: v.date,
        tagger: v.tagger,
        message: v.message,
        annotated: v.annotated,
        prerelease: v.prerelease,
        bad: ((m) => (m ? { reason: m.reason, by: m.by, at: m.at } : null))(marks.get(c.key, v.version)),
      })),
      environments: c.environments.map((e) => ({
        name: e.name,
        version: e.version,
        commit: e.commit,
        movedAt: e.movedAt,
        movedBy: e.movedBy,
        annotated: e.annotated,
        live: liveStateJson(liveStateOf(receipts, history, c, e)),
      })),
      // Every version at each commit an environment is at, listed once per commit (not per environment).
      versionsAtCommit: Object.fromEntries(c.environments.flatMap((e) => (e.commit && e.versionsAtCommit.length ? [[e.commit, e.versionsAtCommit] as const] : []))),
    });
  }
  return { snapshot, marks, components, skipped };
}

export type StatusRead = Awaited<ReturnType<typeof readStatus>>;

/** An environment tag's drift as status shows it; null when nothing is known of it. */
export function driftOf(snapshot: RepositorySnapshot, drift: StatusDrift | undefined, componentKey: string, environment: string): DriftKind | null {
  const tag = snapshot.get(componentKey)?.environments.find((e) => e.name === environment)?.tag;
  return tag ? (drift?.kinds.get(tag) ?? null) : null;
}

/** What `status --json` prints: the components with each environment's drift, the remote compared with. */
export function statusJson({ snapshot, components, skipped }: StatusRead, drift: StatusDrift | undefined) {
  const remote = drift
    ? {
        name: drift.remote,
        checked: drift.checked,
        lastSync: drift.lastSyncMs === null ? null : new Date(drift.lastSyncMs).toISOString(),
        remoteOnly: drift.remoteOnly.map((r) => ({ component: snapshot.get(r.componentKey)?.id ?? r.componentKey, environment: r.environment })),
      }
    : null;
  const shaped = components.map((c) => ({ ...c, environments: c.environments.map((e) => ({ ...e, drift: driftOf(snapshot, drift, c.key, e.name) })) }));
  return { repository: snapshot.root, components: shaped, unrecognizedTags: snapshot.unrecognizedTags.length, skipped, remote };
}

/** statusJson as `status --json` writes it (hidden characters in strings as `\u` escapes). */
export function statusJsonText(read: StatusRead, drift: StatusDrift | undefined): string {
  return escapeJsonText(JSON.stringify(statusJson(read, drift), null, 2)) + '\n';
}

export interface StatusAnswerOptions {
  /** What the answer depends on besides the repository (its form, the sync record it compares with): part of the kept answer's key. */
  readonly arguments: (sync: SyncRecord | undefined) => string[];
  /** Whether an answer may be kept and reused (not when the remote is asked now). */
  readonly keep: boolean;
  /** The drift shown, from what was read. */
  readonly drift: (git: Git, snapshot: RepositorySnapshot, sync: SyncRecord | undefined) => Promise<StatusDrift | undefined>;
  readonly format: (read: StatusRead, drift: StatusDrift | undefined) => string;
  /** Receives the answer as soon as it is known (before it is kept). */
  readonly write: (answer: Buffer) => void;
}

/** The drift without network: against the sync record, when there is one. */
export async function recordedDrift(_git: Git, snapshot: RepositorySnapshot, sync: SyncRecord | undefined): Promise<StatusDrift | undefined> {
  return sync && driftFromRecord(snapshot, sync);
}

/**
 * The status answer for the repository at or above `dir`, kept answer first: every input of the
 * answer is read without opening an object (two git calls, the kept file read while git lists);
 * when an answer was kept for exactly these, it is given as it was. No listing (a tag whose object
 * is missing), or not `keep`: the answer is computed and not kept.
 */
export async function statusAnswer(dir: string, options: StatusAnswerOptions): Promise<void> {
  const known = options.keep && !cacheDisabled() ? await readForAnswer(new Git(dir), 'status').catch(() => undefined) : undefined;
  const git = known ? new Git(known.place.root) : await openRepository(dir);
  if (known) git.knowCommonDir(known.place.gitDir);
  const [place, refs] = known ? [known.place, known.refs] : await Promise.all([answerPlace(git), answerRefs(git).catch(() => undefined)]);
  const sync = await readSyncRecord(place.gitDir);
  const args = options.arguments(sync);
  const key = refs && options.keep ? answerKey(await answerInputs(place, refs), args) : undefined;
  if (key && known?.kept?.key === key) {
    options.write(known.kept.answer);
    return;
  }
  const read = await readStatus(git, place.head ?? undefined);
  const drift = await options.drift(git, read.snapshot, sync);
  // Every git read is done: the listing that tells whether a ref moved meanwhile runs while the answer is written out.
  const refsAfter = key ? Promise.all([answerRefs(git), readSyncRecord(place.gitDir)]).catch(() => undefined) : undefined;
  // Encoded once, for the reader and for the cache file.
  const answer = Buffer.from(options.format(read, drift), 'utf8');
  options.write(answer);
  // Kept only when nothing it depends on changed while it was computed (a ref moved, the registry written, a sync).
  const after = await refsAfter;
  if (key && after && answerKey(await answerInputs(place, after[0]), options.arguments(after[1])) === key) {
    await writeAnswer(git, 'status', key, answer);
  }
}

/** The arguments of the JSON answer: the sync record it compares with (the same key for the CLI's --json and the tool). */
export function statusJsonArguments(sync: SyncRecord | undefined): string[] {
  return ['json', syncRecordIdentity(sync)];
}
