import {
  ComponentFiles,
  DeploymentHistory,
  EdgitError,
  EnvironmentDrift,
  EnvironmentMove,
  EventDraft,
  Git,
  MoveAction,
  MovePlan,
  NextRolloutStep,
  OVERRIDE_FLAGS,
  PartialPushError,
  PreparedBatch,
  RemoteSyncState,
  RepositorySnapshot,
  SafetyCheck,
  SafetyCheckId,
  TagPushPlan,
  assertNoBlockingChecks,
  badMarks,
  describeContentChange,
  describeMove,
  environmentDrift,
  executeBatch,
  executeBatchInGroups,
  historyCompanion,
  listRemoteTags,
  inverseMoves,
  loadHistory,
  marksForPush,
  nextRolloutStep,
  parseRolloutOrder,
  peelToCommits,
  planMoves,
  prepareBatch,
  resolveRemote,
  splitLandedMoves,
  versionsToPush,
} from '../engine';
import { dryRunJson, parseProtectedEnvironments } from '../agentTools/answers/movePlanAnswer';
import { CliContext, flag, print, printJson, stringOption } from './cliContext';
import { confirmMove } from './confirm';
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
  refuseTagPushOptionsWithoutPush,
} from './tagPushChoice';
import { shownMessage, shownName, shownText } from './untrustedOutput';

/** Options every tag-moving command accepts. */
export const MOVE_OPTIONS = {
  push: { type: 'boolean' },
  yes: { type: 'boolean' },
  remote: { type: 'string' },
  reason: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'allow-prerelease': { type: 'boolean' },
  'allow-missing-file': { type: 'boolean' },
  'allow-drift': { type: 'boolean' },
  'allow-bad': { type: 'boolean' },
  protected: { type: 'string' },
  ...TAG_PUSH_OPTIONS,
} as const;

export const MOVE_USAGE = `[--push] [--remote NAME] [--yes] [--dry-run] [--reason TEXT] [--allow-prerelease] [--allow-missing-file] [--allow-drift] [--allow-bad] [--protected ENV,ENV] ${TAG_PUSH_USAGE}`;

/** Rollback-like commands also mark the version they leave bad, in the same batch, and name the next rollout step. */
export const ROLLBACK_OPTIONS = { ...MOVE_OPTIONS, 'mark-bad': { type: 'boolean' }, 'rollout-order': { type: 'string' } } as const;
export const ROLLBACK_USAGE = `${MOVE_USAGE} [--mark-bad] [--rollout-order ENV,ENV]`;

/** The rollout order: --rollout-order, else EDGIT_ROLLOUT_ORDER, else canary,staging,production. */
function rolloutOrder(ctx: CliContext): string[] {
  return parseRolloutOrder(stringOption(ctx, 'rollout-order') ?? process.env.EDGIT_ROLLOUT_ORDER);
}

function overrides(ctx: CliContext): Set<SafetyCheckId> {
  const set = new Set<SafetyCheckId>();
  if (flag(ctx, 'allow-prerelease')) set.add('prerelease');
  if (flag(ctx, 'allow-missing-file')) set.add('contains-file');
  if (flag(ctx, 'allow-drift')) set.add('remote-drift');
  if (flag(ctx, 'allow-bad')) set.add('marked-bad');
  return set;
}

function protectedEnvironments(ctx: CliContext): string[] {
  return parseProtectedEnvironments(stringOption(ctx, 'protected') ?? process.env.EDGIT_PROTECTED_ENVIRONMENTS);
}

const MARK: Record<SafetyCheck['status'], string> = { pass: 'ok  ', warn: 'warn', fail: 'FAIL', confirm: 'conf' };

const short = (oid: string | null | undefined) => (oid ? oid.slice(0, 10) : '(none)');

/** `v1.1.0` for a tag object or commit of a component, else its short id, as printed. */
async function labelOf(git: Git, snapshot: RepositorySnapshot, componentKey: string, object: string | null): Promise<string> {
  if (!object) return '(none)';
  const c = snapshot.get(componentKey);
  const env = c?.environments.find((e) => e.objectName === object);
  if (env) return env.version ? shownName(env.version) : `commit ${short(env.commit)}`;
  const commit = (await peelToCommits(git, [object])).get(object);
  if (!commit) return `object ${short(object)} (not fetched)`;
  const version = c?.versions.find((v) => v.commit === commit)?.version;
  return version ? shownName(version) : `commit ${short(commit)}`;
}

