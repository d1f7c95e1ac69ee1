import { Git } from '../git';
import { isObjectId } from '../gitObjects';
import { readRefs } from '../refTransaction';
import { Receipt } from './receipt';
import { ReceiptLog, refreshReceipts } from './receiptLog';
import { RECEIPTS_REF, remoteReceiptsRef } from './receiptRefs';
import { fetchRemoteReceipts } from './reportLive';

/** A position just pushed, whose deploy is awaited. */
export interface AwaitedPosition {
  readonly componentKey: string;
  readonly componentId: string;
  readonly environment: string;
  readonly version: string | null;
  readonly commit: string;
}

export interface DeployWatchResult {
  /** The receipts that reported each awaited position live, in the order asked (absent: none yet). */
  readonly live: ReadonlyMap<AwaitedPosition, Receipt>;
  /** The positions no deploy reported before the watch ended. */
  readonly missing: readonly AwaitedPosition[];
}

export interface DeployWatchOptions {
  readonly pollMs: number;
  readonly timeoutMs: number;
  /** Ends the watch early (what was reported by then is answered). */
  readonly signal?: AbortSignal;
  /** Called after each poll that found a new receipt for an awaited position. */
  readonly onProgress?: (result: DeployWatchResult) => void;
}

/**
 * Whether a watch is worth it: some awaited environment has had a receipt in this repository
 * (teams that do not report are never polled).
 */
export function worthWatching(receipts: ReceiptLog, positions: readonly AwaitedPosition[]): boolean {
  return positions.some((p) => receipts.reportsEnvironment(p.environment));
}

/**
 * Waits until a deploy reports each awaited position live: a receipt for that commit of that
 * environment, written after the watch started. Each poll is one `git ls-remote` of the remote's
 * receipts ref; the receipts are fetched only when it moved. Ends when every position is live,
 * at the timeout, or when the signal aborts. A remote that cannot be reached is asked again at
 * the next poll.
 */
export async function watchForReceipts(git: Git, remote: string, positions: readonly AwaitedPosition[], options: DeployWatchOptions): Promise<DeployWatchResult> {
  let log = await refreshReceipts(git, undefined);
  const before = new Set(log.all().map((r) => r.receiptCommit));
  const deadline = Date.now() + options.timeoutMs;
  const live = new Map<AwaitedPosition, Receipt>();
  const result = (): DeployWatchResult => ({ live: new Map(live), missing: positions.filter((p) => !live.has(p)) });
  const tracking = remoteReceiptsRef(remote);
  for (;;) {
    const found = collect(log, positions, before, live);
    if (found) options.onProgress?.(result());
    if (live.size === positions.length || Date.now() >= deadline || options.signal?.aborted) return result();
    await sleep(Math.min(options.pollMs, Math.max(0, deadline - Date.now())), options.signal);
    if (options.signal?.aborted) return result();
    const asked = await git.run(['ls-remote', '--end-of-options', remote, RECEIPTS_REF], { okExitCodes: [1, 2, 128], timeoutMs: 20_000 }).catch(() => undefined);
    if (!asked || asked.exitCode !== 0) continue;
    const tip = asked.stdout.toString('utf8').split('\t')[0].trim();
    const known = (await readRefs(git, [tracking])).get(tracking) ?? null;
    if (!isObjectId(tip) || tip === known) continue;
    try {
      await fetchRemoteReceipts(git, remote);
    } catch {
      continue;
    }
    log = await refreshReceipts(git, log);
  }
}

/** Adds to `live` the awaited positions a receipt newer than the watch reports; true when one was added. */
function collect(log: ReceiptLog, positions: readonly AwaitedPosition[], before: ReadonlySet<string>, live: Map<AwaitedPosition, Receipt>): boolean {
  let added = false;
  for (const p of positions) {
    if (live.has(p)) continue;
    const r = log.latest(p.componentKey, p.environment);
    if (r && r.commit === p.commit && !before.has(r.receiptCommit)) {
      live.set(p, r);
      added = true;
    }
  }
  return added;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
