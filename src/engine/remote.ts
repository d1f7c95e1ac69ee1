import { Git } from './git';
import { EdgitError } from './errors';
import { gitErrorDetail, staleLockError } from './gitMessages';
import { RepositorySnapshot } from './snapshot';
import { parseTag } from './tagGrammar';
import { RemoteSyncState } from './remoteSyncState';

/** `origin` when it exists, else the only remote, else null. A named remote must exist. */
export async function resolveRemote(git: Git, wanted?: string | null): Promise<string | null> {
  const remotes = (await git.text(['remote'])).split('\n').filter(Boolean);
  if (wanted) {
    if (!remotes.includes(wanted)) {
      throw new EdgitError(
        `There is no remote named "${wanted}".`,
        'remote-unreachable',
        remotes.length ? `Remotes here: ${remotes.join(', ')}.` : 'Add one with `git remote add origin URL`.',
      );
    }
    return wanted;
  }
  if (remotes.includes('origin')) return 'origin';
  return remotes.length === 1 ? remotes[0] : null;
}

/** Every tag ref on the remote and the object it names (one `git ls-remote`). */
export async function listRemoteTags(git: Git, remote: string): Promise<Map<string, string>> {
  const result = await git.run(['ls-remote', '--tags', '--refs', '--end-of-options', remote], { okExitCodes: [128, 2] });
  if (result.exitCode !== 0) {
    throw new EdgitError(
      `Cannot reach the remote "${remote}": ${gitErrorDetail(result.stderr)}`,
      'remote-unreachable',
      'Check your network and credentials, then try again.',
    );
  }
  const map = new Map<string, string>();
  for (const line of result.stdout.toString('utf8').split('\n')) {
    const tab = line.indexOf('\t');
    if (tab > 0) map.set(line.slice(tab + 1), line.slice(0, tab));
  }
  return map;
}

/** One ref to push, with the value the remote must still have (compare-and-swap). */
export interface RemoteRefUpdate {
  readonly ref: string;
  /** What the remote must hold now; null: the ref must not exist there. */
  readonly expectedRemote: string | null;
  /** The object to push; null deletes the remote ref. */
  readonly newValue: string | null;
}

export interface RejectedRef {
  readonly ref: string;
  readonly reason: string;
}

/** Thrown when the remote refuses an atomic push; nothing changed on the remote. */
export class PushRefusedError extends EdgitError {
  constructor(
    readonly remote: string,
    readonly rejected: readonly RejectedRef[],
    /** What was refused and why, in people's words (describeRejection). */
    readonly detail: string,
  ) {
    super(
      `The remote "${remote}" refused the push, so nothing changed there: ${detail}.`,
      'push-refused',
      rejected.some((r) => /stale info|fetch first|non-fast-forward/.test(r.reason))
        ? 'Someone else moved these tags: fetch environment tags, review, and try again.'
        : 'Nothing was pushed; fix the cause and push again.',
    );
  }
}

/**
 * Pushes exactly these refs in one `git push --atomic`: each with `--force-with-lease` on the
 * value the remote must still hold, so a teammate's concurrent move is refused, not overwritten.
 * Never `--tags`. Either every ref lands or none does.
 */
export async function pushAtomic(git: Git, remote: string, updates: readonly RemoteRefUpdate[]): Promise<void> {
  if (!updates.length) return;
  const args = ['push', '--atomic', '--porcelain', '--no-verify'];
  const refspecs: string[] = [];
  for (const u of updates) {
    if (!u.ref.startsWith('refs/') || /[\s:\0]/.test(u.ref)) throw new EdgitError(`Invalid ref "${u.ref}".`, 'invalid-name');
    args.push(`--force-with-lease=${u.ref}:${u.expectedRemote ?? ''}`);
    refspecs.push(u.newValue === null ? `:${u.ref}` : `${u.newValue}:${u.ref}`);
  }
  args.push('--end-of-options', remote, ...refspecs);
  const result = await git.run(args, { okExitCodes: [1, 128] });
  if (result.exitCode === 0) return;
  const out = result.stdout.toString('utf8');
  const rejected: RejectedRef[] = [];
  for (const line of out.split('\n')) {
    const m = /^!\t[^:]*:(\S+)\t(.*)$/.exec(line);
    if (m) rejected.push({ ref: m[1], reason: m[2] });
  }
  const primary = rejected.filter((r) => !/atomic/.test(r.reason));
  const shown = (primary.length ? primary : rejected).map(describeRejection).join('; ');
  if (!rejected.length && /Could not read|unable to access|does not appear|Connection|resolve host/i.test(result.stderr)) {
    throw new EdgitError(`Cannot reach the remote "${remote}": ${gitErrorDetail(result.stderr)}`, 'remote-unreachable', 'Nothing was pushed.');
  }
  throw new PushRefusedError(remote, rejected, shown || gitErrorDetail(result.stderr));
}

