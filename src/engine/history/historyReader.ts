import { Git } from '../git';
import { isObjectId, readObjects } from '../gitObjects';
import { readHistoryCache, writeHistoryCache } from '../cache/historyCache';
import { DeploymentHistory } from './deploymentHistory';
import { HistoryCommitRecord, HistoryEvent } from './historyEvents';
import { HISTORY_REF, independentTips, isAncestor, readHistoryHead } from './historyRefs';

/**
 * The git argv that lists the history commits reachable from `tips` and not from `exclude`,
 * children first (ids only: their content is read length-prefixed, see readHistoryCommits).
 */
function historyRevListArgs(tips: readonly string[], exclude: readonly string[]): string[] {
  return ['rev-list', '--topo-order', ...tips, ...(exclude.length ? ['--not', ...exclude] : []), '--'];
}

/**
 * The history commits reachable from `tips` and not from `exclude`, parents first: their ids from
 * `git rev-list` (hex only) and their content from one `git cat-file --batch`, length-prefixed, so
 * no commit message can break the framing. Ids that are not object ids never reach git.
 */
async function readHistoryCommits(git: Git, tips: readonly string[], exclude: readonly string[] = []): Promise<HistoryCommitRecord[]> {
  const from = tips.filter(isObjectId);
  if (!from.length) return [];
  const ids = (await git.text(historyRevListArgs(from, exclude.filter(isObjectId)))).split('\n').filter(isObjectId);
  const objects = await readObjects(git, ids);
  const out: HistoryCommitRecord[] = [];
  for (let i = ids.length - 1; i >= 0; i--) {
    const raw = objects.get(ids[i]);
    if (raw && raw.type === 'commit') out.push({ commit: ids[i], body: raw.body });
  }
  return out;
}

/**
 * Loads the whole history reachable from `ref` (default refs/edgit/history).
 * From the history cache when it was built from the ref's value; when the ref moved forward
 * since, only the commits added are read (`rev-list <new> --not <cached>`) and the cache is
 * rewritten; otherwise (no cache, a ref that does not descend from it) every commit is read.
 * Each call returns a history of its own: a long-lived host keeps one per repository and brings it
 * up to date with extendHistory (see WorkspaceRepository).
 */
export async function loadHistory(git: Git, options: { ref?: string; tips?: readonly string[]; cache?: boolean } = {}): Promise<DeploymentHistory> {
  const ref = options.ref ?? HISTORY_REF;
  const tips = options.tips ?? [await readHistoryHead(git, ref)].filter((t): t is string => !!t);
  const useFile = options.cache !== false && !options.tips && tips.length > 0;
  let history = useFile ? await fromHistoryCache(git, ref, tips) : undefined;
  if (!history) {
    history = new DeploymentHistory();
    if (tips.length) history.ingest(await readHistoryCommits(git, tips), tips);
    if (useFile) await writeHistoryCache(git, ref, history.tips, history.unreadable, history.records());
  }
  return history;
}

/** The history from its cache file: as cached when the tips are the same, extended when they moved forward. */
async function fromHistoryCache(git: Git, ref: string, tips: readonly string[]): Promise<DeploymentHistory | undefined> {
  const cached = await readHistoryCache(git, ref);
  if (!cached || !cached.tips.length) return undefined;
  const same = sameSet(cached.tips, tips);
  if (!same) {
    if (tips.length !== 1) return undefined;
    // A cached tip git no longer has (pruned after a rewrite elsewhere) is simply not an ancestor.
    const descends = await Promise.all(cached.tips.map((t) => isAncestor(git, t, tips[0]).catch(() => false)));
    if (!descends.every(Boolean)) return undefined;
  }
  const history = DeploymentHistory.fromRecords(cached.tips, cached.events as unknown as readonly Record<string, unknown>[], cached.skipped);
  if (!history || same) return history;
  await extendHistory(git, history, tips);
  await writeHistoryCache(git, ref, history.tips, history.unreadable, history.records());
  return history;
}

/**
 * `history` brought up to date with the ref (a long-lived host's one history per repository): the
 * same object when the ref did not move, the same object extended by just the commits added when
 * it moved forward, a history loaded anew when it does not descend from what was read (or there
 * was none yet).
 */
export async function refreshHistory(git: Git, history: DeploymentHistory | undefined, ref: string = HISTORY_REF): Promise<DeploymentHistory> {
  const head = await readHistoryHead(git, ref);
  const tips = head ? [head] : [];
  if (history && sameSet(history.tips, tips)) return history;
  if (!head) return new DeploymentHistory();
  if (history && history.tips.length) {
    const descends = await Promise.all(history.tips.map((t) => isAncestor(git, t, head).catch(() => false)));
    if (descends.every(Boolean)) {
      await extendHistory(git, history, [head]);
      return history;
    }
  }
  return loadHistory(git, { ref });
}

/** Adds to a loaded history the commits reachable from `tips` that it does not have yet. */
export async function extendHistory(git: Git, history: DeploymentHistory, tips: readonly string[]): Promise<HistoryEvent[]> {
  const wanted = [...new Set(tips)].filter(Boolean);
  if (!wanted.length || sameSet(wanted, history.tips)) return [];
  const records = await readHistoryCommits(git, wanted, history.tips);
  const newTips = await independentTips(git, [...history.tips, ...wanted]);
  return history.ingest(records, newTips);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