/** A move's target as printed: its version, else its short commit id. */
const targetOf = (m: { to?: { version: string | null; commit: string | null } | null }) => (m.to?.version ? shownName(m.to.version) : short(m.to?.commit));

/** A check's line: its message quotes names, tagger names and reasons, escaped to one line. */
const checkLine = (c: SafetyCheck) => `  ${MARK[c.status]} ${c.id}: ${shownText(c.message)}`;

/** A bad mark (or its clearing) the batch records, as printed. */
const markLine = (k: MovePlan['marks'][number]) => `${k.action} ${shownName(k.component)}@${shownName(k.version)}${k.reason ? ` ("${shownText(k.reason)}")` : ''}`;

export interface RunMovesOptions {
  /** Versions to mark bad (or unmark) in the batch's history commit (--mark-bad). */
  readonly marks?: readonly EventDraft[];
  /** The history, when the command already loaded it (else loaded here, for the bad marks). */
  readonly history?: DeploymentHistory;
  /** Print the next environment of the rollout order after a rollback of one environment. */
  readonly rollout?: boolean;
}


/** What to do when --mark-bad finds an environment at a commit without a version. */
export const MARK_BAD_HINT = 'Drop --mark-bad, or mark a version with edgit-deploy mark-bad COMPONENT VERSION --reason TEXT.';

/** Prints a MovePlan for people: each tag from → to, its content change, its checks. */
function printPlan(human: (text: string) => void, plan: MovePlan): void {
  for (const [i, m] of plan.moves.entries()) {
    const kind = m.direction === 'deploy' ? ' (deploy: roll forward)' : m.direction === 'rollback' ? ' (rollback)' : '';
    human(`${shownMessage(m.summary)}${kind}`);
    human(`  tag ${shownName(m.tag)}: ${short(m.from?.object)} → a new tag object for ${targetOf(m)} (commit ${short(m.to?.commit)})`);
    human(`  content ${shownText(describeContentChange(m.content))}`);
    for (const c of plan.checks[i].checks) human(checkLine(c));
  }
  for (const k of plan.marks) human(markLine(k));
}

/** `edgit-deploy batch ENV c=v …` for these moves, each to `target`'s version; null when one has none. */
function batchCommandFor(ctx: CliContext, moves: readonly EnvironmentMove[], target: (m: EnvironmentMove) => string | null | undefined, extra: string): string[] | null {
  const byEnvironment = new Map<string, EnvironmentMove[]>();
  for (const m of moves) byEnvironment.set(m.environment, [...(byEnvironment.get(m.environment) ?? []), m]);
  if (moves.some((m) => !target(m))) return null;
  const remote = stringOption(ctx, 'remote');
  return [...byEnvironment].map(
    ([env, ms]) => `edgit-deploy batch ${shownName(env)} ${ms.map((m) => `${shownName(m.componentId)}=${shownName(target(m) ?? '')}`).join(' ')} --push${remote ? ` --remote ${shownText(remote)}` : ''}${extra}`,
  );
}

/**
 * A push in groups that stopped after some pushes landed: which moves landed (here and on the
 * remote, with their history) and which did not (made neither here nor there), and the exact
 * commands to finish, or to put the landed moves back.
 */
