import { spawn } from 'node:child_process';
import { EdgitError } from './errors';
import { Git } from './git';
import { gitErrorDetail } from './gitMessages';
import { DriftKind, classifyDrift } from './remote';
import { RemoteSyncState } from './remoteSyncState';
import { RepositorySnapshot } from './snapshot';
import { parseTag } from './tagGrammar';
import { SyncRecord } from './syncRecord';

/**
 * Drift of the environment tags against a remote, for `status`, the way the editor's tree shows
 * it (DriftKind, remote.ts). Two sources:
 *
 * - by default, without network: the sync record (syncRecord.ts). A tag whose value differs from
 *   the one recorded at the last sync was moved here since: `local-ahead` (not pushed). What the
 *   remote did since is not known, so nothing else is said; a tag the record does not name is not
 *   judged either.
 * - with `status --remote [NAME]`: the remote's tags, asked with one `git ls-remote`, in its own
 *   process group and killed with everything it started (ssh…) after EDGIT_REMOTE_TIMEOUT
 *   seconds (default 10), so an unreachable remote cannot hang status. Every kind then, and the
 *   environments only the remote has. Like the tree, what is equal on both sides is written to
 *   the sync record (nothing else; no ref).
 */
export interface StatusDrift {
  readonly remote: string;
  /** `last-sync`: compared with the sync record, without network; `now`: the remote was asked. */
  readonly checked: 'last-sync' | 'now';
  /** When the sync record was last written, when there is one. */
  readonly lastSyncMs: number | null;
  /** Tag name (`components/prompts/x/production`) → its drift, for the tags something is known of. */
  readonly kinds: ReadonlyMap<string, DriftKind>;
  /** Environments the remote has and this clone does not (asked only). */
  readonly remoteOnly: readonly { readonly componentKey: string; readonly environment: string }[];
}

const DEFAULT_TIMEOUT_S = 10;

/** Drift against what the remote had at the last sync, without network. */
export function driftFromRecord(snapshot: RepositorySnapshot, record: SyncRecord): StatusDrift {
  const kinds = new Map<string, DriftKind>();
  for (const c of snapshot.components) {
    for (const e of c.environments) {
      const synced = record.refs.get(`refs/tags/${e.tag}`);
      if (synced !== undefined) kinds.set(e.tag, synced === e.objectName ? 'in-sync' : 'local-ahead');
    }
  }
  return { remote: record.remote, checked: 'last-sync', lastSyncMs: record.writtenMs, kinds, remoteOnly: [] };
}

/** How long `status --remote` waits for the remote: EDGIT_REMOTE_TIMEOUT seconds, else 10. */
export function remoteTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const s = Number(env.EDGIT_REMOTE_TIMEOUT);
  return (Number.isFinite(s) && s > 0 ? s : DEFAULT_TIMEOUT_S) * 1000;
}

/** Drift against the remote as it is now; rejects with an EdgitError when it cannot be asked in time. */
export async function driftFromRemote(git: Git, snapshot: RepositorySnapshot, remote: string, timeoutMs: number): Promise<StatusDrift> {
  const [remoteTags, state] = await Promise.all([listRemoteTagsWithin(git.cwd, remote, timeoutMs), RemoteSyncState.load(git, remote)]);
  const kinds = new Map<string, DriftKind>();
  const seen = new Set<string>();
  for (const c of snapshot.components) {
    for (const e of c.environments) {
      const ref = `refs/tags/${e.tag}`;
      seen.add(ref);
      const there = remoteTags.get(ref) ?? null;
      kinds.set(e.tag, classifyDrift(e.objectName, there, state.get(ref)));
      if (there === e.objectName) state.set(ref, there);
    }
  }
  const remoteOnly: { componentKey: string; environment: string }[] = [];
  for (const ref of remoteTags.keys()) {
    const parsed = seen.has(ref) ? null : parseTag(ref);
    if (parsed?.slotKind === 'environment') remoteOnly.push({ componentKey: parsed.key, environment: parsed.slot });
  }
  await state.save().catch(() => undefined); // a read: failing to note what is equal changes no answer
  return { remote, checked: 'now', lastSyncMs: Date.now(), kinds, remoteOnly };
}

/**
 * The remote's tags (`git ls-remote --tags --refs`), or a rejection once `timeoutMs` passed: git
 * runs in a process group of its own, killed whole (ssh asking for a passphrase included), and
 * the answer does not wait for its pipes to close.
 */
function listRemoteTagsWithin(cwd: string, remote: string, timeoutMs: number): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-c', 'core.quotepath=false', 'ls-remote', '--tags', '--refs', '--end-of-options', remote], {
      cwd,
      env: { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GCM_INTERACTIVE: 'NEVER', GIT_OPTIONAL_LOCKS: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      f();
    };
    const timer = setTimeout(() => {
      try {
        if (child.pid && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
      child.stdout.destroy();
      child.stderr.destroy();
      settle(() => reject(new EdgitError(`The remote "${remote}" did not answer within ${timeoutMs / 1000} s.`, 'remote-unreachable', 'Check your network and credentials, or set EDGIT_REMOTE_TIMEOUT (seconds).')));
    }, timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => settle(() => reject(e)));
    child.on('close', (code) => {
      settle(() => {
        if (code !== 0) {
          const detail = gitErrorDetail(Buffer.concat(err).toString('utf8'), `exit code ${code}`);
          reject(new EdgitError(`Cannot reach the remote "${remote}": ${detail}`, 'remote-unreachable', 'Check your network and credentials, then try again.'));
          return;
        }
        const tags = new Map<string, string>();
        for (const line of Buffer.concat(out).toString('utf8').split('\n')) {
          const tab = line.indexOf('\t');
          if (tab > 0) tags.set(line.slice(tab + 1), line.slice(0, tab));
        }
        resolve(tags);
      });
    });
  });
}
