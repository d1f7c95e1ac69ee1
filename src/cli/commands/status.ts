import {
  ComponentFiles,
  DriftKind,
  EdgitError,
  Git,
  RepositorySnapshot,
  badMarks,
  checkEvents,
  checkReceipts,
  escapeJsonText,
  isEdgitError,
  joinProblems,
  liveStateJson,
  liveStateOf,
  loadHistory,
  loadReceipts,
  loadSnapshot,
  resolveRemote,
} from '../../engine';
import { answerInputs, answerKey, answerPlace, answerRefs, readForAnswer, writeAnswer } from '../../engine/cache/answerCache';
import { cacheDisabled } from '../../engine/cache/cacheStore';
import { CliCommand, CliContext, flag, repository, skippedLines, stringOption } from '../cliContext';
import { humanTime, timeZoneIdentity } from '../../engine/humanTime';
import { fixed, flowing, layoutRecord, wrapSentence } from '../recordLayout';
import { StatusDrift, driftFromRecord, driftFromRemote, remoteTimeoutMs } from '../../engine/statusDrift';
import { SyncRecord, readSyncRecord, syncRecordIdentity } from '../../engine/syncRecord';
import { shownMessage, shownName, shownText } from '../untrustedOutput';

export const statusCommand: CliCommand = {
  name: 'status',
  usage: 'status [--remote [NAME]] [--repo DIR] [--json]',
  summary: 'every component with its environments and versions, and what differs from the remote (as of the last sync; --remote: asked now)',
  options: { remote: { type: 'string', optionalValue: true } },
  async run(ctx: CliContext): Promise<number> {
    const json = flag(ctx, 'json');
    const asked = stringOption(ctx, 'remote');
    // Every input of the answer, read without opening an object (two git calls, the kept file read
    // while git lists): when an answer was kept for exactly these, it is printed as it was. No
    // listing (a tag whose object is missing), or a remote asked: the answer is computed and not kept.
    const known = asked === undefined && !cacheDisabled() ? await readForAnswer(new Git(stringOption(ctx, 'repo') ?? ctx.cwd), 'status').catch(() => undefined) : undefined;
    const git = known ? new Git(known.place.root) : await repository(ctx);
    if (known) git.knowCommonDir(known.place.gitDir);
    const [place, refs] = known ? [known.place, known.refs] : await Promise.all([answerPlace(git), answerRefs(git).catch(() => undefined)]);
    const sync = await readSyncRecord(place.gitDir);
    const args = statusAnswerArguments(json, ctx.width, sync);
    const key = refs && asked === undefined ? answerKey(await answerInputs(place, refs), args) : undefined;
    if (key && known?.kept?.key === key) {
      ctx.stdout.write(known.kept.answer);
      return 0;
    }
    const read = await readStatus(git, place.head ?? undefined);
    const drift = await statusDrift(ctx, git, read.snapshot, sync, asked);
    // Every git read is done: the listing that tells whether a ref moved meanwhile runs while the answer is written out.
    const refsAfter = key ? Promise.all([answerRefs(git), readSyncRecord(place.gitDir)]).catch(() => undefined) : undefined;
    // Encoded once, for the terminal and for the cache file.
    const answer = Buffer.from(formatStatus(read, drift, json, ctx.width), 'utf8');
    ctx.stdout.write(answer);
    // Kept only when nothing it depends on changed while it was computed (a ref moved, the registry written, a sync).
    const after = await refsAfter;
    if (key && after && answerKey(await answerInputs(place, after[0]), statusAnswerArguments(json, ctx.width, after[1])) === key) {
      await writeAnswer(git, 'status', key, answer);
    }
    return 0;
  },
};

/**
 * What besides the repository a status answer depends on: its form; the sync record it compares
 * the tags with (drift, syncRecord.ts); and for text, the width it is laid out to and the time
 * zone and year its moments are written in (humanTime.ts).
 */
