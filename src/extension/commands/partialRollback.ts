import * as vscode from 'vscode';
import { ComponentInfo, EdgitError, RepositorySnapshot, checkEvents, planEnvironmentMove, planRollback } from '../../engine';
import { BACK } from '../quickpicks/asyncQuickPick';
import { MovedTogether, pickComponentsIn } from '../quickpicks/componentsMultiPick';
import { lastBatchTogether, shortReason, spokenMoment } from '../tree/moveStory';
import { rolledBackVersions } from './rollback';
import { pickRepositoryEnvironment } from '../quickpicks/environmentPick';
import { Step, runSteps } from '../quickpicks/multiStep';
import { pickRepository } from '../quickpicks/repositoryPick';
import { ReviewEntry, reviewTargets } from '../quickpicks/targetsReview';
import { pickVersion } from '../quickpicks/versionPick';
import { EdgitRepository } from '../services';
import { CommandContext } from './commandContext';
import { readTarget } from './commandTarget';
import { answersFrom } from './moveAnswers';
import { MoveOutcome, runMoveFlow } from './moveFlow';
import { openDiff } from './openDiff';
import { CANCELLED, CommandResult } from './results';

/** How a partial rollback speaks of its moves (confirmation, progress, notification). */
export const PARTIAL_ROLLBACK_WORDS = { title: 'Partial Rollback', verb: 'Roll Back', past: 'Rolled back' };
const WORDS = PARTIAL_ROLLBACK_WORDS;

/** A component's planned target; `version` null when no earlier version can be suggested. */
export interface Target {
  readonly component: ComponentInfo;
  readonly version: string | null;
  readonly why: string;
}

interface PartialState {
  readonly repository?: EdgitRepository;
  readonly environment?: string;
  readonly components?: readonly ComponentInfo[];
  readonly targets?: readonly Target[];
}

/**
 * `edgit.partialRollback`: in one environment, roll back several components at once, each to its
 * own target (default: its last known good), in ONE atomic batch after one confirmation.
 *
 * Arguments: a tree node (or the tree's multi-selection) preselects components and environment;
 * or `{ repositoryRoot, environment, targets: [{ componentKey, version? }] }`. Testing/scripting
 * hook: with repositoryRoot, environment, a non-empty `targets` AND `confirm: true`, nothing is
 * asked (a target without `version` gets the last known good); `reason`, `push`, `overrides`
 * answer the rest. Returns a CommandResult<MoveOutcome>.
 */
export async function partialRollback(ctx: CommandContext, arg: unknown, selection?: unknown): Promise<CommandResult<MoveOutcome>> {
  const target = readTarget(ctx.services, arg);
  const targets = Array.isArray(target.args.targets) ? (target.args.targets as unknown[]) : undefined;
  if (target.repository && target.environment && targets?.length && target.args.confirm === true) {
    const repository = target.repository;
    const environment = target.environment;
    const wanted = targets.map(readTargetArg);
    const resolved = await Promise.all(wanted.map((t) => targetFor(ctx, repository, t.componentKey, environment, t.version)));
    return runMoveFlow(ctx, {
      repository,
      plan: (snapshot) => planMoves(snapshot, environment, resolved),
      action: 'rollback',
      words: WORDS,
      runChecks: true,
      confirm: 'always',
      answers: answersFrom(target.args),
    });
  }

  const preselected = selectedKeys(ctx, arg, selection);
  const repository = target.repository ?? (await pickRepository(ctx.services, WORDS.title));
  if (!repository || repository === BACK) return CANCELLED;
  const snapshot = await repository.snapshot();
  const initial: PartialState = { repository, environment: target.environment };
  const state = await runSteps(initial, stepsFor(ctx, snapshot, initial, preselected));
  if (!state?.environment || !state.targets?.length) return CANCELLED;
  const environment = state.environment;
  const chosen = state.targets;
  return runMoveFlow(ctx, {
    repository,
    plan: (fresh) => planMoves(fresh, environment, chosen),
    action: 'rollback',
    words: WORDS,
    runChecks: true,
    confirm: 'always',
  });
}

/** The moves to the targets in `environment`, planned on `snapshot`; a target without a version is refused. */
export function planMoves(snapshot: RepositorySnapshot, environment: string, targets: readonly Target[]) {
  return targets.map((t) => {
    if (!t.version) throw new EdgitError(`No target for ${t.component.id}: ${t.why}.`, 'bad-input', 'Pick a version for it.');
    return planEnvironmentMove(snapshot, t.component.key, environment, t.version);
  });
}

function readTargetArg(value: unknown): { componentKey: string; version?: string } {
  const v = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  if (typeof v.componentKey !== 'string' || !v.componentKey) {
    throw new EdgitError('Each target needs a componentKey.', 'bad-input', 'Pass targets: [{ componentKey, version? }].');
  }
  return { componentKey: v.componentKey, version: typeof v.version === 'string' && v.version ? v.version : undefined };
}

