import {
  ComponentFiles,
  DriftKind,
  EdgitError,
  EnvironmentMove,
  Git,
  MoveAction,
  RepositorySnapshot,
  SafetyCheck,
  SafetyCheckId,
  assertNoBlockingChecks,
  checkMove,
  describeMove,
  environmentDrift,
  executeBatch,
  historyCompanion,
  loadHistory,
  previousVersionOf,
  inverseMoves,
  prepareBatch,
  resolveRemote,
} from '../engine';
import { CliContext, flag, print, printJson, stringOption } from './cliContext';
import { confirmMove } from './confirm';

/** Options every tag-moving command accepts. */
export const MOVE_OPTIONS = {
  push: { type: 'boolean' },
  yes: { type: 'boolean' },
  remote: { type: 'string' },
  reason: { type: 'string' },
  'allow-prerelease': { type: 'boolean' },
  'allow-missing-file': { type: 'boolean' },
  'allow-drift': { type: 'boolean' },
  protected: { type: 'string' },
} as const;

export const MOVE_USAGE =
  '[--push] [--remote NAME] [--yes] [--reason TEXT] [--allow-prerelease] [--allow-missing-file] [--allow-drift] [--protected ENV,ENV]';

/** The version an environment held before its current one, as the deployment history tells (undefined when it does not know). */
export async function previousVersionLookup(git: Git, snapshot: RepositorySnapshot, componentKey: string, environment: string): Promise<string | undefined> {
  const current = snapshot.get(componentKey)?.environments.find((e) => e.name === environment)?.commit ?? null;
  return previousVersionOf(await loadHistory(git), componentKey, environment, current) ?? undefined;
}

function overrides(ctx: CliContext): Set<SafetyCheckId> {
  const set = new Set<SafetyCheckId>();
  if (flag(ctx, 'allow-prerelease')) set.add('prerelease');
  if (flag(ctx, 'allow-missing-file')) set.add('contains-file');
  if (flag(ctx, 'allow-drift')) set.add('remote-drift');
  return set;
}

function protectedEnvironments(ctx: CliContext): string[] {
  const value = stringOption(ctx, 'protected') ?? process.env.EDGIT_PROTECTED_ENVIRONMENTS ?? 'production';
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

const MARK: Record<SafetyCheck['status'], string> = { pass: 'ok  ', warn: 'warn', fail: 'FAIL', confirm: 'conf' };

/**
 * The one path by which the CLI moves environment tags: checks, confirmation, one batch applied
 * all-or-nothing (and pushed atomically with --push), then the way back.
 */
export async function runMoves(
  ctx: CliContext,
  git: Git,
  snapshot: RepositorySnapshot,
  moves: EnvironmentMove[],
  action: MoveAction,
): Promise<number> {
  const json = flag(ctx, 'json');
  const human = (text: string) => (json ? ctx.stderr.write(text + '\n') : print(ctx, text));
  const push = flag(ctx, 'push');
  const remote = push ? await resolveRemote(git, stringOption(ctx, 'remote')) : null;
  if (push && !remote) {
    throw new EdgitError('--push was given but this repository has no remote.', 'remote-unreachable', 'Add one with `git remote add origin URL`, or drop --push.');
  }
  let drift: Map<string, DriftKind> | undefined;
  if (remote) {
    drift = new Map((await environmentDrift(git, snapshot, remote)).map((d) => [d.ref, d.kind]));
  }
  const files = new ComponentFiles(git);
  const protectedEnvs = protectedEnvironments(ctx);
  const allChecks: { move: EnvironmentMove; checks: SafetyCheck[] }[] = [];
  for (const move of moves) {
    const checks = await checkMove(
      { snapshot, files, protectedEnvironments: protectedEnvs, drift: drift ? (drift.get(`refs/tags/${move.tag}`) ?? 'local-only') : undefined },
      move,
    );
    allChecks.push({ move, checks });
    human(describeMove(move));
    for (const c of checks) human(`  ${MARK[c.status]} ${c.id}: ${c.message}`);
  }
  const blocking = allChecks.flatMap((x) => x.checks);
  assertNoBlockingChecks(blocking, overrides(ctx));

  const protectedMoves = moves.filter((m) => protectedEnvs.includes(m.environment));
  const question = moves.length === 1 ? `Move ${describeMove(moves[0])}?` : `Apply these ${moves.length} moves as one batch?`;
  await confirmMove(ctx, question, protectedMoves.length ? protectedMoves[0].environment : undefined);

  const batch = await prepareBatch(git, moves, { action, reason: stringOption(ctx, 'reason') });
  // Every batch records its events in the deployment history, in the same local transaction and the same atomic push as its tags.
  const executed = await executeBatch(git, batch, { remote, companion: historyCompanion({ snapshot }) });
  const inverse = inverseMoves(batch);
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
      checks: allChecks.map((x) => ({ component: x.move.componentId, environment: x.move.environment, checks: x.checks })),
    });
  } else {
    human(
      `Moved ${moves.length} environment tag${moves.length === 1 ? '' : 's'} (batch ${batch.batchId})` +
        (executed.pushedTo ? `, pushed to ${executed.pushedTo}.` : ' locally; push with --push or `edgit-deploy push`.'),
    );
    if (executed.pushedTo && moves.length > 3) {
      // GitHub sends no push events for pushes of more than three tags, so tag-triggered deploy workflows may not run.
      human(`Note: ${moves.length} tags went in one push; some hosts start no tag-triggered CI for more than three. Check that your deploy workflow ran.`);
    }
    const back = inverse.filter((m) => m.to?.version);
    if (back.length === inverse.length) {
      human(`To undo: edgit-deploy batch ${inverse[0].environment} ${back.map((m) => `${m.componentId}=${m.to?.version}`).join(' ')}`);
    }
  }
  return 0;
}
