import { EdgitError } from '../errors';
import { Git } from '../git';
import { gitErrorDetail } from '../gitMessages';
import { independentTips } from '../history/historyRefs';
import { applyRefUpdates, readRefs } from '../refTransaction';
import { RepositorySnapshot } from '../snapshot';
import { validateEnvironmentName, validateVersionName } from '../tagGrammar';
import { ReceiptDraft, formatReceiptMessage, isRunUrl } from './receipt';
import { RECEIPTS_REF, receiptsFetchRefspec, remoteReceiptsRef } from './receiptRefs';

/** One component named in a report: `prompts/analysis` or `prompts/analysis=v1.2.0`. */
export interface ReportedComponent {
  readonly component: string;
  readonly version?: string;
}

export interface LiveReport {
  readonly environment: string;
  readonly components: readonly ReportedComponent[];
  /** The commit the job deployed (any form git reads as a commit id), when it knows it. */
  readonly commit?: string;
  readonly run?: string;
  readonly note?: string;
  readonly settlesInMs?: number;
}

/** `prompts/analysis=v1.2.0` → component and version; `prompts/analysis` → component only. */
export function parseReportedComponent(arg: string): ReportedComponent {
  const eq = arg.indexOf('=');
  if (eq < 0) return { component: arg };
  const version = arg.slice(eq + 1);
  if (!version) throw new EdgitError(`"${arg}" names no version after "=".`, 'bad-usage', 'Write COMPONENT=VERSION (prompts/analysis=v1.2.0), or the component alone for where its environment tag points.');
  return { component: arg.slice(0, eq), version };
}

/** The full id of a commit typed on the command line, or an error saying what to give. */
async function resolveCommit(git: Git, typed: string): Promise<string> {
  if (!/^[0-9a-fA-F]{4,64}$/.test(typed)) {
    throw new EdgitError(`--commit is "${typed}", which is not a commit id.`, 'bad-usage', 'Give the hexadecimal id of the commit deployed (git rev-parse HEAD in the deploy job).');
  }
  const r = await git.run(['rev-parse', '--verify', '--quiet', '--end-of-options', `${typed}^{commit}`], { okExitCodes: [1, 128] });
  const id = r.stdout.toString('utf8').trim();
  if (r.exitCode !== 0 || !id) throw new EdgitError(`This clone has no commit ${typed}.`, 'bad-input', 'Fetch it first (a shallow clone may lack it), or leave --commit out to report where the environment tag points.');
  return id;
}

/**
 * What a report says, checked against this clone's tags: for each component, the position served.
 * `=VERSION` names it; else `--commit`; else the environment tag's current position. A version and
 * a commit that disagree, an unknown component or version, or an environment the component lacks
 * are errors, before anything is written.
 */