function reportPartialPush(
  ctx: CliContext,
  human: (text: string) => void,
  json: boolean,
  batch: PreparedBatch,
  plan: TagPushPlan,
  e: PartialPushError,
  describe: (ref: string) => string | undefined,
): void {
  const { landed, notLanded } = splitLandedMoves(batch.moves, e);
  const remote = shownText(e.remote);
  if (json) printJson(ctx, { batch: batch.batchId, partial: partialPushJson(e) });
  for (const line of partialPushLines(plan, e, describe)) human(line);
  human(`The moves that landed are made here too (batch ${batch.batchId}); the others were made neither here nor on ${remote}.`);
  const perPush = plan.choice?.mode === 'groups' ? ` --tags-per-push ${plan.choice.perPush}` : '';
  if (notLanded.length) {
    const finish = batchCommandFor(ctx, notLanded, (m) => m.to?.version, `${perPush}${flag(ctx, 'mark-bad') ? ' --mark-bad' : ''}`);
    human(`To finish: edgit-deploy fetch (to see what moved on ${remote}), then${finish ? `: ${finish.join('; ')}` : ' move the rest again.'}`);
  }
  if (landed.length) {
    const back = batchCommandFor(ctx, landed, (m) => m.from?.version, perPush);
    human(back ? `To put the landed moves back: ${back.join('; ')}` : `The landed moves cannot all be put back with edgit-deploy batch: some environment had no version before.`);
  }
}

/**
 * The one path by which the CLI moves environment tags: checks, confirmation, one batch applied
 * all-or-nothing (and pushed atomically with --push), then the way back. With --dry-run: the
 * plan only, and nothing is written.
 */
