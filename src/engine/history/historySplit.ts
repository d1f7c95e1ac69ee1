import { Git } from '../git';
import { EdgitError } from '../errors';
import { isObjectId, readObjects } from '../gitObjects';
import { writeHistoryMessage } from './historyWriter';

/**
 * The history commits this clone has and a remote lacks, split by the tags their events moved, so
 * that a push in groups carries in each push exactly the events of the moves it carries.
 *
 * Only history the remote does not have is split (it was never shared through that remote). Each
 * copy keeps its commit's author and committer, name and date: a recorded event's time and author
 * are its commit's, so a copied event reads exactly as the original.
 */

const EVENT_PREFIX = 'Edgit-Event: ';

/** One event line of a commit and the environment tag it moved (null: a bad mark, or unreadable). */
interface UnpushedEvent {
  readonly line: string;
  readonly tag: string | null;
}

/** A history commit the remote lacks: its message without the events, its events, and who wrote it when. */
interface UnpushedCommit {
  readonly commit: string;
  readonly head: readonly string[];
  readonly events: readonly UnpushedEvent[];
  readonly env: Readonly<Record<string, string>>;
}

export interface UnpushedHistory {
  /** The local history's head. */
  readonly local: string;
  /** What the remote has (an ancestor of `local`), or null. */
  readonly base: string | null;
  /** The commits with events reachable from `local` and not from `base`, parents first. */
  readonly commits: readonly UnpushedCommit[];
}

/** The environment tag an event line moved, or null (a mark, or a line that does not parse). */
function tagOfEvent(json: string): string | null {
  try {
    const w = JSON.parse(json) as { kind?: unknown; component?: unknown; environment?: unknown };
    if (w.kind === 'mark' || typeof w.component !== 'string' || typeof w.environment !== 'string' || !w.environment) return null;
    return `refs/tags/${w.component}/${w.environment}`;
  } catch {
    return null;
  }
}

/** GIT_AUTHOR_* and GIT_COMMITTER_* of a commit's header, so that a copy has the same. */
function identityEnv(header: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of header.split('\n')) {
    const m = /^(author|committer) (.*) <([^>]*)> (-?\d+) ([+-]\d{4})$/.exec(line);
    if (!m) continue;
    const who = m[1] === 'author' ? 'AUTHOR' : 'COMMITTER';
    env[`GIT_${who}_NAME`] = m[2];
    env[`GIT_${who}_EMAIL`] = m[3];
    env[`GIT_${who}_DATE`] = `@${m[4]} ${m[5]}`;
  }
  return env;
}

/** Reads the history commits from `base` (exclusive; null: the root) to `local`, parents first, with their events. */
export async function readUnpushedHistory(git: Git, local: string, base: string | null): Promise<UnpushedHistory> {
  if (!isObjectId(local) || (base !== null && !isObjectId(base))) throw new EdgitError('Invalid history commit.', 'bad-input');
  const ids = (await git.text(['rev-list', '--topo-order', '--reverse', local, ...(base ? ['--not', base] : []), '--'])).split('\n').filter(isObjectId);
  const objects = await readObjects(git, ids);
  const commits: UnpushedCommit[] = [];
  for (const id of ids) {
    const raw = objects.get(id);
    if (!raw || raw.type !== 'commit') continue;
    const text = raw.body.toString('utf8');
    const split = text.indexOf('\n\n');
    const header = split < 0 ? text : text.slice(0, split);
    const lines = split < 0 ? [] : text.slice(split + 2).replace(/\n$/, '').split('\n');
    const events = lines.filter((l) => l.startsWith(EVENT_PREFIX)).map((line) => ({ line, tag: tagOfEvent(line.slice(EVENT_PREFIX.length)) }));
    if (!events.length) continue; // a merge, or a commit without events: the chain written on the remote's history needs neither
    commits.push({ commit: id, head: lines.filter((l) => !l.startsWith(EVENT_PREFIX)), events, env: identityEnv(header) });
  }
  return { local, base, commits };
}

/**
 * Writes on `onto` (the remote's history, or the last part written; null: no history yet) a copy
 * of each unpushed commit holding the events `include` accepts (by the tag the event moved; null
 * for a mark), and returns the new head (`onto` when no event is accepted). When every event is
 * accepted and `onto` is what the unpushed history was read against, nothing is copied: the local
 * history itself is the answer.
 */
export async function writeHistoryPart(git: Git, unpushed: UnpushedHistory, onto: string | null, include: (tag: string | null) => boolean): Promise<string | null> {
  const all = unpushed.commits.every((c) => c.events.every((e) => include(e.tag)));
  if (all && onto === unpushed.base) return unpushed.commits.length ? unpushed.local : onto;
  let head = onto;
  for (const c of unpushed.commits) {
    const events = c.events.filter((e) => include(e.tag));
    if (!events.length) continue;
    const [summary = '', ...rest] = c.head;
    const part = events.length === c.events.length ? summary : `${summary} (part: the events of the tags pushed together)`;
    const message = [part, ...rest].join('\n').replace(/\n*$/, '\n\n');
    head = await writeHistoryMessage(git, head ? [head] : [], message + events.map((e) => e.line).join('\n') + '\n', c.env);
  }
  return head;
}
