import * as vscode from 'vscode';
import { BadMark, ComponentInfo, EdgitError, MarkAction, VersionInfo, describeMark, markDraft, recordMarks } from '../../engine';
import { BACK } from '../quickpicks/asyncQuickPick';
import { pickComponent } from '../quickpicks/componentPick';
import { pickVersion } from '../quickpicks/versionPick';
import { EdgitRepository } from '../services';
import { COMMAND } from './commandIds';
import { CommandContext } from './commandContext';
import { onlyRepository, readTarget } from './commandTarget';
import { findComponent } from './findComponent';
import { remoteFor } from './remoteFor';
import { CANCELLED, CommandResult, done } from './results';
import { notificationLine } from '../untrustedLabels';

export interface MarkOutcome {
  readonly componentKey: string;
  readonly componentId: string;
  readonly version: string;
  readonly action: MarkAction;
  readonly reason: string | null;
  /** The history commit holding the record. */
  readonly commit: string;
  readonly pushedTo: string | null;
}

const WORDS: Record<MarkAction, { title: string; verb: string; past: string }> = {
  'mark-bad': { title: 'Mark Version Bad', verb: 'Mark Bad', past: 'Marked bad' },
  'unmark-bad': { title: 'Clear Bad Mark', verb: 'Clear Mark', past: 'Cleared the bad mark of' },
};

/** `edgit.markVersionBad`: records "this version is bad" (who, when, why) in the shared deployment history. */
export function markVersionBad(ctx: CommandContext, arg: unknown): Promise<CommandResult<MarkOutcome>> {
  return runMark(ctx, arg, 'mark-bad');
}

/** `edgit.clearBadMark`: records that a version marked bad is no longer bad. */
export function clearBadMark(ctx: CommandContext, arg: unknown): Promise<CommandResult<MarkOutcome>> {
  return runMark(ctx, arg, 'unmark-bad');
}

/**
 * Arguments: a version row of the tree, or `{ repositoryRoot, componentKey, version }`; what is
 * missing is asked. Testing/scripting hook: with all three AND `confirm: true`, no picker, input
 * box or modal is shown; `reason` (required to mark) and `push` answer the rest.
 */
async function runMark(ctx: CommandContext, arg: unknown, action: MarkAction): Promise<CommandResult<MarkOutcome>> {
  const words = WORDS[action];
  const target = readTarget(ctx.services, arg);
  const scripted = target.args.confirm === true;
  let repository = target.repository ?? onlyRepository(ctx.services);
  let component: ComponentInfo | undefined;
  if (target.componentKey) {
    const found = await findComponent(ctx.services, repository, target.componentKey);
    repository = found.repository;
    component = found.component;
  } else {
    const picked = await pickComponent(ctx.services, { title: words.title, repository, filter: (c) => !c.legacy && c.versions.length > 0 });
    if (picked === BACK || picked === undefined) return CANCELLED;
    repository = picked.repository;
    component = picked.component;
  }
  if (!repository || !component) return CANCELLED;
  const marks = await ctx.history.marks(repository);

  let version: VersionInfo | undefined;
  if (target.version) {
    version = component.versions.find((v) => v.version === target.version);
    if (!version) throw new EdgitError(`${component.id} has no version ${target.version}.`, 'unknown-version', 'Pick one of its versions.');
  } else {
    const offered = component.versions.filter((v) => (action === 'mark-bad') === !marks.get(component.key, v.version));
    if (!offered.length) {
      void vscode.window.showInformationMessage(
        notificationLine(action === 'mark-bad' ? `Every version of ${component.id} is marked bad already.` : `No version of ${component.id} is marked bad.`),
      );
      return CANCELLED;
    }
    const picked = await pickVersion({
      title: `${words.title}: ${component.id}`,
      component,
      candidates: async function* () {
        yield {
          candidates: offered.map((v) => ({
            version: v,
            isCurrent: false,
            isSuggested: false,
            environments: component.environments.filter((e) => e.commit === v.commit).map((e) => e.name),
            bad: marks.get(component.key, v.version),
          })),
        };
      },
    });
    if (picked === BACK || picked === undefined) return CANCELLED;
    version = picked;
  }

  const existing = marks.get(component.key, version.version);
  if (action === 'mark-bad' && existing) {
    throw new EdgitError(`${component.id} ${version.version} is ${describeMark(existing)} already.`, 'bad-input', 'Clear the mark first to mark it again with another reason.');
  }
  if (action === 'unmark-bad' && !existing) {
    throw new EdgitError(`${component.id} ${version.version} is not marked bad.`, 'bad-input');
  }

  const settings = ctx.services.settings();
  const remote = await remoteFor(repository, settings);
  let reason: string | null;
  let push: boolean;
  if (scripted) {
    reason = typeof target.args.reason === 'string' && target.args.reason.trim() ? target.args.reason.trim() : null;
    if (action === 'mark-bad' && !reason) throw new EdgitError('A bad mark needs a reason.', 'bad-input', 'Pass reason: "why it is bad".');
    push = typeof target.args.push === 'boolean' ? target.args.push && !!remote : settings.pushMode === 'always' && !!remote;
  } else {
    const typed = await askMarkReason(component, version, action);
    if (typed === undefined) return CANCELLED;
    reason = typed || null;
    const choice = await confirmMark(component, version, action, existing, reason, remote, settings.pushMode);
    if (!choice) return CANCELLED;
    push = choice.push;
  }

  const draft = markDraft(component, { version: version.version, commit: version.commit }, action, reason);
  const recorded = await withProgress(`${words.title}${push && remote ? ` (pushing to ${remote})` : ''}…`, () =>
    repository.withMutedWatcher(() => recordMarks(repository.git, [draft], { remote: push ? remote : null, reason })),
  );
  ctx.services.log.info(`${words.title}: ${component.id} ${version.version}${recorded.pushedTo ? ` (pushed to ${recorded.pushedTo})` : ' (local)'}`);
  const where = recorded.pushedTo ? ` Shared through ${recorded.pushedTo}.` : remote ? ' Local only: push to share it.' : '';
  void vscode.window.showInformationMessage(notificationLine(`${words.past} ${component.id} ${version.version}.${where}`));
  return done({
    componentKey: component.key,
    componentId: component.id,
    version: version.version,
    action,
    reason,
    commit: recorded.commit,
    pushedTo: recorded.pushedTo,
  });
}

