import { Git } from '../git';
import { RepositorySnapshot } from '../snapshot';
import { DeploymentHistory } from '../history/deploymentHistory';
import { TimeAnswers, buildTimeAnswers } from '../history/timeAnswers';
import { answerFile, answerKey, answerRefs, readForAnswer, refsUnder, writeAnswer } from './answerCache';
import { cacheDisabled } from './cacheFile';

/**
 * The answers of time travel for every moment (timeAnswers.ts), kept like a command's answer in
 * `.git/edgit/cache/answer-at-index` with the digest of what they are computed from: the names
 * and ids of the tags and of Edgit's refs (the deployment history among them) and the program.
 * `edgit-deploy at` then answers any moment without loading the tags or the history.
 *
 * They are kept only when nothing made outside Edgit was observed: an observed move is dated by
 * when it is noticed and by the tags' reflogs, which are not refs. When nothing was observed,
 * nothing is until a ref moves (a reflog only grows when its ref moves; an entry removed can
 * only take a position away), and a ref that moves changes the digest.
 */

const COMMAND = 'at-index';
/** The refs the answers depend on. */
const PREFIXES = ['refs/tags/', 'refs/edgit/'];

export interface KeptTimeAnswers {
  readonly key: string;
  readonly file: string;
  /** The listing the key was computed from (tags and Edgit refs only). */
  readonly refs: Buffer;
  /** The kept answers when they are for exactly these refs and this program; else undefined. */
  readonly answers: TimeAnswers | undefined;
}

/** The key of this repository's answers and the answers kept for it, if any; undefined when caching is off or git cannot list. */
export async function readTimeAnswers(git: Git): Promise<KeptTimeAnswers | undefined> {
  if (cacheDisabled()) return undefined;
  try {
    const { place, refs: all, kept } = await readForAnswer(git, COMMAND);
    const refs = refsUnder(all, PREFIXES);
    const key = answerKey({ root: place.root, head: null, registry: null, refs }, [COMMAND]);
    let answers: TimeAnswers | undefined;
    if (kept && kept.key === key) {
      try {
        answers = JSON.parse(kept.answer.toString('utf8')) as TimeAnswers;
      } catch {
        answers = undefined;
      }
    }
    return { key, file: answerFile(place.cacheDir, COMMAND), refs, answers };
  } catch {
    return undefined;
  }
}

/**
 * Keeps the answers of `history` and `snapshot` (read after `read`, with nothing observed) for
 * `read`'s key, when no ref moved in the meantime.
 */
export async function keepTimeAnswers(git: Git, read: KeptTimeAnswers, history: DeploymentHistory, snapshot: RepositorySnapshot): Promise<void> {
  const answers = JSON.stringify(buildTimeAnswers(history, snapshot));
  const after = await answerRefs(git).catch(() => undefined);
  if (!after || !refsUnder(after, PREFIXES).equals(read.refs)) return;
  await writeAnswer(read.file, read.key, Buffer.from(answers, 'utf8'));
}
