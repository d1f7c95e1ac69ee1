import { Git } from './git';
import { EdgitError } from './errors';

export interface NewTagObject {
  /** The object the tag points at: a commit, or a version tag object (nested, as the CLI writes). */
  readonly object: string;
  readonly type: 'commit' | 'tag';
  /** The tag's name as recorded inside the object (without refs/tags/). */
  readonly tagName: string;
  readonly message: string;
}

/** The identity git would record now: `Name <email> <unix> <tz>` (honours GIT_COMMITTER_DATE and config). */
export async function committerIdent(git: Git): Promise<string> {
  const ident = await git.run(['var', 'GIT_COMMITTER_IDENT'], { okExitCodes: [128] });
  if (ident.exitCode !== 0) {
    throw new EdgitError(
      'git does not know who you are, so it cannot sign the tag.',
      'bad-input',
      'Set it with `git config --global user.name "Your Name"` and `git config --global user.email you@example.com`.',
    );
  }
  return ident.stdout.toString('utf8').trim();
}

/**
 * Writes an annotated tag object (`git mktag`) without creating or moving any ref, so a
 * batch can be prepared in full before a single ref changes. Returns the object id.
 */
export async function writeTagObject(git: Git, tag: NewTagObject, ident?: string): Promise<string> {
  if (/[\n\0]/.test(tag.tagName)) throw new EdgitError('Invalid tag name.', 'invalid-name');
  const tagger = ident ?? (await committerIdent(git));
  const body = `object ${tag.object}\ntype ${tag.type}\ntag ${tag.tagName}\ntagger ${tagger}\n\n${tag.message.replace(/\0/g, '')}\n`;
  return git.line(['mktag'], { input: body });
}
