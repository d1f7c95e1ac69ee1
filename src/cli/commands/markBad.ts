import {
  BadMark,
  EdgitError,
  Git,
  HISTORY_REF,
  MarkAction,
  badMarks,
  findVersion,
  loadHistory,
  loadSnapshot,
  markDraft,
  readHistoryHead,
  recordMarks,
  resolveRemote,
} from '../../engine';
import { CliCommand, CliContext, flag, print, printJson, repository, stringOption } from '../cliContext';
import { confirmMove } from '../confirm';
import { markSentence } from '../recordPieces';
import { shownName, shownText } from '../untrustedOutput';

const OPTIONS = {
  reason: { type: 'string' },
  push: { type: 'boolean' },
  remote: { type: 'string' },
  yes: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
} as const;

const markJson = (m: BadMark | null) => (m ? { reason: m.reason, by: m.by, at: m.at } : null);

/** The remote ref value of the history without fetching it (a dry run writes nothing). */
async function remoteHistoryValue(git: Git, remote: string): Promise<string | null> {
  const r = await git.run(['ls-remote', '--end-of-options', remote, HISTORY_REF], { okExitCodes: [2, 128] });
  if (r.exitCode !== 0) return null;
  return r.stdout.toString('utf8').split('\t')[0]?.trim() || null;
}

async function runMark(ctx: CliContext, action: MarkAction, usage: string): Promise<number> {
  const [typed, version, ...rest] = ctx.positionals;
  if (!typed || !version || rest.length) throw new EdgitError(`${action} needs COMPONENT and VERSION.`, 'bad-input', `Usage: edgit-deploy ${usage}`);
  const reason = stringOption(ctx, 'reason')?.trim() || null;
  if (action === 'mark-bad' && !reason) {
    throw new EdgitError('mark-bad needs --reason: the people who meet this mark need to know why.', 'bad-input', `For example: edgit-deploy mark-bad ${typed} ${version} --reason "INC-42 wrong totals"`);
  }
  const git = await repository(ctx);
  const snapshot = await loadSnapshot(git);
  const component = snapshot.find(typed);
  const target = findVersion(component, version);
  const history = await loadHistory(git);
  const existing = badMarks(history).get(component.key, target.version);
  const json = flag(ctx, 'json');
  const human = (text: string) => (json ? ctx.stderr.write(text + '\n') : print(ctx, text));
  // As printed: names unmistakable, the reason and earlier marks on one line.
  const ref = `${shownName(component.id)}@${shownName(target.version)}`;
  const environmentsAt = component.environments.filter((e) => e.commit === target.commit).map((e) => e.name);
  const shownEnvironments = environmentsAt.map(shownName).join(', ');
  const push = flag(ctx, 'push');
  const remote = push ? await resolveRemote(git, stringOption(ctx, 'remote')) : null;
  if (push && !remote) throw new EdgitError('--push was given but this repository has no remote.', 'remote-unreachable', 'Add one with `git remote add origin URL`, or drop --push.');

  if (action === 'unmark-bad' && !existing) {
    const dry = flag(ctx, 'dry-run') ? { dryRun: true, moves: [], checks: [], marks: [] } : {};
    if (json) printJson(ctx, { ...dry, component: component.id, version: target.version, action, changed: false, bad: null });
    else human(`${ref} is not marked bad; nothing to clear.${flag(ctx, 'dry-run') ? ' Dry run: nothing was changed.' : ''}`);
    return 0;
  }
  const draft = markDraft(component, { version: target.version, commit: target.commit }, action, reason);
  if (flag(ctx, 'dry-run')) {
    const localHead = await readHistoryHead(git);
    const remoteHead = remote ? await remoteHistoryValue(git, remote) : null;
    if (json) {
      printJson(ctx, {
        dryRun: true,
        moves: [],
        checks: [],
        marks: [{ component: component.id, key: component.key, version: target.version, action, reason }],
        current: markJson(existing),
        environmentsAt,
        history: { ref: HISTORY_REF, local: localHead, remote: remote ? remoteHead : undefined },
      });
    } else {
      human(`Would ${action === 'mark-bad' ? 'mark' : 'clear the bad mark of'} ${ref}${reason ? ` ("${shownText(reason)}")` : ''}: one commit on ${HISTORY_REF}${remote ? `, pushed to ${shownText(remote)}` : ''}.`);
      if (existing) human(`  now: ${markSentence(existing)}`);
      if (environmentsAt.length) human(`  environments at ${shownName(target.version)} now: ${shownEnvironments}`);
      human('Dry run: nothing was changed.');
    }
    return 0;
  }
  if (existing && action === 'mark-bad') human(`${ref} is already ${markSentence(existing)}; this mark replaces it.`);
  await confirmMove(ctx, `${action === 'mark-bad' ? 'Mark' : 'Clear the bad mark of'} ${ref}?`, undefined, 'writes the shared deployment history');
  const recorded = await recordMarks(git, [draft], { remote, reason });
  const after = badMarks(await loadHistory(git)).get(component.key, target.version);
  if (json) {
    printJson(ctx, { component: component.id, version: target.version, action, changed: true, bad: markJson(after), historyCommit: recorded.commit, pushedTo: recorded.pushedTo, environmentsAt });
    return 0;
  }
  human(
    `${action === 'mark-bad' ? 'Marked' : 'Cleared the bad mark of'} ${ref}${recorded.pushedTo ? `, pushed to ${shownText(recorded.pushedTo)}` : ' locally; share it with --push or `edgit-deploy push`'}.`,
  );
  if (action === 'mark-bad' && environmentsAt.length) {
    human(`Still at ${shownName(target.version)}: ${shownEnvironments}. Roll back with: edgit-deploy rollback ${shownName(component.id)} ${shownName(environmentsAt[0])}`);
  }
  return 0;
}

export const markBadCommand: CliCommand = {
  name: 'mark-bad',
  usage: 'mark-bad COMPONENT VERSION --reason TEXT [--push] [--remote NAME] [--yes] [--dry-run] [--json]',
  summary: 'mark a version bad (shared in the deployment history): never suggested, refused unless --allow-bad',
  options: OPTIONS,
  run(ctx: CliContext): Promise<number> {
    return runMark(ctx, 'mark-bad', this.usage);
  },
};

export const unmarkBadCommand: CliCommand = {
  name: 'unmark-bad',
  usage: 'unmark-bad COMPONENT VERSION [--reason TEXT] [--push] [--remote NAME] [--yes] [--dry-run] [--json]',
  summary: 'clear the bad mark of a version',
  options: OPTIONS,
  run(ctx: CliContext): Promise<number> {
    return runMark(ctx, 'unmark-bad', this.usage);
  },
};
