/**
 * What a reader skipped. Everything a remote sends (tag names and messages, taggers, dates, the
 * deployment history's commits and events) is untrusted: an object or event that cannot be read
 * as it is, or that contradicts git, is left out and named here, never thrown. Every front end
 * says how many were skipped and where; `verify` fails on them.
 */
export interface ReadProblem {
  /** Where: a ref (`refs/tags/components/prompts/x/production`) or a history commit (`history commit 1a2b3c4d5e`). */
  readonly where: string;
  /** What was wrong, in words (`tagger date out of range`, `event names a tag object that points elsewhere`). */
  readonly what: string;
}

/** `where` of a history commit. */
export function historyCommitPlace(commit: string): string {
  return `history commit ${commit.slice(0, 10)}`;
}

/** The problems of several readers (a snapshot's, a history's), each place and reason once. */
export function joinProblems(...lists: readonly (readonly ReadProblem[])[]): ReadProblem[] {
  const seen = new Set<string>();
  const out: ReadProblem[] = [];
  for (const list of lists) {
    for (const p of list) {
      const key = `${p.where}\0${p.what}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ where: p.where, what: p.what });
    }
  }
  return out;
}