export async function runMoves(
  ctx: CliContext,
  git: Git,
  snapshot: RepositorySnapshot,
  moves: EnvironmentMove[],
  action: MoveAction,
  options: RunMovesOptions = {},
): Promise<number> {
  const json = flag(ctx, 'json');
  const dryRun = flag(ctx, 'dry-run');
  const human = (text: string) => (json ? ctx.stderr.write(text + '\n') : print(ctx, text));
  const push = flag(ctx, 'push');
  const remote = push ? await resolveRemote(git, stringOption(ctx, 'remote')) : null;
  if (push && !remote) {
    throw new EdgitError('--push was given but this repository has no remote.', 'remote-unreachable', 'Add one with `git remote add origin URL`, or drop --push.');
  }
  if (!remote) refuseTagPushOptionsWithoutPush(ctx);
  let drift: Map<string, EnvironmentDrift> | undefined;
  let remoteTags: Map<string, string> | undefined;
  if (remote) {
    remoteTags = await listRemoteTags(git, remote);
    drift = new Map((await environmentDrift(git, snapshot, remote, { record: !dryRun, remoteTags })).map((d) => [d.ref, d]));
  }
  const history = options.history ?? (await loadHistory(git));
  const marks = badMarks(history);
  const files = new ComponentFiles(git);
  const protectedEnvs = protectedEnvironments(ctx);
  const markDrafts = options.marks ?? [];
  const plan = await planMoves({ snapshot, files, protectedEnvironments: protectedEnvs, marks }, git, moves, {
    overrides: overrides(ctx),
    driftOf: drift ? (m) => drift?.get(`refs/tags/${m.tag}`)?.kind ?? 'local-only' : undefined,
    marks: markDrafts,
  });
  // What the push carries: every moved environment tag, and the versions they point at that the remote lacks.
  let tagPush =
    remote && remoteTags
      ? await planCommandPush(ctx, git, remote, {
          versions: versionsToPush(snapshot, moves.map((m) => ({ componentKey: m.componentKey, version: m.to?.version })), remoteTags),
          environments: moves.map((m) => `refs/tags/${m.tag}`),
        })
      : null;
  const moveOfRef = new Map(moves.map((m) => [`refs/tags/${m.tag}`, m]));
  const pointer = (p: EnvironmentMove['from']) => (p ? shownName(p.version ?? `commit ${short(p.commit)}`) : '(none)');
  const describeRef = (ref: string) => {
    const m = moveOfRef.get(ref);
    return m ? `${pointer(m.from)} → ${pointer(m.to)}` : undefined;
  };

  if (dryRun) {
    if (json) printJson(ctx, { ...dryRunJson(action, remote, plan), ...(tagPush ? { push: pushPlanJson(tagPush) } : {}) });
    else {
      printPlan(human, plan);
      if (plan.refused.length) {
        const flags = [...new Set(plan.refused.map((c) => (c.overridable ? OVERRIDE_FLAGS[c.id] : undefined)).filter(Boolean))];
        human(`Would be refused: ${plan.refused.map((c) => shownText(c.message)).join('; ')}${flags.length ? ` (override: ${flags.join(' ')})` : ''}.`);
      }
      if (plan.needsConfirmation.length) human(`Would ask to confirm by typing: ${plan.needsConfirmation.map(shownName).join(', ')}.`);
      if (tagPush && remote) for (const line of dryRunPushLines(tagPush, remote, describeRef)) human(line);
      human(`Dry run: nothing was changed${remote ? `, locally or on ${remote}` : ''}.`);
    }
    return 0;
  }

  const quietRemote = remote ? null : await resolveRemote(git, stringOption(ctx, 'remote')).catch(() => null);
  const synced = quietRemote ? { remote: quietRemote, state: await RemoteSyncState.load(git, quietRemote) } : null;
  for (const [i, m] of plan.moves.entries()) {
    human(shownMessage(m.summary) + (m.direction === 'deploy' ? ' (deploy: roll forward)' : ''));
    for (const c of plan.checks[i].checks) human(checkLine(c));
    // An unpushed local move: the confirmation shows both what is here and what the remote has
    // (asked with --push; else as of the last sync, which needs no network).
    const d = drift?.get(`refs/tags/${m.tag}`);
    if (d && remote && d.local !== d.remote && (d.kind === 'local-ahead' || d.kind === 'diverged' || d.kind === 'differs')) {
      human(`  note: ${shownName(m.environment)} here is ${await labelOf(git, snapshot, m.key, d.local)} (not pushed); on ${shownText(remote)} it is ${await labelOf(git, snapshot, m.key, d.remote)}`);
    } else if (!remote && synced && m.from && synced.state.has(`refs/tags/${m.tag}`) && synced.state.get(`refs/tags/${m.tag}`) !== m.from.object) {
      const there = synced.state.get(`refs/tags/${m.tag}`) ?? null;
      human(`  note: ${shownName(m.environment)} here is ${await labelOf(git, snapshot, m.key, m.from.object ?? null)} (not pushed); on ${shownText(synced.remote)} it was ${await labelOf(git, snapshot, m.key, there)} at the last sync`);
    }
  }
  for (const k of plan.marks) human(markLine(k));
  const all = plan.checks.flatMap((x) => x.checks);
  assertNoBlockingChecks(all, overrides(ctx));

  // A push over the tag-event limit goes as one push only when the person chose so: said and chosen before anything changes.
  let asked = false;
  if (tagPush && remote) ({ plan: tagPush, asked } = await chooseTagPush(ctx, tagPush, remote, human));
  const protectedMoves = moves.filter((m) => protectedEnvs.includes(m.environment));
  const question = moves.length === 1 ? `Move ${describeMove(moves[0])}?` : `Apply these ${moves.length} moves as one batch?`;
  // Choosing how to push confirmed the moves, unless a protected environment must be typed.
  if (!asked || protectedMoves.length) await confirmMove(ctx, question, protectedMoves.length ? protectedMoves[0].environment : undefined);
  if (tagPush) for (const line of pushLines(tagPush, describeRef)) human(line);

  const batch = await prepareBatch(git, moves, { action, reason: stringOption(ctx, 'reason') });
  // Every batch records its events in the deployment history, in the same local transaction and the same atomic push as its tags.
  // A clone made with plain git has no history: it is fetched first, so the moves it records are not observed as outside moves.
  // Pushed in groups: one history commit per push, with the events (and marks) of that push's moves; outside moves observed once, before the first.
  const companions: ReturnType<typeof historyCompanion>[] = [];
  const companionFor = (part: PreparedBatch, first: boolean) => {
    const partMarks = marksForPush(markDrafts, moves, part, first);
    const c = historyCompanion({ snapshot, history, marks: partMarks, historyRemote: quietRemote, observe: first });
    companions.push(c);
    return c;
  };
  let executed: { pushedTo: string | null };
  if (remote && tagPush) {
    const pushPlan = tagPush;
    try {
      executed = await executeBatchInGroups(git, batch, {
        remote,
        plan: pushPlan,
        companion: companionFor,
        onLanded: (g, of) => {
          if (of > 1) human(`Pushed ${g.index} of ${of} to ${shownText(remote)}.`);
        },
      });
    } catch (e) {
      if (e instanceof PartialPushError) reportPartialPush(ctx, human, json, batch, pushPlan, e, describeRef);
      throw e;
    }
  } else executed = await executeBatch(git, batch, { remote, companion: companionFor(batch, true) });
  const companion = companions[0];
  if (companion.written.fetchedFirst) ctx.stderr.write(`This clone had no deployment history: fetched it from ${shownText(companion.written.fetchedFirst)} first.\n`);
  if (companion.written.fetchFailed) ctx.stderr.write(`This clone has no deployment history and it could not be fetched (${shownText(companion.written.fetchFailed)}): moves made outside were recorded against none.\n`);
  const inverse = inverseMoves(batch);
  const next =
    options.rollout && moves.length >= 1 && new Set(moves.map((m) => m.environment)).size === 1 && moves[0].to?.version
      ? moves
          .map((m) => ({ move: m, step: nextRolloutStep(snapshot, m.componentKey, m.environment, m.to?.version ?? '', rolloutOrder(ctx)) }))
          .filter((x) => x.step)
      : [];
  if (json) {
    printJson(ctx, {
      batch: batch.batchId,
      action,
      reason: batch.reason,
      pushedTo: executed.pushedTo,
      moves: moves.map((m) => ({
        component: m.componentId,
        key: m.componentKey,
        environment: m.environment,
        fromVersion: m.from?.version ?? null,
        fromCommit: m.from?.commit ?? null,
        toVersion: m.to?.version ?? null,
        toCommit: m.to?.commit ?? null,
      })),
      checks: plan.checks.map((x) => ({ component: x.component, environment: x.environment, checks: x.checks })),
      marks: plan.marks,
      next: next.map((x) => ({ component: x.move.componentId, ...x.step })),
      ...(tagPush && executed.pushedTo ? { push: pushPlanJson(tagPush) } : {}),
    });
  } else {
    human(
      `Moved ${moves.length} environment tag${moves.length === 1 ? '' : 's'} (batch ${batch.batchId})` +
        (executed.pushedTo ? `, pushed to ${shownText(executed.pushedTo)}.` : ' locally; push with --push or `edgit-deploy push`.'),
    );
    if (plan.marks.length) human(`Marked bad: ${plan.marks.map((k) => `${shownName(k.component)}@${shownName(k.version)}`).join(', ')}${executed.pushedTo ? ` (pushed with the batch)` : ''}.`);
    const note = executed.pushedTo && tagPush ? onePushNote(tagPush, executed.pushedTo) : null;
    if (note) human(note);
    const back = inverse.filter((m) => m.to?.version);
    if (back.length === inverse.length) {
      human(`To undo: edgit-deploy batch ${shownName(inverse[0].environment)} ${back.map((m) => `${shownName(m.componentId)}=${shownName(m.to?.version ?? '')}`).join(' ')}`);
    }
    // One command per next environment: `rollback` for one component, `batch` for several.
    const pushFlag = executed.pushedTo ? ' --push' : '';
    const byEnvironment = new Map<string, { move: EnvironmentMove; step: NextRolloutStep }[]>();
    for (const x of next) {
      const step = x.step as NextRolloutStep;
      byEnvironment.set(step.environment, [...(byEnvironment.get(step.environment) ?? []), { move: x.move, step }]);
    }
    for (const [environment, steps] of byEnvironment) {
      const order = `Next in the rollout order (${rolloutOrder(ctx).map(shownName).join(' → ')})`;
      const env = shownName(environment);
      if (steps.length === 1) {
        const { move, step } = steps[0];
        human(
          `${order}: ${env} is at ${step.currentVersion ? shownName(step.currentVersion) : 'a commit without a version'}. ` +
            `Roll it back too with: edgit-deploy rollback ${shownName(move.componentId)} ${env} ${shownName(step.version)}${pushFlag}`,
        );
      } else {
        human(
          `${order}: ${env} has ${steps.map((x) => `${shownName(x.move.componentId)} at ${x.step.currentVersion ? shownName(x.step.currentVersion) : 'a commit'}`).join(', ')}. ` +
            `Roll it back too with: edgit-deploy batch ${env} ${steps.map((x) => `${shownName(x.move.componentId)}=${shownName(x.step.version)}`).join(' ')}${pushFlag}`,
        );
      }
    }
  }
  return 0;
}
