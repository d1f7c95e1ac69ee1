import * as vscode from 'vscode';
import {
  ComponentInfo,
  DeploymentHistory,
  EdgitError,
  EnvironmentState,
  RecreatePlan,
  RepositorySnapshot,
  isEdgitError,
  planRecreate,
  stateAt,
  validateEnvironmentName,
} from '../../engine';
import { CommandContext } from '../commands/commandContext';
import { MoveAnswers, MoveOutcome, runMoveFlow } from '../commands/moveFlow';
import { CommandResult } from '../commands/results';
import { MultiDiffEntry, documentUri, fromEdgitUri, openMultiDiff, relabel, relativePathOf, toEdgitUri } from '../documents';
import { shortDate } from '../quickpicks/format';
import { EdgitRepository, historyOrEmpty } from '../services';
import { differsFromNow } from './timelineState';

/**
 * What the timeline's buttons do: the whole state at a moment against now in the multi-file diff
 * editor, one component's content at a moment in an editor, and "recreate that state in an
 * environment" through the commands' own move flow (one recorded, undoable batch).
 */

const short = (commit: string | null) => (commit ? commit.slice(0, 10) : null);
const position = (version: string | null, commit: string | null) => version ?? short(commit) ?? 'nothing';

/** `2025-03-05 14:47` (the extension host's local time), as tab titles show moments. */
function momentLabel(atMs: number): string {
  return shortDate(new Date(atMs).toISOString());
}

/** The component's document at the commit an environment held at a moment. */
async function documentAt(repository: EdgitRepository, component: ComponentInfo, s: EnvironmentState, atMs: number): Promise<vscode.Uri> {
  const uri = await documentUri(repository, component, { kind: 'commit', ref: s.commit! });
  const found = fromEdgitUri(uri)?.label.endsWith(' · no file') ? ' · no file' : '';
  return relabel(uri, `${s.name} at ${momentLabel(atMs)} · ${position(s.version, s.commit)}${found}`);
}

interface ComparedEntry {
  readonly componentKey: string;
  readonly componentId: string;
  readonly environment: string;
  /** Where it was then and is now (`v1.0.0`, a short commit, `nothing`). */
  readonly then: string;
  readonly now: string;
  /** The `edgit:` URIs (undefined: that side did not exist). */
  readonly left: string | undefined;
  readonly right: string | undefined;
}

interface NotCompared {
  readonly componentId: string;
  readonly environment: string;
  readonly why: string;
}

export interface CompareOutcome {
  /** `changes`: one multi-file diff editor; `diff`: one diff editor per change (fallback); `nothing`: no change. */
  readonly opened: 'changes' | 'diff' | 'nothing';
  readonly title: string;
  readonly entries: readonly ComparedEntry[];
  /** Unknown at that moment, or gone from the tags: not compared, said so. */
  readonly skipped: readonly NotCompared[];
}

/**
 * Opens the whole state at `atMs` against now: for every component and environment whose
 * position then is known and differs from now, [label, then, now] in VS Code's multi-file diff
 * (`vscode.changes`), or one `vscode.diff` per change where that command is missing.
 */
export async function compareWithNow(
  repository: EdgitRepository,
  snapshot: RepositorySnapshot,
  history: DeploymentHistory,
  atMs: number,
): Promise<CompareOutcome> {
  const state = stateAt(history, snapshot, atMs);
  const entries: ComparedEntry[] = [];
  const skipped: NotCompared[] = [];
  const triples: MultiDiffEntry[] = [];
  for (const c of state.components) {
    const component = snapshot.get(c.key);
    for (const s of c.environments) {
      if (s.evidence === 'unknown') {
        skipped.push({ componentId: c.id, environment: s.name, why: `unknown at that moment${s.note ? `: ${s.note}` : ''}` });
        continue;
      }
      const now = component?.environments.find((e) => e.name === s.name);
      if (!differsFromNow(s, now?.commit ?? null)) continue;
      if (!component) {
        skipped.push({ componentId: c.id, environment: s.name, why: 'the component has no tags any more' });
        continue;
      }
      const left = s.present && s.commit ? await documentAt(repository, component, s, atMs) : undefined;
      const then = s.present && s.commit ? position(s.version, s.commit) : 'nothing';
      const nowLabel = position(now?.version ?? null, now?.commit ?? null);
      // The multi-diff editor titles each entry with its right side: say both ends there.
      const right = now?.commit
        ? relabel(await documentUri(repository, component, { kind: 'environment', ref: s.name }), `${s.name}: ${then} then → ${nowLabel} now`)
        : undefined;
      const shown = (right ?? left)!;
      const name = fromEdgitUri(shown)!;
      // The resource the multi-diff editor lists (and keys the entry by): one per component and environment.
      const labelUri = toEdgitUri({ ...name, kind: 'environment', ref: s.name, label: `${s.name}: ${then} → ${nowLabel}` }, relativePathOf(shown, name.repo));
      triples.push([labelUri, left, right]);
      entries.push({ componentKey: c.key, componentId: c.id, environment: s.name, then, now: nowLabel, left: left?.toString(), right: right?.toString() });
    }
  }
  const title = `Edgit: ${repository.name} at ${momentLabel(atMs)} ↔ now`;
  if (!triples.length) return { opened: 'nothing', title, entries, skipped };
  return { opened: await openMultiDiff(title, triples), title, entries, skipped };
}

export interface OpenedAt {
  readonly uri: string;
  readonly label: string;
}

