import {
  EdgitError,
  EnvironmentDrift,
  Git,
  HISTORY_REF,
  PartialPushError,
  RepositorySnapshot,
  TagPushPlan,
  fetchHistory,
  environmentDrift,
  listRemoteTags,
  loadHistory,
  loadSnapshot,
  observeOutsideMoves,
  peelToCommits,
  pushHistory,
  pushPendingInGroups,
  readHistoryHead,
  resolveRemote,
  versionsToPush,
} from '../../engine';
import { CliCommand, CliContext, flag, print, printJson, repository, stringOption } from '../cliContext';
import { confirmMove } from '../confirm';
import {
  TAG_PUSH_OPTIONS,
  TAG_PUSH_USAGE,
  chooseTagPush,
  dryRunPushLines,
  onePushNote,
  partialPushJson,
  partialPushLines,
  planCommandPush,
  pushLines,
  pushPlanJson,
} from '../tagPushChoice';
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

/**
 * A push in groups that stopped: which tags landed and which did not (still moved here, not
 * pushed), and the commands to finish or to put the landed moves back.
 */
function reportPartialPush(
  ctx: CliContext,
  human: (text: string) => void,
  json: boolean,
  plan: TagPushPlan,
  e: PartialPushError,
  before: (ref: string) => { component: string; environment: string; version: string | null } | undefined,
  describe: (ref: string) => string | undefined,
): void {
  if (json) printJson(ctx, { partial: partialPushJson(e) });
  for (const line of partialPushLines(plan, e, describe)) human(line);
  const remote = shownText(e.remote);
  const remoteFlag = stringOption(ctx, 'remote') ? ` --remote ${remote}` : '';
  const perPush = plan.choice?.mode === 'groups' ? ` --tags-per-push ${plan.choice.perPush}` : '';
  human(`The tags that did not land are still moved here and not pushed, with their history.`);
  human(`To finish: edgit-deploy fetch${remoteFlag} (to see what moved on ${remote}), then edgit-deploy push${remoteFlag}${perPush}`);
  // Putting back: each landed environment to the version the remote had before, one batch per environment.
  const back = new Map<string, string[]>();
  let complete = true;
  for (const ref of e.landed.flatMap((g) => g.tags)) {
    const was = before(ref);
    if (!was) continue; // a version tag: created, never moved back
    if (!was.version) complete = false;
    else back.set(was.environment, [...(back.get(was.environment) ?? []), `${shownName(was.component)}=${shownName(was.version)}`]);
  }
  if (back.size) {
    human(`To put the landed moves back: ${[...back].map(([env, pairs]) => `edgit-deploy batch ${shownName(env)} ${pairs.join(' ')} --push${remoteFlag}${perPush}`).join('; ')}`);
  }
  if (!complete) human('Some landed environment had no version on the remote before: edgit-deploy cannot put it back.');
}