export async function draftReceipts(git: Git, snapshot: RepositorySnapshot, report: LiveReport): Promise<ReceiptDraft[]> {
  const environment = validateEnvironmentName(report.environment);
  if (!report.components.length) throw new EdgitError('Name at least one component served.', 'bad-usage', 'For example: edgit-deploy report-live production prompts/analysis');
  if (report.run !== undefined && !isRunUrl(report.run)) throw new EdgitError(`--run is "${report.run}", which is not an http(s) URL.`, 'bad-usage', 'Give the deploy run\'s web address, e.g. https://github.com/acme/app/actions/runs/123.');
  if (report.note !== undefined && report.note.length > 2048) throw new EdgitError('--note is longer than 2,048 characters.', 'bad-usage', 'Keep the note to a line or two.');
  const commit = report.commit === undefined ? undefined : await resolveCommit(git, report.commit);
  const drafts: ReceiptDraft[] = [];
  const seen = new Set<string>();
  for (const named of report.components) {
    const c = snapshot.find(named.component);
    if (seen.has(c.key)) throw new EdgitError(`${c.id} is named twice.`, 'bad-usage', 'Name each component once.');
    seen.add(c.key);
    let version: string | null = null;
    let at: string | undefined = commit;
    if (named.version !== undefined) {
      version = validateVersionName(named.version);
      const v = c.versions.find((x) => x.version === version);
      if (!v && !commit) throw new EdgitError(`${c.id} has no version ${version} here.`, 'unknown-version', 'Fetch its tags first (git fetch --tags), or add --commit with the commit deployed.');
      if (v && commit && v.commit !== commit) {
        throw new EdgitError(`${c.id} ${version} is commit ${v.commit.slice(0, 10)}, but --commit says ${commit.slice(0, 10)}.`, 'bad-input', 'Report what was deployed: fix the version or the commit.');
      }
      at = v?.commit ?? commit;
    } else if (!commit) {
      const env = c.environments.find((e) => e.name === environment);
      if (!env?.commit) {
        throw new EdgitError(`${c.id} has no ${environment} tag here to report.`, 'bad-input', `Name the version deployed (${c.id}=v1.2.0) or the commit (--commit SHA), or fetch tags first.`);
      }
      at = env.commit;
      version = env.version;
    } else {
      version = c.versions.find((x) => x.commit === commit)?.version ?? null;
    }
    drafts.push({ componentKey: c.key, componentId: c.id, environment, version, commit: at as string, run: report.run ?? null, note: report.note ?? null, settlesInMs: report.settlesInMs ?? null });
  }
  return drafts;
}

/** Writes one receipts commit with these parents; the committer date is `date` (git's raw form) unless the environment sets one. */
async function writeReceiptCommit(git: Git, parents: readonly string[], environment: string, drafts: readonly ReceiptDraft[], date: string): Promise<string> {
  const tree = await git.line(['mktree'], { input: '' });
  const args = ['commit-tree', tree];
  for (const p of new Set(parents)) args.push('-p', p);
  const env = process.env.GIT_COMMITTER_DATE ? undefined : { GIT_COMMITTER_DATE: date };
  const r = await git.run(args, { input: formatReceiptMessage(environment, drafts), env, okExitCodes: [128] });
  if (r.exitCode !== 0) {
    throw new EdgitError(
      `Could not write the receipt: ${gitErrorDetail(r.stderr, 'git commit-tree failed')}`,
      /identity|tell me who you are|name/i.test(r.stderr) ? 'bad-input' : 'git-failed',
      'A receipt says who reported it: set the deploy job\'s identity (git config user.name "deploy-bot"; git config user.email "deploy@example.com").',
    );
  }
  return r.stdout.toString('utf8').trim();
}

function nowRawDate(): string {
  return `${Math.floor(Date.now() / 1000)} +0000`;
}

/** Records receipts in this clone only (refs/edgit/receipts), joining what it knows of every remote's. Returns the commit. */
export async function recordReceipts(git: Git, environment: string, drafts: readonly ReceiptDraft[]): Promise<string> {
  const local = (await readRefs(git, [RECEIPTS_REF])).get(RECEIPTS_REF) ?? null;
  const commit = await writeReceiptCommit(git, local ? [local] : [], environment, drafts, nowRawDate());
  await applyRefUpdates(git, [{ ref: RECEIPTS_REF, oldValue: local, newValue: commit }], 'edgit-deploy: report-live');
  return commit;
}

export interface SharedReceipts {
  readonly commit: string;
  /** How many pushes it took (others reporting at the same moment make it retry). */
  readonly attempts: number;
}

