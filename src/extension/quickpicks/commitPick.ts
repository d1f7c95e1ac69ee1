import * as vscode from 'vscode';
import { EdgitError, Git } from '../../engine';
import { isObjectId, parseObject, readObjects } from '../../engine/gitObjects';
import { iconSafeText } from '../untrustedLabels';
import { BACK, Back, pickOne } from './asyncQuickPick';
import { StepPosition } from './multiStep';

interface CommitItem extends vscode.QuickPickItem {
  readonly commit?: string;
  readonly pickOther?: boolean;
}

const LOG_LIMIT = 200;

interface BranchCommit {
  readonly commit: string;
  readonly subject: string;
  readonly author: string;
  /** The author date, `YYYY-MM-DD` in the author's zone ('' when unreadable). */
  readonly date: string;
}

/**
 * The last commits of the current branch, newest first: ids from `git rev-list` (hex only), what
 * they say read length-prefixed (a subject from anyone cannot shift another field).
 */
async function recentCommits(git: Git, limit: number): Promise<BranchCommit[]> {
  const ids = (await git.text(['rev-list', `--max-count=${limit}`, 'HEAD', '--'])).split('\n').filter(isObjectId);
  const objects = await readObjects(git, ids);
  return ids.flatMap((commit) => {
    const raw = objects.get(commit);
    if (!raw || raw.type !== 'commit') return [];
    const o = parseObject(raw.body);
    return [{ commit, subject: o.subject, author: o.author?.name ?? '', date: o.author?.iso.slice(0, 10) ?? '' }];
  });
}

/** `HEAD` or another commit (recent history of the current branch, filled once read). */
export async function pickCommit(git: Git, title: string, pos: Partial<StepPosition>): Promise<string | Back | undefined> {
  const [head] = await recentCommits(git, 1).catch(() => []);
  if (!head) throw new EdgitError('This repository has no commit yet.', 'bad-input', 'Commit the component file first.');
  const first = await pickOne<CommitItem>({
    title,
    placeholder: 'Tag which commit?',
    ...pos,
    items: async function* () {
      yield [
        { label: `$(git-commit) HEAD`, description: `${head.commit.slice(0, 7)} · ${iconSafeText(head.subject)}`, commit: head.commit },
        { label: '$(history) Pick a commit…', description: 'from the recent history', pickOther: true },
      ];
    },
  });
  if (first === BACK || first === undefined || !first.pickOther) return first === BACK || first === undefined ? first : first.commit;
  const other = await pickOne<CommitItem>({
    title,
    placeholder: 'Pick the commit to tag',
    items: async function* () {
      // Subjects and author names are anyone's words: no icon, no hidden character from them.
      yield (await recentCommits(git, LOG_LIMIT)).map((c) => ({
        label: `$(git-commit) ${c.commit.slice(0, 7)}`,
        description: iconSafeText(c.subject),
        detail: iconSafeText(`${c.date} · ${c.author}`),
        commit: c.commit,
      }));
    },
  });
  return other === BACK || other === undefined ? other : other.commit;
}