/** A component's target: the given version, else its last known good (the history's previous version, else the highest release below). */
export async function targetFor(ctx: CommandContext, repository: EdgitRepository, componentKey: string, environment: string, version?: string): Promise<Target> {
  const snapshot = await repository.snapshot();
  const component = snapshot.find(componentKey);
  if (version) return { component, version, why: 'chosen' };
  const plan = await ctx.history.rollbackPlan(repository, component.key, environment).catch(() => planRollback(snapshot, component.key, environment));
  return plan.suggested
    ? { component, version: plan.suggested, why: `last known good: ${plan.suggestionReason}` }
    : { component, version: null, why: `no earlier version of ${component.id} than ${environment}'s` };
}

/** Component keys of the node(s) the command was run on (the tree passes its multi-selection second). */
function selectedKeys(ctx: CommandContext, arg: unknown, selection: unknown): string[] {
  const nodes = Array.isArray(selection) && selection.length ? selection : [arg];
  const keys: string[] = [];
  for (const n of nodes) {
    try {
      const k = readTarget(ctx.services, n).componentKey;
      if (k) keys.push(k);
    } catch {
      // not a component node
    }
  }
  return keys;
}

function stepsFor(ctx: CommandContext, snapshot: RepositorySnapshot, initial: PartialState, preselected: readonly string[]): Step<PartialState>[] {
  const settings = ctx.services.settings();
  const repository = initial.repository!;
  const steps: Step<PartialState>[] = [];
  if (!initial.environment) {
    steps.push(async (s, pos) => {
      const picked = await pickRepositoryEnvironment(snapshot, { title: WORDS.title, ...pos, ...settings });
      return picked === BACK || picked === undefined ? picked : { ...s, environment: picked };
    });
  }
  steps.push(async (s, pos) => {
    const environment = s.environment!;
    const inEnv = snapshot.components.filter((c) => !c.legacy && c.environments.some((e) => e.name === environment));
    const together = await movedTogether(repository, snapshot, environment);
    for (;;) {
      const picked = await pickComponentsIn(inEnv, { title: `${WORDS.title}: ${environment}`, ...pos, environment, preselected: s.components?.map((c) => c.key) ?? preselected, together });
      if (picked === BACK || picked === undefined) return picked;
      if (picked.length) return { ...s, components: picked, targets: undefined };
      void vscode.window.showInformationMessage('Check at least one component (Space toggles), then press Enter.');
    }
  });
  steps.push(async (s, pos) => {
    const environment = s.environment!;
    let targets = s.targets ?? (await Promise.all(s.components!.map((c) => targetFor(ctx, repository, c.key, environment))));
    for (;;) {
      const entries = targets.map((t) => reviewEntry(t, environment));
      const choice = await reviewTargets(entries, { title: `${WORDS.title}: ${environment}`, ...pos, acceptLabel: `Roll back ${targets.length} component${targets.length === 1 ? '' : 's'}` });
      if (choice === BACK || choice === undefined) return choice;
      if (choice === 'accept') return { ...s, targets };
      const t = targets[choice];
      const version = await pickVersion({
        title: `${WORDS.title}: ${t.component.id} · ${environment}`,
        component: t.component,
        candidates: async function* () {
          const [plan, rolledBack] = await Promise.all([
            ctx.history.rollbackPlan(repository, t.component.key, environment).catch(() => planRollback(snapshot, t.component.key, environment)),
            rolledBackVersions(repository, t.component.key, environment),
          ]);
          yield { candidates: plan.candidates.map((c) => ({ ...c, isSuggested: c.version.version === t.version })), suggestionReason: t.why, markForward: true, rolledBackFrom: rolledBack };
        },
        preview: { against: environment, open: (v) => openDiff(repository, t.component, { kind: 'environment', ref: environment }, { kind: 'version', ref: v.version }) },
      });
      if (version && version !== BACK) targets = targets.map((x, i) => (i === choice ? { component: x.component, version: version.version, why: 'chosen' } : x));
    }
  });
  return steps;
}

/**
 * The components the last batch moved together in `environment` (the release a partial rollback
 * usually takes part of back), with how the pick names it: `deployed together 14:00 today · CHG-1852`.
 */
export async function movedTogether(repository: EdgitRepository, snapshot: RepositorySnapshot, environment: string): Promise<MovedTogether | undefined> {
  const history = await repository.history().catch(() => undefined);
  if (!history) return undefined;
  checkEvents(history, snapshot); // events that contradict git are left out
  const batch = lastBatchTogether(history, environment);
  if (!batch) return undefined;
  const reason = shortReason(batch.reason);
  return {
    componentKeys: batch.componentKeys,
    label: `${batch.action === 'rollback' ? 'rolled back' : batch.action === 'recreate' ? 'recreated' : 'deployed'} together ${spokenMoment(batch.atMs)}${reason ? ` · ${reason}` : ''}`,
    detail: `${batch.by ? `by ${batch.by}` : 'in one batch'}${batch.reason ? `: ${batch.reason.replace(/\s+/g, ' ').trim()}` : ''}`,
  };
}

function reviewEntry(t: Target, environment: string): ReviewEntry {
  const current = t.component.environments.find((e) => e.name === environment)?.version ?? '?';
  return { label: t.component.id, move: t.version ? `${current} → ${t.version}` : `${current} → ?`, why: t.why, ready: !!t.version };
}
