import {
  EdgitError,
  EnvironmentDrift,
  Git,
  HISTORY_REF,
  RepositorySnapshot,
  completeHistoryPush,
  fetchHistory,
  environmentDrift,
  loadHistory,
  loadSnapshot,
  observeOutsideMoves,
  peelToCommits,
  prepareHistoryPush,
  pushHistory,
  pushPendingMoves,
  readHistoryHead,
  resolveRemote,
} from '../../engine';
import { CliCommand, CliContext, flag, print, printJson, repository, stringOption } from '../cliContext';
import { confirmMove } from '../confirm';
import { shownName, shownText } from '../untrustedOutput';

/** One pending tag as people read it: the version on the remote → the version here. */
interface PendingLine {
  readonly tag: string;
  readonly kind: string;
  readonly from: { object: string | null; version: string | null };
  readonly to: { object: string | null; version: string | null };
}

async function describePending(git: Git, snapshot: RepositorySnapshot, pending: readonly EnvironmentDrift[]): Promise<PendingLine[]> {
  const objects = pending.flatMap((d) => [d.local, d.remote]).filter((o): o is string => !!o);
  const commits = await peelToCommits(git, objects);
  const versionOf = (key: string, object: string | null) => {
    if (!object) return null;
    const commit = commits.get(object);
    const c = snapshot.get(key);
    return (commit && c?.versions.find((v) => v.objectName === object || v.commit === commit)?.version) ?? null;
  };
  return pending.map((d) => ({
    tag: d.ref.replace(/^refs\/tags\//, ''),
    kind: d.kind,
    from: { object: d.remote, version: versionOf(d.componentKey, d.remote) },
    to: { object: d.local, version: versionOf(d.componentKey, d.local) },
  }));
}

const label = (p: { object: string | null; version: string | null }) => (p.version ? shownName(p.version) : p.object ? `object ${p.object.slice(0, 10)}` : '(none)');

/** A tag name from a ref, as printed. */
const tagOf = (ref: string) => shownName(ref.replace(/^refs\/tags\//, ''));

/** The history ref on the remote, read without fetching it. */
async function remoteHistoryValue(git: Git, remote: string): Promise<string | null> {
  const r = await git.run(['ls-remote', '--end-of-options', remote, HISTORY_REF], { okExitCodes: [2, 128] });
  if (r.exitCode !== 0) return null;
  return r.stdout.toString('utf8').split('\t')[0]?.trim() || null;
}

export const pushCommand: CliCommand = {
  name: 'push',
  usage: 'push [--remote NAME] [--yes] [--dry-run] [--repo DIR] [--json]',
  summary: 'push environment moves made here and not pushed yet (one atomic push with leases); lists each tag from → to first',
  options: { remote: { type: 'string' }, yes: { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
  async run(ctx: CliContext): Promise<number> {
    const git = await repository(ctx);
    const remote = await resolveRemote(git, stringOption(ctx, 'remote'));
    if (!remote) throw new EdgitError('This repository has no remote to push to.', 'remote-unreachable', 'Add one with `git remote add origin URL`.');
    const dryRun = flag(ctx, 'dry-run');
    const snapshot = await loadSnapshot(git);
    if (!dryRun) {
      // The remote's history first (joined, never rewritten): what it records is not an outside move.
      const before = await readHistoryHead(git);
      const joined = await fetchHistory(git, remote);
      if (!before && joined.local) ctx.stderr.write(`This clone had no deployment history: fetched it from ${shownText(remote)} first.\n`);
      // An explicit push writes (and publishes) what reads only showed: moves made outside, as observed events.
      const observed = await observeOutsideMoves(git, snapshot, await loadHistory(git));
      if (observed.length) ctx.stderr.write(`Recorded ${observed.length} move(s) made outside edgit-deploy as observed events.
`);
    }
    const drift = await environmentDrift(git, snapshot, remote, { record: !dryRun });
    const pending = drift.filter((d) => d.kind === 'local-ahead' || d.kind === 'local-only');
    const skipped = drift.filter((d) => d.kind !== 'in-sync' && !pending.includes(d)).map((d) => ({ ref: d.ref, kind: d.kind }));
    const json = flag(ctx, 'json');
    const human = (text: string) => (json ? ctx.stderr.write(text + '\n') : print(ctx, text));
    const lines = await describePending(git, snapshot, pending);
    for (const l of lines) human(`  ${shownName(l.tag)}: ${label(l.from)} → ${label(l.to)}${l.kind === 'local-only' ? ' (new on the remote)' : ''}`);

    if (dryRun) {
      const local = await readHistoryHead(git);
      const theirs = await remoteHistoryValue(git, remote);
      const history = local && local !== theirs ? { ref: HISTORY_REF, local, remote: theirs } : null;
      if (json) {
        printJson(ctx, {
          dryRun: true,
          remote,
          moves: lines.map((l) => ({ tag: l.tag, kind: l.kind, from: l.from, to: l.to })),
          checks: [],
          history,
          skipped,
        });
      } else {
        if (!lines.length) human(`No environment tag to push to ${remote}.`);
        if (history) human(`  ${HISTORY_REF}: ${history.remote?.slice(0, 10) ?? '(none)'} → ${local?.slice(0, 10)} (joined with the remote's if it moved)`);
        for (const s of skipped) human(`  not pushed: ${tagOf(s.ref)} (${s.kind}; fetch first)`);
        human('Dry run: nothing was changed, locally or on the remote.');
      }
      return 0;
    }

    if (!pending.length) {
      // No tag to push, but maybe recorded or observed history events or marks: publish them (no tag moves, no confirmation).
      const history = await pushHistory(git, remote);
      if (history.status === 'fast-forward' || history.status === 'merged') {
        if (json) printJson(ctx, { remote, pushed: [], history: history.status, skipped });
        else print(ctx, `No environment tag to push; pushed the deployment history to ${remote}.`);
        return 0;
      }
      if (json) printJson(ctx, { remote, pushed: [], skipped });
      else print(ctx, `Nothing to push: no environment moved here since the last sync with ${remote}.`);
      return 0;
    }
    await confirmMove(ctx, `Push these ${pending.length} environment tag(s) to ${remote}?`);
    // The history of these moves travels in the same atomic push: both land or neither does.
    const history = await prepareHistoryPush(git, remote);
    const result = await pushPendingMoves(git, remote, drift, history ? [history.remote] : []);
    if (history) await completeHistoryPush(git, history);
    if (json) printJson(ctx, { remote, pushed: result.updates.map((u) => u.ref), moves: lines, skipped: result.skipped });
    else {
      print(ctx, `Pushed ${result.updates.length} environment tag(s) to ${remote} in one atomic push.`);
      for (const s of result.skipped) print(ctx, `  not pushed: ${tagOf(s.ref)} (${s.kind}; fetch first)`);
    }
    return 0;
  },
};
