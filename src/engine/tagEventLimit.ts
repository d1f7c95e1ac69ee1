import { Git } from './git';
import { EdgitError } from './errors';
import { RemoteRefUpdate } from './remote';

/**
 * How many tags one push may carry before the host starts no tag-triggered workflow for it.
 * GitHub creates no push event for tags when more than three tags are pushed at once, so a deploy
 * workflow that runs `on: push: tags:` does not run for such a push.
 *
 * The rule, in order: a value given for one command (`--tag-event-limit N`), else the
 * repository's `git config edgit.tagEventLimit N`, else 3 when the push remote's URL is on
 * github.com, else no limit. 0 or `none` means no limit.
 */

/** The git config key that sets a repository's limit. */
const TAG_EVENT_LIMIT_CONFIG = 'edgit.tagEventLimit';

/** GitHub's: more than this many tags in one push, and no push event is created for them. */
const GITHUB_TAG_EVENT_LIMIT = 3;

export interface TagEventLimit {
  /** The most tags one push may carry and still start tag-triggered workflows; null: no limit. */
  readonly limit: number | null;
  /** Where the limit comes from: the command line, the repository's git config, the remote's host, or none of them. */
  readonly source: 'option' | 'config' | 'github' | 'none';
  /** The push URL on github.com that set it (source `github`). */
  readonly url?: string;
}

/**
 * A limit as typed (`3`, `0`, `none`): a whole number of tags, 0 or `none` for no limit.
 * `what` names where it was typed, for the error.
 */
function parseTagEventLimit(value: string, what: string): number | null {
  const v = value.trim();
  if (/^none$/i.test(v)) return null;
  if (!/^\d{1,6}$/.test(v)) {
    throw new EdgitError(`${what} is "${value}", which is not a number of tags.`, 'bad-usage', 'Give a whole number such as 3, or 0 or none for no limit.');
  }
  const n = Number(v);
  return n === 0 ? null : n;
}

/** The host of a git URL, lower case: `https://`, `ssh://`, `git://` URLs and scp-like `user@host:path`; null for a local path. */
function urlHost(url: string): string | null {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url);
  if (scheme) {
    try {
      return new URL(url).hostname.toLowerCase() || null;
    } catch {
      return null;
    }
  }
  // scp-like: [user@]host:path, where the host has no slash (a local path with a colon has one before it).
  const scp = /^(?:[^@/:]+@)?([^/:@]+):/.exec(url);
  return scp ? scp[1].toLowerCase() : null;
}

/** Whether a push URL is on github.com: `https://github.com/…`, `git@github.com:…`, `ssh://git@github.com/…`. */
export function isGitHubUrl(url: string): boolean {
  return urlHost(url.trim()) === 'github.com';
}

/** The URLs `git push` to this remote goes to (pushurl, else url; insteadOf and pushInsteadOf applied). */
async function pushUrls(git: Git, remote: string): Promise<string[]> {
  const r = await git.run(['remote', 'get-url', '--push', '--all', '--', remote], { okExitCodes: [2, 128] });
  if (r.exitCode !== 0) return [];
  return r.stdout.toString('utf8').split('\n').map((l) => l.trim()).filter(Boolean);
}

/**
 * The limit for pushes to `remote`: `override` (the command line's value) first, else
 * `edgit.tagEventLimit`, else 3 when a push URL of the remote is on github.com, else none.
 */
export async function resolveTagEventLimit(git: Git, remote: string, override?: string | null): Promise<TagEventLimit> {
  if (override !== undefined && override !== null) return { limit: parseTagEventLimit(override, '--tag-event-limit'), source: 'option' };
  const configured = await git.run(['config', '--get', TAG_EVENT_LIMIT_CONFIG], { okExitCodes: [1] });
  if (configured.exitCode === 0) {
    return { limit: parseTagEventLimit(configured.stdout.toString('utf8').replace(/\n$/, ''), `git config ${TAG_EVENT_LIMIT_CONFIG}`), source: 'config' };
  }
  const url = (await pushUrls(git, remote)).find(isGitHubUrl);
  return url ? { limit: GITHUB_TAG_EVENT_LIMIT, source: 'github', url } : { limit: null, source: 'none' };
}

/** How many tags a push carries: its refs under refs/tags/ (refs/edgit/history and other refs are not tags). */
export function tagsCarried(updates: readonly RemoteRefUpdate[]): number {
  return updates.filter((u) => u.ref.startsWith('refs/tags/')).length;
}

/** Where a limit comes from, in words: `origin is on github.com`, `git config edgit.tagEventLimit is 5`. */
export function describeTagEventLimit(limit: TagEventLimit, remote: string): string {
  switch (limit.source) {
    case 'option':
      return '--tag-event-limit';
    case 'config':
      return `git config ${TAG_EVENT_LIMIT_CONFIG}`;
    case 'github':
      return `${remote} is on github.com`;
    default:
      return 'no limit known';
  }
}
