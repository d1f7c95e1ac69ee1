import { NAMESPACES, PlannedComponent, ROUNDS } from './repoModel';

/**
 * The commits of a benchmark repository as one `git fast-import` stream: one release round after
 * another, each a few hundred small commits that update the files of up to 100 components.
 * Tags are not in the stream (see tagObjects.ts): fast-import would write each tag as a loose ref.
 */

/** 2025-01-01T00:00:00Z: every date is derived from it, so object ids are reproducible. */
export const BASE_EPOCH = 1_735_689_600;
export const PERSON = 'Edgit Bench <bench@edgit.invalid>';
const COMPONENTS_PER_COMMIT = 100;

interface CommitRef {
  /** fast-import mark (`:N`); export the marks to learn its object id. */
  readonly mark: number;
  /** Committer time, seconds since the epoch. */
  readonly time: number;
}

export interface CommitStream {
  readonly text: string;
  readonly commits: number;
  /** The commit that holds a component's file as of a release round. */
  commitOf(round: number, component: number): CommitRef;
  /** Time of the last commit. */
  readonly lastTime: number;
}

export function buildCommitStream(components: readonly PlannedComponent[]): CommitStream {
  const out: string[] = [];
  const byRound: CommitRef[][] = [];
  let time = BASE_EPOCH;
  let mark = 0;
  for (let round = 0; round < ROUNDS; round++) {
    byRound.push([]);
    for (const namespace of NAMESPACES) {
      const members = components.filter((c) => c.namespace === namespace);
      for (let start = 0; start < members.length; start += COMPONENTS_PER_COMMIT) {
        const chunk = members.slice(start, start + COMPONENTS_PER_COMMIT);
        time += 60;
        mark++;
        out.push(`commit refs/heads/main\nmark :${mark}\n`);
        out.push(`author ${PERSON} ${time} +0000\ncommitter ${PERSON} ${time} +0000\n`);
        out.push(data(`Update ${chunk.length} ${namespace} (round ${round + 1})\n`));
        if (mark > 1) out.push(`from :${mark - 1}\n`);
        for (const c of chunk) {
          out.push(`M 100644 inline ${c.path}\n`);
          out.push(data(fileContent(c, round)));
          byRound[round][c.index] = { mark, time };
        }
        out.push('\n');
      }
    }
  }
  out.push('done\n');
  return { text: out.join(''), commits: mark, commitOf: (round, component) => byRound[round][component], lastTime: time };
}

function fileContent(c: PlannedComponent, round: number): string {
  return `# ${c.namespace}/${c.name}\nrevision: ${round + 1}\nbody: ${'lorem ipsum '.repeat(4)}\n`;
}

function data(text: string): string {
  return `data ${Buffer.byteLength(text)}\n${text}`;
}
