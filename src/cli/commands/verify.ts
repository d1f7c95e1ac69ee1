import {
  DeploymentHistory,
  EdgitError,
  RepositorySnapshot,
  ReferenceGate,
  ReferenceIndex,
  VerifiedTag,
  VerifyProblem,
  VerifyReport,
  badMarks,
  checkReceipts,
  gateProblems,
  formatDuration,
  loadHistory,
  loadObservedHistory,
  loadReceipts,
  loadSnapshot,
  notLiveProblems,
  parseDuration,
  referenceGate,
  resolveRemote,
  verifyDeployments,
  verifyRemoteDeployments,
} from '../../engine';
import { CliCommand, CliContext, flag, print, printJson, repository, stringOption } from '../cliContext';
import { humanTime, humanTimesIn } from '../../engine/humanTime';
import { fixed, flowing, layoutRecord, wrapSentence } from '../recordLayout';
import { shownMessage, shownName, shownText } from '../untrustedOutput';
import { batchPiece, byPiece, whyPiece } from '../recordPieces';
import { referenceRecord, unreadableRecord } from '../referenceRecords';
import { referenceJson } from '../../agentTools/answers/refsAnswer';
import { scopeOptions } from './refs';

export const verifyCommand: CliCommand = {
  name: 'verify',
  usage: 'verify [--env ENV,ENV] [--remote NAME] [--live [--within DURATION]] [--no-refs | --include GLOB,… --exclude GLOB,…] [--repo DIR] [--json]',
  summary:
    'CI gate: exit 0 when every environment tag is where its newest recorded move put it, at no bad version, with its file (--live: and reported live by a deploy within DURATION, default 15m), and every component reference in the ensembles and agents names an existing tag and pins no bad version (--no-refs: skip references); else 1 and the list',
  options: {
    env: { type: 'string' },
    remote: { type: 'string' },
    live: { type: 'boolean' },
    within: { type: 'string' },
    'no-refs': { type: 'boolean' },
    include: { type: 'string' },
    exclude: { type: 'string' },
  },
  async run(ctx: CliContext): Promise<number> {
    if (ctx.positionals.length) throw new EdgitError('verify takes no positional argument.', 'bad-input', `Usage: edgit-deploy ${this.usage}`);
    const environments = (stringOption(ctx, 'env') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    const within = stringOption(ctx, 'within');
    if (within !== undefined && !flag(ctx, 'live')) throw new EdgitError('--within goes with --live.', 'bad-usage', 'Add --live, or leave --within out.');
    const withinMs = flag(ctx, 'live') ? parseDuration(within ?? '15m', '--within') : undefined;
    const git = await repository(ctx);
    const wantedRemote = stringOption(ctx, 'remote');
    // The tags and the recorded history as they are here (no observation), read once for every gate that needs them.
    let here: Promise<LocalState> | undefined;
    const local = () => (here ??= Promise.all([loadSnapshot(git), loadHistory(git)]).then(([snapshot, history]) => ({ snapshot, history })));
    let report;
    if (wantedRemote !== undefined) {
      const remote = await resolveRemote(git, wantedRemote);
      if (!remote) throw new EdgitError('This repository has no remote to verify.', 'remote-unreachable', 'Add one with `git remote add origin URL`.');
      report = await verifyRemoteDeployments(git, (await local()).snapshot, remote, { environments });
    } else {
      // Reads only: the history with the moves made outside observed in memory (who and when, as history and at tell them); nothing is written.
      const observed = await loadObservedHistory(git);
      report = await verifyDeployments(git, observed.snapshot, observed.history, { environments });
    }
    if (withinMs !== undefined) report = await withLiveCheck(git, await local(), report, withinMs, environments);
    if (flag(ctx, 'no-refs') && (stringOption(ctx, 'include') !== undefined || stringOption(ctx, 'exclude') !== undefined)) {
      throw new EdgitError('--include and --exclude choose the references to check; --no-refs checks none.', 'bad-usage', 'Leave out one or the other.');
    }
    const refs = flag(ctx, 'no-refs') ? null : await checkReferences(git, local(), scopeOptions(ctx));
    const ok = report.ok && (refs?.ok ?? true);
    if (flag(ctx, 'json')) {
      printJson(ctx, {
        ok,
        source: report.source,
        checked: report.checked.length,
        skipped: report.skipped,
        problems: report.problems.map((p) => ({
          kind: p.kind,
          component: p.tag.componentId,
          environment: p.tag.environment,
          tag: p.tag.tag,
          version: p.tag.version,
          commit: p.tag.commit,
          movedBy: p.tag.movedBy,
          movedAt: p.tag.movedAt,
          recorded: p.recorded,
          bad: p.mark ? { reason: p.mark.reason, by: p.mark.by, at: p.mark.at } : null,
          message: p.message,
        })),
        references: refs && {
          ok: refs.ok,
          checked: refs.checked,
          problems: refs.failing.map((r) => ({ ...referenceJson(r), failing: gateProblems(r).map((p) => p.kind) })),
          unreadable: refs.unreadable,
        },
      });
      return ok ? 0 : 1;
    }
    const where = report.source === 'local' ? 'here' : `on ${shownText(report.source)}`;
    const refsChecked = refs?.checked ? `, and all ${refs.checked} component reference(s) in the ensembles and agents name an existing tag and pin no bad version` : '';
    if (ok) {
      const live = withinMs === undefined ? '' : `, and no reported environment waits for its deploy longer than ${formatDuration(withinMs)}`;
      print(ctx, wrapSentence(ctx.width, `OK: all ${report.checked.length} environment tag(s) ${where} are where their newest recorded move put them, at no version marked bad, with their file${live}${refsChecked}.`).join('\n'));
      return 0;
    }
    const refProblems = refs ? refs.failing.length + refs.unreadable.length : 0;
    const lines = wrapSentence(
      ctx.width,
      `verify: ${report.problems.length} problem(s) in ${report.checked.length} environment tag(s) ${where}${report.skipped.length ? `, and ${report.skipped.length} item(s) skipped as unreadable or contradicting git` : ''}${refs ? `; ${refProblems} problem(s) in ${refs.checked} component reference(s)` : ''}:`,
    );
    for (const p of report.problems) lines.push(...problemRecord(p, ctx.width));
    if (refs) lines.push(...referenceLines(refs, ctx.width));
    for (const p of report.skipped) {
      lines.push(...layoutRecord(ctx.width, { indent: 2, head: [fixed('skipped'), fixed(`${shownMessage(p.where)}:`)], details: [[flowing(shownMessage(p.what))]], detailsInline: true }));
    }
    if (report.problems.some((p) => p.kind === 'unrecorded-move')) {
      lines.push(...wrapSentence(ctx.width, 'Moves made outside edgit-deploy are not vouched for: review them, then record the intended position with edgit-deploy set/rollback.', 0));
    }
    if (report.problems.some((p) => p.kind === 'not-live')) {
      lines.push(
        ...wrapSentence(
          ctx.width,
          'Not live: start the deploy for these positions (a push of more tags than the host announces starts none; `edgit-deploy pending --json` lists them for a reconcile job), and check that the deploy job ends with `edgit-deploy report-live`.',
          0,
        ),
      );
    }
    ctx.stderr.write(lines.join('\n') + '\n');
    return 1;
  },
};

/** This clone's tags and recorded history, as the references and live gates read them. */
interface LocalState {
  readonly snapshot: RepositorySnapshot;
  readonly history: DeploymentHistory;
}

/** The references gate: every reference resolved against the local tags and the bad marks of the local history. */
async function checkReferences(git: Awaited<ReturnType<typeof repository>>, local: Promise<LocalState>, options: ReturnType<typeof scopeOptions>): Promise<ReferenceGate> {
  const [index, { snapshot, history }] = await Promise.all([ReferenceIndex.build(git.cwd, options, { cache: git.caches }), local]);
  return referenceGate(index, snapshot, badMarks(history));
}

/** The failing references, each with file and line, and only the problems that fail the gate; then the unreadable files. */
function referenceLines(refs: ReferenceGate, width: number): string[] {
  const lines: string[] = [];
  for (const r of refs.failing) {
    lines.push(...referenceRecord(r, width, gateProblems(r)));
  }
  for (const p of refs.unreadable) lines.push(...unreadableRecord(p, width));
  if (refs.failing.length) {
    lines.push(...wrapSentence(width, 'References: Conductor finds nothing for a reference whose tag is missing, and no rollback changes a pinned version; `edgit-deploy refs` lists every reference with what it resolves to.', 0));
  }
  return lines;
}

/**
 * The report with verify --live's problems added: every environment position this clone's tags
 * and receipts say no deploy reported live within `withinMs` of its move.
 */
async function withLiveCheck(git: Awaited<ReturnType<typeof repository>>, { snapshot, history }: LocalState, report: VerifyReport, withinMs: number, environments: readonly string[]): Promise<VerifyReport> {
  const read = await loadReceipts(git);
  const receipts = checkReceipts(read, snapshot);
  const problems = [...report.problems, ...notLiveProblems(snapshot, history, receipts, { withinMs, nowMs: Date.now(), environments })];
  const skipped = [...report.skipped, ...receipts.skipped];
  return { ...report, problems, skipped, ok: report.ok && problems.length === report.problems.length && !receipts.skipped.length };
}

/** Where the tag is: its version, else its commit, else that it is gone. */
function position(t: VerifiedTag): string {
  return t.version ? shownName(t.version) : t.commit ? `commit ${shownText(t.commit.slice(0, 10))}` : '(absent)';
}

/**
 * A problem as a record: its kind, the environment and where its tag is on the first line; then
 * who moved the tag when, what the newest recorded move says, or the bad mark. Names from the
 * tags and the history are shown unmistakably, other values escaped (untrustedOutput.ts).
 */
function problemRecord(p: VerifyProblem, width: number): string[] {
  const t = p.tag;
  const head = [fixed(p.kind), fixed(`${shownName(t.componentId)} · ${shownName(t.environment)}`), fixed(p.kind === 'unrecorded-deletion' ? 'tag gone' : `at ${position(t)}`)];
  const recorded = p.recorded
    ? [
        fixed(`recorded: ${p.recorded.version ? shownName(p.recorded.version) : p.recorded.commit ? `commit ${shownText(p.recorded.commit.slice(0, 10))}` : '(deleted)'}, ${humanTime(p.recorded.at)}`),
        byPiece(p.recorded.by ?? 'unknown'),
        batchPiece(p.recorded.batch),
      ]
    : [fixed('recorded: nothing (no recorded move)')];
  switch (p.kind) {
    case 'unrecorded-move': {
      const moved = t.movedBy || t.movedAt ? [fixed(`tag moved ${t.movedAt ? humanTime(t.movedAt) : 'at an unknown moment'}`), byPiece(t.movedBy ?? 'an unknown tagger')] : [fixed('a lightweight tag: who and when unknown')];
      return layoutRecord(width, { indent: 2, head, details: [moved, recorded] });
    }
    case 'unrecorded-deletion':
      return layoutRecord(width, { indent: 2, head, details: [recorded] });
    case 'marked-bad':
      return layoutRecord(width, {
        indent: 2,
        head,
        details: [p.mark ? [fixed(`marked bad ${humanTime(p.mark.at)}`), byPiece(p.mark.by), whyPiece(p.mark.reason)] : [flowing(problemTail(p))]],
      });
    case 'not-live':
      return layoutRecord(width, { indent: 2, head, details: [[flowing(humanTimesIn(problemTail(p)))]] });
    default:
      // missing-file: the engine's words after the label (the version, the component, git's reason).
      return layoutRecord(width, { indent: 2, head, details: [[flowing(problemTail(p))]] });
  }
}

/**
 * A problem's message after its `component · environment: ` label (verifyDeployments.ts), with
 * every control and format character escaped; the whole message when it has no such label.
 */
function problemTail(p: VerifyProblem): string {
  const label = `${p.tag.componentId} · ${p.tag.environment}: `;
  return shownText(p.message.startsWith(label) ? p.message.slice(label.length) : p.message);
}