function statusAnswerArguments(json: boolean, width: number, sync: SyncRecord | undefined): string[] {
  return json ? ['json', syncRecordIdentity(sync)] : ['text', `width ${width}`, timeZoneIdentity(), syncRecordIdentity(sync)];
}

/**
 * The drift status shows: asked of the remote with --remote (falling back to the sync record,
 * said on stderr, when it cannot be asked in time), else from the sync record, else none.
 */
async function statusDrift(ctx: CliContext, git: Git, snapshot: RepositorySnapshot, sync: SyncRecord | undefined, asked: string | undefined): Promise<StatusDrift | undefined> {
  if (asked === undefined) return sync && driftFromRecord(snapshot, sync);
  const remote = await resolveRemote(git, asked || null);
  if (!remote) throw new EdgitError('This repository has no remote to compare with.', 'remote-unreachable', 'Add one with `git remote add origin URL`.');
  try {
    return await driftFromRemote(git, snapshot, remote, remoteTimeoutMs());
  } catch (e) {
    if (!isEdgitError(e)) throw e;
    const fallback = sync?.remote === remote ? driftFromRecord(snapshot, sync) : undefined;
    ctx.stderr.write(
      wrapSentence(ctx.width, `status: ${shownMessage(e.userMessage)} ${fallback ? 'Compared with the last sync instead.' : 'No drift shown.'}`).join('\n') + '\n',
    );
    return fallback;
  }
}

/** Everything status prints, read from git: the snapshot, the bad marks and each component's file at HEAD. */
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

/** How a drift shows in a status line (the tree's words, driftPresentation.ts); nothing when in sync or unknown. */
const DRIFT_WORDS: Partial<Record<DriftKind, string>> = {
  // 'in-sync' and 'remote-only' (listed apart) show nothing.
  'local-ahead': 'not pushed',
  'local-only': 'not pushed',
  'remote-moved': 'moved on remote',
  diverged: 'moved here and on remote',
  differs: 'differs from remote',
  'remote-deleted': 'deleted on remote',
};

/** An environment's deploy state in a status line: `live since 14:03`, `deploy pending, v1.1.0 live`; nothing when never reported. */
function liveWords(live: ReturnType<typeof liveStateJson>): string {
  if (!live) return '';
  if (live.state === 'live') return `live since ${humanTime(live.since ?? '')}${live.settlesAt ? `, caches settle by ${humanTime(live.settlesAt)}` : ''}`;
  const last = live.version ? shownName(live.version) : live.commit ? `commit ${live.commit.slice(0, 10)}` : null;
  return `deploy pending${last ? `, ${last} live` : ''}`;
}

