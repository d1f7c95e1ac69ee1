import { Git } from '../git';
import { isObjectId, readObjects } from '../gitObjects';
import { ReadProblem } from '../readProblems';
import { Receipt, parseReceiptCommit } from './receipt';
import { readReceiptTips } from './receiptRefs';

/** A receipt dated later than this after the moment it is read can only be a wrong clock or a lie: skipped. */
const FUTURE_SLACK_MS = 24 * 3600_000;

/** Every receipt this clone knows (its own and each remote's, joined), by component and environment. */
export class ReceiptLog {
  private readonly byPosition = new Map<string, Receipt[]>();
  private readonly reported = new Set<string>();

  constructor(
    /** The tips read, by ref name: the log is the same while they are. */
    readonly tips: ReadonlyMap<string, string>,
    receipts: readonly Receipt[],
    readonly skipped: readonly ReadProblem[] = [],
  ) {
    for (const r of receipts) {
      const key = `${r.componentKey}\0${r.environment}`;
      let list = this.byPosition.get(key);
      if (!list) this.byPosition.set(key, (list = []));
      list.push(r);
      this.reported.add(r.environment);
    }
    // Oldest first; equal moments by receipts commit, so every clone orders them the same.
    for (const list of this.byPosition.values()) list.sort((a, b) => a.atMs - b.atMs || (a.receiptCommit < b.receiptCommit ? -1 : a.receiptCommit > b.receiptCommit ? 1 : 0));
  }

  get size(): number {
    let n = 0;
    for (const list of this.byPosition.values()) n += list.length;
    return n;
  }

  /** Whether any receipt names this environment (of any component): environments never reported show nothing. */
  reportsEnvironment(environment: string): boolean {
    return this.reported.has(environment);
  }

  /** The receipts of one environment of one component, oldest first. */
  receipts(componentKey: string, environment: string): readonly Receipt[] {
    return this.byPosition.get(`${componentKey}\0${environment}`) ?? [];
  }

  /** The last receipt at or before `ms` (the newest when `ms` is omitted). */
  latest(componentKey: string, environment: string, ms = Infinity): Receipt | undefined {
    const list = this.receipts(componentKey, environment);
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].atMs <= ms) lo = mid + 1;
      else hi = mid;
    }
    return lo ? list[lo - 1] : undefined;
  }

  /** Every receipt, oldest first. */
  all(): Receipt[] {
    return [...this.byPosition.values()].flat().sort((a, b) => a.atMs - b.atMs);
  }

  /** Without the receipts `leaveOut` names (ones that contradict git), those added to the skipped. */
  without(leaveOut: ReadonlyMap<Receipt, ReadProblem>): ReceiptLog {
    if (!leaveOut.size) return this;
    return new ReceiptLog(this.tips, this.all().filter((r) => !leaveOut.has(r)), [...this.skipped, ...leaveOut.values()]);
  }
}

/**
 * Reads every receipt reachable from this clone's receipts tips: ids from one `git rev-list`, their
 * bytes from one `git cat-file --batch` (length-prefixed, so no message can break the framing).
 * What cannot be read is skipped and counted.
 */
export async function loadReceipts(git: Git, nowMs = Date.now()): Promise<ReceiptLog> {
  const tips = await readReceiptTips(git);
  return readReceiptsFrom(git, tips, nowMs);
}

/** `log` when the tips did not move, else the receipts read anew (a long-lived host's refresh). */
export async function refreshReceipts(git: Git, log: ReceiptLog | undefined): Promise<ReceiptLog> {
  const tips = await readReceiptTips(git);
  if (log && sameTips(log.tips, tips)) return log;
  return readReceiptsFrom(git, tips, Date.now());
}

function sameTips(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [ref, id] of a) if (b.get(ref) !== id) return false;
  return true;
}

async function readReceiptsFrom(git: Git, tips: ReadonlyMap<string, string>, nowMs: number): Promise<ReceiptLog> {
  const from = [...new Set(tips.values())].filter(isObjectId);
  if (!from.length) return new ReceiptLog(tips, []);
  const listed = await git.run(['rev-list', ...from, '--'], { okExitCodes: [128] });
  const problems: ReadProblem[] = [];
  if (listed.exitCode !== 0) {
    problems.push({ where: 'refs/edgit/receipts', what: 'the receipts history cannot be walked (a missing commit): fetch again' });
    return new ReceiptLog(tips, [], problems);
  }
  const ids = listed.stdout.toString('utf8').split('\n').filter(isObjectId);
  const objects = await readObjects(git, ids);
  const receipts: Receipt[] = [];
  for (const id of ids) {
    const raw = objects.get(id);
    if (!raw || raw.type !== 'commit') continue;
    for (const r of parseReceiptCommit(id, raw.body, problems)) {
      if (r.atMs > nowMs + FUTURE_SLACK_MS) problems.push({ where: `receipts commit ${id.slice(0, 10)}`, what: `receipt dated in the future (${r.at})` });
      else receipts.push(r);
    }
  }
  return new ReceiptLog(tips, receipts, problems);
}