/** Fetches a remote's receipts into refs/edgit/remotes/<remote>/receipts; returns their tip, or null when it has none. */
export async function fetchRemoteReceipts(git: Git, remote: string): Promise<string | null> {
  const r = await git.run(['fetch', '--no-tags', '--no-write-fetch-head', '--prune', '--quiet', '--end-of-options', remote, receiptsFetchRefspec(remote)], { okExitCodes: [1, 128] });
  if (r.exitCode !== 0) {
    const locked = /lock|cannot update ref|some local refs could not be updated/i.test(r.stderr);
    throw new EdgitError(`Cannot fetch the receipts from "${remote}": ${gitErrorDetail(r.stderr, `exit code ${r.exitCode}`)}`, locked ? 'conflict' : 'remote-unreachable', 'Check the remote and try again.');
  }
  const ref = remoteReceiptsRef(remote);
  return (await readRefs(git, [ref])).get(ref) ?? null;
}

/**
 * Shares receipts with a remote: on top of the remote's receipts and this clone's, one commit, pushed
 * to refs/edgit/receipts only if the remote still has what was fetched (a lease on that ref alone,
 * never on tags or the history). When another reporter landed first, fetches again and retries
 * after a random pause, so that any number of reporters at once all land. The receipt keeps its
 * first moment across retries. Recorded in this clone too, also when it could not be shared.
 */
export async function shareReceipts(git: Git, remote: string, environment: string, drafts: readonly ReceiptDraft[], options: { attempts?: number } = {}): Promise<SharedReceipts> {
  const maxAttempts = options.attempts ?? 30;
  const date = nowRawDate();
  let lastRefusal = '';
  let commit: string | undefined;
  let local: string | null = null;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (attempt > 1) await pause(attempt);
    let theirs: string | null;
    try {
      theirs = await fetchRemoteReceipts(git, remote);
    } catch (e) {
      if (e instanceof EdgitError && e.code === 'conflict') {
        lastRefusal = e.userMessage;
        continue;
      }
      throw e;
    }
    local = (await readRefs(git, [RECEIPTS_REF])).get(RECEIPTS_REF) ?? null;
    const parents = await independentTips(git, [local, theirs].filter((t): t is string => !!t));
    commit = await writeReceiptCommit(git, parents, environment, drafts, date);
    const pushed = await git.run(
      ['push', '--porcelain', '--no-verify', `--force-with-lease=${RECEIPTS_REF}:${theirs ?? ''}`, '--end-of-options', remote, `${commit}:${RECEIPTS_REF}`],
      { okExitCodes: [1, 128] },
    );
    if (pushed.exitCode === 0) {
      await keepLocally(git, local, commit);
      await git.run(['update-ref', '-m', 'edgit-deploy: report-live', remoteReceiptsRef(remote), commit], { okExitCodes: [1, 128] });
      return { commit, attempts: attempt };
    }
    const out = `${pushed.stdout.toString('utf8')}\n${pushed.stderr}`;
    if (!/rejected|stale info|fetch first|non-fast-forward|lock/i.test(out)) {
      if (commit) await keepLocally(git, local, commit);
      throw new EdgitError(`Cannot push the receipt to "${remote}": ${gitErrorDetail(pushed.stderr, `exit code ${pushed.exitCode}`)}`, 'remote-unreachable', 'It is recorded in this clone: run report-live with --push again when the remote can be reached.');
    }
    lastRefusal = gitErrorDetail(out);
  }
  if (commit) await keepLocally(git, local, commit);
  throw new EdgitError(
    `Could not share the receipt with "${remote}" after ${maxAttempts} attempts (${lastRefusal}).`,
    'push-refused',
    'It is recorded in this clone: run report-live with --push again.',
  );
}

/** Moves this clone's receipts ref to `commit` (which descends from it); another report here meanwhile keeps its own. */
async function keepLocally(git: Git, local: string | null, commit: string): Promise<void> {
  await applyRefUpdates(git, [{ ref: RECEIPTS_REF, oldValue: local, newValue: commit }], 'edgit-deploy: report-live').catch(() => undefined);
}

/** A random pause that grows with the attempt (50 ms … 1.5 s), so reporters at the same moment spread out. */
function pause(attempt: number): Promise<void> {
  const ms = 50 + Math.random() * Math.min(1500, 100 * attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
