import { ComponentFiles, ComponentInfo, ContentChange, Git, contentChange, describeContentChange, isSafeRelativePath } from '../../engine';
import { cutText } from '../toolText';

/**
 * A component's file between two commits, for the edgit_changes tool: the line counts a move's
 * plan shows (contentChange, the engine's) and the unified diff, cut to `maxChars` with a note.
 */
export async function contentDiff(git: Git, files: ComponentFiles, component: ComponentInfo, from: string | null, to: string | null, maxChars: number) {
  const change: ContentChange = await contentChange(git, files, component, from, to);
  let diff: string | null = null;
  let cut = false;
  if (from && to && from !== to && change.fromPath && change.toPath && !change.binary && isSafeRelativePath(change.fromPath) && isSafeRelativePath(change.toPath) && (change.added || change.removed)) {
    const out = await git.text(['diff', '--no-color', '--no-ext-diff', '--no-textconv', '-U2', '--end-of-options', `${from}:${change.fromPath}`, `${to}:${change.toPath}`]);
    // The two header lines name blobs: the change's summary says which file.
    const body = out.split('\n').filter((l) => !l.startsWith('diff --git') && !l.startsWith('index ')).join('\n').trimEnd();
    ({ text: diff, cut } = cutText(body, maxChars));
  }
  return { summary: describeContentChange(change), fromPath: change.fromPath, toPath: change.toPath, added: change.added, removed: change.removed, binary: change.binary, diff, cut };
}