function withProgress<T>(title: string, work: () => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, work);
}

/** Why the version is bad (required to mark; optional to clear). Undefined: cancelled. */
async function askMarkReason(component: ComponentInfo, version: VersionInfo, action: MarkAction): Promise<string | undefined> {
  const marking = action === 'mark-bad';
  const typed = await vscode.window.showInputBox({
    title: `${WORDS[action].title}: ${component.id} ${version.version}`,
    prompt: marking
      ? 'Why is this version bad? Recorded with your name and the time in the shared deployment history.'
      : 'Why is it fine again? Optional. Enter to skip, Escape to cancel.',
    placeHolder: marking ? 'e.g. INC-311 answers in one word' : 'e.g. the model change it needed is live',
    ignoreFocusOut: true,
    validateInput: (text) => (marking && !text.trim() ? 'Say why, so whoever sees the mark knows.' : undefined),
  });
  return typed === undefined ? undefined : typed.trim();
}

/**
 * What the confirmation of a mark (or of clearing one) says before its buttons: the question and
 * the lines of its detail. The modal dialog and the language model tool's confirmation say it.
 */
export function markConfirmationWords(
  component: ComponentInfo,
  version: VersionInfo,
  action: MarkAction,
  existing: BadMark | null,
  reason: string | null,
): { question: string; lines: string[] } {
  const at = component.environments.filter((e) => e.commit === version.commit).map((e) => e.name);
  const lines =
    action === 'mark-bad'
      ? [
          `Reason: ${reason ?? ''}`,
          '',
          'A version marked bad is never suggested by a rollback, and deploying it asks for an explicit confirmation naming the mark.',
          at.length ? `${at.join(', ')} ${at.length === 1 ? 'is' : 'are'} at ${version.version} now: roll ${at.length === 1 ? 'it' : 'them'} back with Edgit: Rollback….` : '',
        ]
      : [`It was ${existing ? describeMark(existing) : 'marked bad'}.`, reason ? `Reason to clear: ${reason}` : ''];
  lines.push('', 'The record goes into the shared deployment history (refs/edgit/history) with your name and the time.');
  const question = action === 'mark-bad' ? `Mark ${component.id} ${version.version} bad?` : `Clear the bad mark of ${component.id} ${version.version}?`;
  return { question, lines: lines.filter((l, i, all) => l || all[i - 1]) };
}

async function confirmMark(
  component: ComponentInfo,
  version: VersionInfo,
  action: MarkAction,
  existing: BadMark | null,
  reason: string | null,
  remote: string | null,
  pushMode: 'ask' | 'always' | 'never',
): Promise<{ push: boolean } | undefined> {
  const words = WORDS[action];
  const { question, lines } = markConfirmationWords(component, version, action, existing, reason);
  const pushLabel = `${words.verb} and Push`;
  const localLabel = `${words.verb}${remote && pushMode === 'ask' ? ' Locally' : ''}`;
  const buttons: string[] = [];
  if (remote && pushMode !== 'never') buttons.push(pushLabel);
  if (!remote || pushMode !== 'always') buttons.push(localLabel);
  // Each line is one line: a reason or a mark from the history cannot add one of its own.
  const detail = lines
    .map((l) => notificationLine(l))
    .join('\n')
    .trim();
  const choice = await vscode.window.showWarningMessage(notificationLine(question), { modal: true, detail }, ...buttons);
  if (!choice) return undefined;
  return { push: choice === pushLabel };
}

/** Runs the mark or unmark of one version from another flow (the rollback quick pick's button). */
export function toggleBadMark(repository: EdgitRepository, component: ComponentInfo, version: VersionInfo, marked: boolean): Thenable<unknown> {
  return vscode.commands.executeCommand(marked ? COMMAND.clearBadMark : COMMAND.markVersionBad, {
    repositoryRoot: repository.root,
    componentKey: component.key,
    version: version.version,
  });
}