/** What `status` prints (JSON or text) for what was read. */
function formatStatus({ snapshot, marks, components, skipped }: Awaited<ReturnType<typeof readStatus>>, drift: StatusDrift | undefined, json: boolean, width: number): string {
  const driftOf = (c: { key: string }, environment: string): DriftKind | null => {
    const tag = snapshot.get(c.key)?.environments.find((e) => e.name === environment)?.tag;
    return tag ? (drift?.kinds.get(tag) ?? null) : null;
  };
  const remoteOnly = (key: string) => (drift?.remoteOnly ?? []).filter((r) => r.componentKey === key).map((r) => r.environment);
  if (json) {
    const remote = drift
      ? {
          name: drift.remote,
          checked: drift.checked,
          lastSync: drift.lastSyncMs === null ? null : new Date(drift.lastSyncMs).toISOString(),
          remoteOnly: drift.remoteOnly.map((r) => ({ component: snapshot.get(r.componentKey)?.id ?? r.componentKey, environment: r.environment })),
        }
      : null;
    const shaped = components.map((c) => ({ ...c, environments: c.environments.map((e) => ({ ...e, drift: driftOf(c, e.name) })) }));
    return escapeJsonText(JSON.stringify({ repository: snapshot.root, components: shaped, unrecognizedTags: snapshot.unrecognizedTags.length, skipped, remote }, null, 2)) + '\n';
  }
  const out: string[] = [];
  const print = (...lines: string[]) => out.push(...lines.map((l) => l + '\n'));
  if (!components.length) {
    print(...wrapSentence(width, `No Edgit tags in ${shownText(snapshot.root)}. Create a version with: edgit-deploy version prompts/extraction v1.0.0`));
  }
  // Names and values from the tags are escaped here, so the text kept for the next status is as printed.
  for (const c of components) {
    print(...layoutRecord(width, { head: [fixed(`${shownName(c.id)}${c.legacy ? ' (legacy layout)' : ''}`), fixed(c.path ? shownText(c.path) : '')] }));
    const names = c.environments.map((e) => shownName(e.name));
    const column = Math.min(Math.max(12, ...names.map((n) => n.length)), 24);
    for (const e of c.environments) {
      const flags = [e.version && marks.get(c.key, e.version) ? 'marked bad' : '', DRIFT_WORDS[driftOf(c, e.name) ?? 'in-sync'] ?? ''].filter(Boolean);
      const at = e.version ? shownName(e.version) : e.commit ? `commit ${e.commit.slice(0, 10)} (no version)` : 'nothing';
      const head = `${shownName(e.name).padEnd(column)} → ${at}${flags.length ? ` (${flags.join(', ')})` : ''}`;
      const moved = e.movedAt ? flowing(`moved ${humanTime(e.movedAt)}${e.movedBy ? ` by ${shownText(e.movedBy)}` : ''}`) : fixed('');
      // What a deploy reported it serves (live, pending): a line of its own under who moved it, wrapped like the rest.
      const live = liveWords(e.live);
      print(...layoutRecord(width, { indent: 2, head: [fixed(head)], details: [[moved], [flowing(live)]], detailsInline: true }));
    }
    for (const name of remoteOnly(c.key)) print(`  ${shownName(name).padEnd(column)} → (on ${shownText(drift?.remote ?? 'the remote')} only: not fetched)`);
    const shown = c.versions.slice(0, 5).map((v) => fixed(v.bad ? `${shownName(v.version)} (bad)` : shownName(v.version)));
    const more = c.versions.length > 5 ? [fixed(`… (${c.versions.length})`)] : [];
    print(...layoutRecord(width, { indent: 2, head: [fixed('versions:'), ...[...shown, ...more].map((p, i, all) => fixed(i < all.length - 1 ? `${p.text},` : p.text))], separator: ' ' }));
  }
  const elsewhere = (drift?.remoteOnly ?? []).filter((r) => !snapshot.get(r.componentKey));
  if (drift && elsewhere.length) {
    print(...wrapSentence(width, `${elsewhere.length} environment(s) of components not here are on ${shownText(drift.remote)} only (e.g. ${elsewhere.slice(0, 2).map((r) => `${shownName(r.componentKey)} · ${shownName(r.environment)}`).join(', ')}): edgit-deploy fetch brings them.`));
  }
  if (snapshot.unrecognizedTags.length) {
    print(...wrapSentence(width, `${snapshot.unrecognizedTags.length} tag(s) fit no Edgit layout and were skipped (e.g. ${snapshot.unrecognizedTags.slice(0, 3).map(shownName).join(', ')}).`));
  }
  if (drift) {
    const remote = shownText(drift.remote);
    const synced = drift.lastSyncMs === null ? '' : humanTime(drift.lastSyncMs);
    print(
      ...wrapSentence(
        width,
        drift.checked === 'now' ? `Compared with ${remote} now.` : `Compared with ${remote} as last synced${synced ? `, ${synced}` : ''}, without network (status --remote asks it now).`,
        2,
        [synced],
      ),
    );
  }
  // Printed with the answer (not apart on stderr), so a kept answer tells it too.
  if (skipped.length) print(...skippedLines(width, skipped));
  return out.join('');
}