/** Opens one component's content as it was in an environment at a moment (read-only `edgit:` document). */
export async function openContentAt(
  repository: EdgitRepository,
  snapshot: RepositorySnapshot,
  history: DeploymentHistory,
  atMs: number,
  componentKey: string,
  environment: string,
): Promise<OpenedAt> {
  const component = snapshot.get(componentKey);
  if (!component) throw new EdgitError(`${componentKey} has no tags any more, so its content cannot be read.`, 'unknown-component');
  const s = stateAt(history, snapshot, atMs, { componentKeys: [componentKey], environment }).components[0]?.environments[0];
  if (!s || s.evidence === 'unknown') {
    throw new EdgitError(
      `Nothing tells what ${component.id} had in ${environment} at ${momentLabel(atMs)}${s?.note ? ` (${s.note})` : ''}.`,
      'bad-input',
      'Pick a moment where its timeline is known.',
    );
  }
  if (!s.present || !s.commit) {
    throw new EdgitError(`${environment} of ${component.id} did not exist at ${momentLabel(atMs)}.`, 'bad-input');
  }
  const uri = await documentAt(repository, component, s, atMs);
  await vscode.commands.executeCommand('vscode.open', uri, { preview: true });
  return { uri: uri.toString(), label: fromEdgitUri(uri)?.label ?? '' };
}

/** How the recreate flow asks: the target environment, and (tests, scripts) answers that skip the modal. */
export interface RecreatePrompts {
  /** The environment to move; undefined: cancelled. */
  targetEnvironment(defaultTarget: string, source: string, atMs: number): Promise<string | undefined>;
  /** Set only by tests: answer the confirmation and the reason (no modal). */
  readonly answers?: MoveAnswers;
}

/** The validation message of an environment name typed by the user, or null when valid. */
export function environmentNameProblem(name: string): string | null {
  try {
    validateEnvironmentName(name.trim());
    return null;
  } catch (e) {
    return isEdgitError(e) ? e.userMessage : String(e);
  }
}

export const inputBoxPrompts: RecreatePrompts = {
  async targetEnvironment(defaultTarget, source, atMs) {
    const typed = await vscode.window.showInputBox({
      title: `Recreate ${source} as it was at ${momentLabel(atMs)}`,
      prompt: `The environment to move to those versions (e.g. "${defaultTarget}" to reproduce it without touching ${source}).`,
      value: defaultTarget,
      ignoreFocusOut: true,
      validateInput: (v) => environmentNameProblem(v),
    });
    return typed === undefined ? undefined : typed.trim();
  },
};

const WORDS = { title: 'Recreate Past State', verb: 'Recreate', past: 'Recreated' };

function skippedLines(plan: RecreatePlan): string[] {
  return plan.skipped.map((s) => `Not moved: ${s.componentId} (${s.reason === 'already-there' ? 'already there' : s.reason}: ${s.detail})`);
}

export type RecreateOutcome = CommandResult<MoveOutcome & { readonly target: string; readonly source: string; readonly skipped: readonly string[] }>;

/**
 * "Recreate in environment…": asks the target (default `debug`, validated), plans with the
 * engine (planRecreate: the versions SOURCE held at the moment), then the commands' move flow —
 * safety checks, one modal confirmation naming every move (and what is not moved, and why), a
 * reason, ONE recorded batch (action `recreate`) that Undo reverts.
 */
export async function recreateAt(
  ctx: CommandContext,
  repository: EdgitRepository,
  atMs: number,
  sourceEnvironment: string,
  prompts: RecreatePrompts,
  defaultTarget: string,
): Promise<RecreateOutcome> {
  validateEnvironmentName(sourceEnvironment);
  const typed = await prompts.targetEnvironment(defaultTarget, sourceEnvironment, atMs);
  if (typed === undefined) return { status: 'cancelled' };
  const target = validateEnvironmentName(typed);
  const at = momentLabel(atMs);
  // A first plan for the confirmation's preface; the flow plans again on its fresh snapshot.
  const first = planRecreate(await repository.snapshot(), await historyOrEmpty(repository), atMs, target, { sourceEnvironment });
  const skipped = skippedLines(first);
  const plan = async (snapshot: RepositorySnapshot) => {
    const p = planRecreate(snapshot, await historyOrEmpty(repository), atMs, target, { sourceEnvironment });
    if (!p.moves.length) {
      const unknown = p.skipped.some((s) => s.reason === 'unknown' || s.reason === 'no-version');
      throw new EdgitError(
        unknown
          ? `Nothing to recreate: the history does not tell what ${sourceEnvironment} had at ${at} for ${p.skipped.map((s) => s.componentId).join(', ') || 'any component'}.`
          : `${target} is already as ${sourceEnvironment} was at ${at}: nothing to move.`,
        'bad-input',
        unknown ? 'Pick a moment on the timeline where the positions are known.' : undefined,
      );
    }
    return p.moves;
  };
  const answers = prompts.answers ? { ...prompts.answers, reason: prompts.answers.reason ?? `recreate ${sourceEnvironment} as of ${new Date(atMs).toISOString()}` } : undefined;
  const result = await runMoveFlow(ctx, {
    repository,
    plan,
    action: 'recreate',
    words: WORDS,
    runChecks: true,
    confirm: 'always',
    answers,
    preface: [`${sourceEnvironment} as it was at ${at}${target === sourceEnvironment ? '' : `, into ${target}`}.`, ...skipped].join('\n'),
  });
  if (result.status !== 'done') return result;
  return { ...result, target, source: sourceEnvironment, skipped };
}