export const pushCommand: CliCommand = {
  name: 'push',
  usage: `push [--remote NAME] [--yes] [--dry-run] ${TAG_PUSH_USAGE} [--repo DIR] [--json]`,
  summary: 'push environment moves made here and not pushed yet, with the versions they point at that the remote lacks (atomic, with leases; in groups when the host starts no workflow for more tags); lists each tag from → to first',
  options: { remote: { type: 'string' }, yes: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, ...TAG_PUSH_OPTIONS },
  async run(ctx: CliContext): Promise<number> {
    const git = await repository(ctx);
    const remote = await resolveRemote(git, stringOption(ctx, 'remote'));
    if (!remote) throw new EdgitError('This repository has no remote to push to.', 'remote-unreachable', 'Add one with `git remote add origin URL`.');
    const dryRun = flag(ctx, 'dry-run');
    const json = flag(ctx, 'json');
    const human = (text: string) => (json ? ctx.stderr.write(text + '\n') : print(ctx, text));
    const snapshot = await loadSnapshot(git);
    const remoteTags = await listRemoteTags(git, remote);
    const drift = await environmentDrift(git, snapshot, remote, { record: !dryRun, remoteTags });
    const pending = drift.filter((d) => d.kind === 'local-ahead' || d.kind === 'local-only');
    const skipped = drift.filter((d) => d.kind !== 'in-sync' && !pending.includes(d)).map((d) => ({ ref: d.ref, kind: d.kind }));
    const lines = await describePending(git, snapshot, pending);
    for (const l of lines) human(`  ${shownName(l.tag)}: ${label(l.from)} → ${label(l.to)}${l.kind === 'local-only' ? ' (new on the remote)' : ''}`);
    // What the push carries: the pending environment tags and the versions they point at that the remote lacks.
    const envVersion = (d: EnvironmentDrift) => snapshot.get(d.componentKey)?.environments.find((e) => e.name === d.environment)?.version;
    let plan = await planCommandPush(ctx, git, remote, {
      versions: versionsToPush(snapshot, pending.map((d) => ({ componentKey: d.componentKey, version: envVersion(d) })), remoteTags),
      environments: pending.map((d) => d.ref),
    });
    const lineOf = new Map(lines.map((l) => [`refs/tags/${l.tag}`, l]));
    const describe = (ref: string) => {
      const l = lineOf.get(ref);
      return l ? `${label(l.from)} → ${label(l.to)}` : undefined;
    };

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
          push: pushPlanJson(plan),
        });
      } else {
        if (!lines.length) human(`No environment tag to push to ${remote}.`);
        if (history) human(`  ${HISTORY_REF}: ${history.remote?.slice(0, 10) ?? '(none)'} → ${local?.slice(0, 10)} (joined with the remote's if it moved)`);
        for (const s of skipped) human(`  not pushed: ${tagOf(s.ref)} (${s.kind}; fetch first)`);
        for (const line of dryRunPushLines(plan, remote, describe)) human(line);
        human('Dry run: nothing was changed, locally or on the remote.');
      }
      return 0;
    }

    // A push over the tag-event limit goes as one push only when the person chose so: said and chosen before anything is written.
    let asked = false;
    if (pending.length) ({ plan, asked } = await chooseTagPush(ctx, plan, remote, human));

    // The remote's history first (joined, never rewritten): what it records is not an outside move.
    const before = await readHistoryHead(git);
    const joined = await fetchHistory(git, remote);
    if (!before && joined.local) ctx.stderr.write(`This clone had no deployment history: fetched it from ${shownText(remote)} first.\n`);
    // An explicit push writes (and publishes) what reads only showed: moves made outside, as observed events.
    const observed = await observeOutsideMoves(git, snapshot, await loadHistory(git));
    if (observed.length) ctx.stderr.write(`Recorded ${observed.length} move(s) made outside edgit-deploy as observed events.\n`);

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
    if (!asked) await confirmMove(ctx, `Push these ${pending.length} environment tag(s) to ${remote}?`);
    for (const line of pushLines(plan, describe)) human(line);
    // The history of these moves travels with them: in each push, the events of the moves that landed so far.
    try {
      await pushPendingInGroups(git, remote, plan, pending.map((d) => ({ ref: d.ref, expectedRemote: d.remote, newValue: d.local })), {
        // Moved here and on the remote: not pushed, and neither is the history of the move made here.
        holdBack: drift.filter((d) => d.kind === 'diverged' || d.kind === 'differs').map((d) => d.ref),
        onLanded: (g, of) => {
          if (of > 1) human(`Pushed ${g.index} of ${of} to ${shownText(remote)}.`);
        },
      });
    } catch (e) {
      if (e instanceof PartialPushError) {
        const pendingOf = new Map(pending.map((d) => [d.ref, d]));
        const before = (ref: string) => {
          const d = pendingOf.get(ref);
          return d && { component: snapshot.get(d.componentKey)?.id ?? d.componentKey, environment: d.environment, version: lineOf.get(ref)?.from.version ?? null };
        };
        reportPartialPush(ctx, human, json, plan, e, before, describe);
      }
      throw e;
    }
    const pushes = plan.groups.length;
    const notPushed = skipped.filter((s) => s.kind !== 'remote-deleted');
    if (json) printJson(ctx, { remote, pushed: pending.map((d) => d.ref), versions: plan.versions.map((v) => v.ref), moves: lines, skipped: notPushed, push: pushPlanJson(plan) });
    else {
      print(ctx, `Pushed ${pending.length} environment tag(s)${plan.versions.length ? ` and ${plan.versions.length} version tag(s)` : ''} to ${remote} in ${pushes === 1 ? 'one atomic push' : `${pushes} atomic pushes`}.`);
      for (const s of notPushed) print(ctx, `  not pushed: ${tagOf(s.ref)} (${s.kind}; fetch first)`);
      const note = onePushNote(plan, remote);
      if (note) print(ctx, note);
    }
    return 0;
  },
};
