import * as vscode from 'vscode';
import { EdgitError, Git } from '../../engine';
import { iconSafeText } from '../untrustedLabels';
import { BACK, Back, pickOne } from './asyncQuickPick';
import { StepPosition } from './multiStep';

interface CommitItem extends vscode.QuickPickItem {
  readonly commit?: string;
  readonly pickOther?: boolean;
}

const LOG_LIMIT = 200;

/** `HEAD` or another commit (recent history of the current branch, filled once read). */
export async function pickCommit(git: Git, title: string, pos: Partial<StepPosition>): Promise<string | Back | undefined> {
  const head = await git.line(['log', '-1', '--format=%H%x1f%h%x1f%s']).catch(() => '');
  const [sha, short, subject] = head.split('\x1f');
  if (!sha) throw new EdgitError('This repository has no commit yet.', 'bad-input', 'Commit the component file first.');
  const first = await pickOne<CommitItem>({
    title,
    placeholder: 'Tag which commit?',
    ...pos,
    items: async function* () {
      yield [
        { label: `$(git-commit) HEAD`, description: `${short} · ${iconSafeText(subject ?? '')}`, commit: sha },
        { label: '$(history) Pick a commit…', description: 'from the recent history', pickOther: true },
      ];
    },
  });
  if (first === BACK || first === undefined || !first.pickOther) return first === BACK || first === undefined ? first : first.commit;
  const other = await pickOne<CommitItem>({
    title,
    placeholder: 'Pick the commit to tag',
    items: async function* () {
      const out = await git.text(['log', `-${LOG_LIMIT}`, '--format=%H%x1f%h%x1f%s%x1f%an%x1f%ad', '--date=short']);
      yield out
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [h, s, subj, author, date] = line.split('\x1f');
          // Subjects and author names are anyone's words: no icon, no hidden character from them.
          return { label: `$(git-commit) ${s}`, description: iconSafeText(subj ?? ''), detail: iconSafeText(`${date} · ${author}`), commit: h };
        });
    },
  });
  return other === BACK || other === undefined ? other : other.commit;
}