/**
 * A refused ref in people's words: `queries/lookup · production was moved on the remote since
 * your last fetch (git: stale info)`; git's own reason stays in parentheses.
 */
function describeRejection(r: RejectedRef): string {
  const tag = parseTag(r.ref);
  const what = tag ? `${tag.namespace}/${tag.name} · ${tag.slot}` : r.ref.startsWith('refs/edgit/') ? 'the deployment history' : r.ref.replace(/^refs\/tags\//, '');
  const reason = r.reason.replace(/^\[rejected\]\s*/, '').replace(/^\((.*)\)$/, '$1');
  const said = /stale info/.test(reason)
    ? 'was moved on the remote since your last fetch'
    : /fetch first|non-fast-forward/.test(reason)
      ? 'has newer changes on the remote'
      : 'was refused';
  return `${what} ${said} (git: ${reason})`;
}

export type DriftKind =
  | 'in-sync'
  /** Moved here, not pushed yet. */
  | 'local-ahead'
  /** Moved on the remote by someone else since the last sync. */
  | 'remote-moved'
  /** Moved on both sides. */
  | 'diverged'
  /** Different, and no sync record says which side moved. */
  | 'differs'
  /** Exists only here (never pushed). */
  | 'local-only'
  /** Exists only on the remote (not fetched yet). */
  | 'remote-only'
  /** Deleted on the remote since the last sync. */
  | 'remote-deleted';

export interface EnvironmentDrift {
  readonly componentKey: string;
  readonly environment: string;
  readonly ref: string;
  readonly local: string | null;
  readonly remote: string | null;
  readonly kind: DriftKind;
}

export function classifyDrift(local: string | null, remote: string | null, synced: string | undefined): DriftKind {
  if (local === remote) return 'in-sync';
  if (remote === null) return synced === local ? 'remote-deleted' : 'local-only';
  if (local === null) return 'remote-only';
  if (synced === remote) return 'local-ahead';
  if (synced === local) return 'remote-moved';
  return synced === undefined ? 'differs' : 'diverged';
}

/**
 * Local vs remote for every environment tag on either side. Records sync points it sees
 * (in .git/edgit/remotes/, not a ref) unless `record` is false (a dry run writes nothing).
 * `remoteTags`: the remote's tags when the caller listed them already (listRemoteTags).
 */
export async function environmentDrift(
  git: Git,
  snapshot: RepositorySnapshot,
  remote: string,
  options: { record?: boolean; remoteTags?: ReadonlyMap<string, string> } = {},
): Promise<EnvironmentDrift[]> {
  const remoteTags = options.remoteTags ?? (await listRemoteTags(git, remote));
  const state = await RemoteSyncState.load(git, remote);
  const drift: EnvironmentDrift[] = [];
  const seen = new Set<string>();
  for (const c of snapshot.components) {
    for (const e of c.environments) {
      const ref = `refs/tags/${e.tag}`;
      seen.add(ref);
      const r = remoteTags.get(ref) ?? null;
      drift.push({ componentKey: c.key, environment: e.name, ref, local: e.objectName, remote: r, kind: classifyDrift(e.objectName, r, state.get(ref)) });
      if (r === e.objectName) state.set(ref, r);
    }
  }
  for (const [ref, value] of remoteTags) {
    if (seen.has(ref)) continue;
    const parsed = parseTag(ref);
    if (!parsed || parsed.slotKind !== 'environment') continue;
    drift.push({ componentKey: parsed.key, environment: parsed.slot, ref, local: null, remote: value, kind: 'remote-only' });
  }
  if (options.record !== false) await state.save();
  return drift;
}

export interface FetchReport {
  /** Env tags updated from the remote (forced), with their previous local value. */
  readonly updated: { ref: string; from: string | null; to: string }[];
  /** Version tags that were new here. */
  readonly newVersions: string[];
  /** Env tags kept because the local move is not pushed yet (also when the remote moved too). */
  readonly keptLocal: string[];
  /** Remote tags left alone: versions whose value differs from ours, and tags differing from ours only in case. */
  readonly conflictingVersions: string[];
}

/**
 * Fetches environment tags with force (a teammate's move replaces ours only where ours is not an
 * unpushed local move) and new version tags without force. A version tag is never moved.
 */
export async function fetchEnvironmentTags(git: Git, snapshot: RepositorySnapshot, remote: string, extraRefspecs: readonly string[] = []): Promise<FetchReport> {
  const remoteTags = await listRemoteTags(git, remote);
  const state = await RemoteSyncState.load(git, remote);
  const local = new Map<string, string>();
  for (const c of snapshot.components) {
    for (const v of c.versions) local.set(`refs/tags/${v.tag}`, v.objectName);
    for (const e of c.environments) local.set(`refs/tags/${e.tag}`, e.objectName);
  }
  const caseTwins = new Set([...local.keys()].map((r) => r.toLowerCase()));
  const report: FetchReport = { updated: [], newVersions: [], keptLocal: [], conflictingVersions: [] };
  const refspecs: string[] = [];
  for (const [ref, value] of remoteTags) {
    const parsed = parseTag(ref);
    if (!parsed) continue;
    const mine = local.get(ref) ?? null;
    if (mine === value) {
      state.set(ref, value);
      continue;
    }
    if (parsed.slotKind === 'version') {
      if (mine === null && !caseTwins.has(ref.toLowerCase())) {
        refspecs.push(`${ref}:${ref}`);
        report.newVersions.push(parsed.tag);
      } else report.conflictingVersions.push(parsed.tag);
      continue;
    }
    const kind = classifyDrift(mine, value, state.get(ref));
    // Moved here and not pushed (whether or not the remote moved too): keep it and say so.
    if (kind === 'local-ahead' || kind === 'diverged') {
      report.keptLocal.push(parsed.tag);
      continue;
    }
    if (mine === null && caseTwins.has(ref.toLowerCase())) {
      // Differs from a local tag only in case: on a case-insensitive file system it would overwrite it.
      report.conflictingVersions.push(parsed.tag);
      continue;
    }
    refspecs.push(`+${ref}:${ref}`);
    report.updated.push({ ref, from: mine, to: value });
  }
  const all = [...refspecs, ...extraRefspecs];
  if (all.length) {
    const result = await git.run(['fetch', '--no-tags', '--no-write-fetch-head', '--stdin', '--end-of-options', remote], {
      input: all.join('\n') + '\n',
      okExitCodes: [1, 128],
    });
    if (result.exitCode !== 0) {
      const locked = staleLockError(result.stderr, `Fetching from "${remote}" failed`);
      if (locked) throw locked;
      throw new EdgitError(`Fetching from "${remote}" failed: ${gitErrorDetail(result.stderr)}`, 'remote-unreachable', 'Check the remote and try again.');
    }
    for (const u of report.updated) state.set(u.ref, u.to);
  }
  await state.save();
  return report;
}

/** Records, after a successful push, that the remote now holds exactly these values. */
export async function recordPushed(git: Git, remote: string, updates: readonly RemoteRefUpdate[]): Promise<void> {
  const state = await RemoteSyncState.load(git, remote);
  for (const u of updates) state.set(u.ref, u.newValue);
  await state.save();
}

