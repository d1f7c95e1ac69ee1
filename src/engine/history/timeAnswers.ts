import { EdgitError } from '../errors';
import { RepositorySnapshot } from '../snapshot';
import { DeploymentHistory } from './deploymentHistory';
import { ComponentState, EnvironmentState, Evidence, PositionCandidate, StateAt, StateQuery, environmentStateAt, stateBreakpoints, stateCells } from './timeTravel';

/**
 * stateAt's answers for every moment at once: for each environment of each component, the moments
 * from which its answer changes (stateBreakpoints) and the answer from each of them on, computed by
 * environmentStateAt itself. Then a moment's answer is one binary search per environment and the
 * events need not be loaded at all (`edgit-deploy at`, see timeAnswersCache.ts). The answers carry
 * no event object and no noteParts (what `at` prints has neither).
 */

/** Earliest moment a Date holds: the first run of every environment starts there. */
const EARLIEST_MS = -8.64e15;

/** One environment: run starts (ascending, the first EARLIEST_MS) and the answer of each run, as JSON. */
export type EnvironmentRuns = [name: string, starts: number[], answers: string[]];
/** One component: its key, id and environments, in stateAt's order. */
export type ComponentRuns = [key: string, id: string, environments: EnvironmentRuns[]];

export interface TimeAnswers {
  readonly components: ComponentRuns[];
}

type StoredAnswer = [
  version: string | null,
  commit: string | null,
  evidence: Evidence,
  present: boolean | null,
  since: string | null,
  by: string | null,
  reason: string | null,
  note: string | null,
  candidates: PositionCandidate[] | null,
  batch: string | null,
];

/** What of an answer is kept: what `at` prints. */
function storedOf(s: EnvironmentState): StoredAnswer {
  return [s.version, s.commit, s.evidence, s.present, s.since, s.by, s.reason, s.note ?? null, s.candidates ? [...s.candidates] : null, s.batch];
}

const sameCandidates = (a: readonly PositionCandidate[] | null, b: readonly PositionCandidate[] | null): boolean =>
  a === b || (!!a && !!b && a.length === b.length && a.every((x, i) => x.version === b[i].version && x.commit === b[i].commit));

/** Whether two kept answers are alike (their JSON is equal), without writing either. */
function sameStored(a: StoredAnswer, b: StoredAnswer): boolean {
  for (let i = 0; i < 8; i++) if (a[i] !== b[i]) return false;
  return a[9] === b[9] && sameCandidates(a[8], b[8]);
}

/** The answers of `history` (as observed: nothing outside may be pending) and `snapshot` for every moment. */
export function buildTimeAnswers(history: DeploymentHistory, snapshot: RepositorySnapshot | null): TimeAnswers {
  const components: ComponentRuns[] = [];
  for (const c of stateCells(history, snapshot)) {
    const environments: EnvironmentRuns[] = [];
    for (const { name, env } of c.environments) {
      const moments = new Set<number>([EARLIEST_MS]);
      for (const b of stateBreakpoints(history.timeline(c.key, name), env)) {
        if (!Number.isFinite(b)) continue;
        moments.add(b);
        moments.add(b + 1);
      }
      const starts: number[] = [];
      const answers: string[] = [];
      let last: StoredAnswer | undefined;
      for (const ms of [...moments].sort((x, y) => x - y)) {
        const answer = storedOf(environmentStateAt(history, c.key, name, env, ms));
        if (last && sameStored(last, answer)) continue;
        last = answer;
        starts.push(ms);
        answers.push(JSON.stringify(answer));
      }
      environments.push([name, starts, answers]);
    }
    components.push([c.key, c.id, environments]);
  }
  return { components };
}

const malformed = (): never => {
  throw new Error('malformed time answers');
};
const str = (v: unknown): string => (typeof v === 'string' ? v : malformed());
const strOrNull = (v: unknown): string | null => (v === null ? null : str(v));

function answerOf(name: string, json: string): EnvironmentState {
  const a = JSON.parse(json) as unknown;
  if (!Array.isArray(a) || a.length !== 10) return malformed();
  const [version, commit, evidence, present, since, by, reason, note, candidates, batch] = a as unknown[];
  if (evidence !== 'recorded' && evidence !== 'unchanged-since' && evidence !== 'observed' && evidence !== 'unknown') return malformed();
  if (present !== null && typeof present !== 'boolean') return malformed();
  if (candidates !== null && !Array.isArray(candidates)) return malformed();
  return {
    name,
    version: strOrNull(version),
    commit: strOrNull(commit),
    evidence,
    present,
    since: strOrNull(since),
    by: strOrNull(by),
    reason: strOrNull(reason),
    batch: strOrNull(batch),
    event: null,
    ...(note === null ? {} : { note: str(note) }),
    ...(candidates === null
      ? {}
      : { candidates: (candidates as unknown[]).map((c) => (c && typeof c === 'object' ? { version: strOrNull((c as PositionCandidate).version), commit: strOrNull((c as PositionCandidate).commit) } : malformed())) }),
  };
}

/** The run of `starts` that holds `ms`: the last start at or before it. */
function runAt(starts: readonly number[], ms: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid] <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * What stateAt answers at `moment` (without event objects), from answers for every moment.
 * Throws on answers that are not what buildTimeAnswers writes (the caller then computes them).
 */
export function stateAtFromAnswers(answers: TimeAnswers, moment: Date | number, query: Pick<StateQuery, 'environment'> = {}): StateAt {
  const ms = typeof moment === 'number' ? moment : moment.getTime();
  if (!Number.isFinite(ms)) throw new EdgitError('Invalid moment.', 'bad-input');
  if (!answers || !Array.isArray(answers.components)) return malformed();
  const components: ComponentState[] = [];
  for (const c of answers.components) {
    if (!Array.isArray(c) || c.length !== 3 || !Array.isArray(c[2])) return malformed();
    const [key, id, envs] = c;
    const environments: EnvironmentState[] = [];
    for (const e of envs) {
      if (!Array.isArray(e) || e.length !== 3) return malformed();
      const [name, starts, runs] = e;
      if (query.environment && name !== query.environment) continue;
      if (!Array.isArray(starts) || !Array.isArray(runs) || starts.length !== runs.length || starts[0] !== EARLIEST_MS) return malformed();
      const i = runAt(starts, ms);
      environments.push(answerOf(str(name), str(runs[i])));
    }
    if (environments.length) components.push({ key: str(key), id: str(id), environments });
  }
  return { at: new Date(ms).toISOString(), atMs: ms, components };
}
