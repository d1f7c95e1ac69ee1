import { DriftKind, EdgitError, Git, RepositorySnapshot, isEdgitError, liveStateJson, resolveRemote } from '../../engine';
import { StatusRead, driftOf, recordedDrift, statusAnswer, statusJsonArguments, statusJsonText } from '../../agentTools/answers/statusAnswer';
import { CliCommand, CliContext, flag, skippedLines, stringOption } from '../cliContext';
import { humanTime, timeZoneIdentity } from '../../engine/humanTime';
import { fixed, flowing, layoutRecord, wrapSentence } from '../recordLayout';
import { StatusDrift, driftFromRecord, driftFromRemote, remoteTimeoutMs } from '../../engine/statusDrift';
import { SyncRecord, syncRecordIdentity } from '../../engine/syncRecord';
import { shownMessage, shownName, shownText } from '../untrustedOutput';

export const statusCommand: CliCommand = {
  name: 'status',
  usage: 'status [--remote [NAME]] [--repo DIR] [--json]',
  summary: 'every component with its environments and versions, and what differs from the remote (as of the last sync; --remote: asked now)',
  options: { remote: { type: 'string', optionalValue: true } },
  async run(ctx: CliContext): Promise<number> {
    const json = flag(ctx, 'json');
    const asked = stringOption(ctx, 'remote');
    await statusAnswer(stringOption(ctx, 'repo') ?? ctx.cwd, {
      arguments: (sync) => statusAnswerArguments(json, ctx.width, sync),
      keep: asked === undefined,
      drift: (git, snapshot, sync) => statusDrift(ctx, git, snapshot, sync, asked),
      format: (read, drift) => formatStatus(read, drift, json, ctx.width),
      write: (answer) => ctx.stdout.write(answer),
    });
    return 0;
  },
};

/**
 * What besides the repository a status answer depends on: its form; the sync record it compares
 * the tags with (drift, syncRecord.ts); and for text, the width it is laid out to and the time
 * zone and year its moments are written in (humanTime.ts).
 */
function statusAnswerArguments(json: boolean, width: number, sync: SyncRecord | undefined): string[] {
  return json ? statusJsonArguments(sync) : ['text', `width ${width}`, timeZoneIdentity(), syncRecordIdentity(sync)];
}

/**
 * The drift status shows: asked of the remote with --remote (falling back to the sync record,
 * said on stderr, when it cannot be asked in time), else from the sync record, else none.
 */
async function statusDrift(ctx: CliContext, git: Git, snapshot: RepositorySnapshot, sync: SyncRecord | undefined, asked: string | undefined): Promise<StatusDrift | undefined> {
  if (asked === undefined) return recordedDrift(git, snapshot, sync);
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
function formatStatus(read: StatusRead, drift: StatusDrift | undefined, json: boolean, width: number): string {
  if (json) return statusJsonText(read, drift);
  const { snapshot, marks, components, skipped } = read;
  const remoteOnly = (key: string) => (drift?.remoteOnly ?? []).filter((r) => r.componentKey === key).map((r) => r.environment);
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
      const flags = [e.version && marks.get(c.key, e.version) ? 'marked bad' : '', DRIFT_WORDS[driftOf(snapshot, drift, c.key, e.name) ?? 'in-sync'] ?? ''].filter(Boolean);
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
