import * as assert from 'node:assert/strict';
import { HISTORY_REF } from '../../src/engine';
import { requireBuiltCli, runCli, succeeded } from '../helpers/cliRun';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';
import { seedRepo } from '../helpers/historyFixtures';

/**
 * A teammate's clone made with plain git (tags fetched, the deployment history not) makes one
 * recorded move and pushes: the positions the team's recorded moves explain must keep their
 * evidence (who, when, why, batch) in every clone, whatever order the histories are joined in.
 */

interface Answer {
  readonly name: string;
  readonly version: string | null;
  readonly evidence: string;
  readonly since: string | null;
  readonly by: string | null;
  readonly reason: string | null;
  readonly batch: string | null;
}

function answers(repo: TestRepo, moment: string): Map<string, Answer> {
  const state = JSON.parse(succeeded(runCli(repo, '2026-03-01T00:00:00Z', ['at', moment, '--json'])).stdout) as { components: { id: string; environments: Answer[] }[] };
  return new Map(state.components.flatMap((c) => c.environments.map((e) => [`${c.id} ${e.name}`, e] as const)));
}

const observedEvents = (repo: TestRepo, ref = HISTORY_REF): string[] =>
  repo
    .git('log', '--format=%B', ref)
    .split('\n')
    .filter((l) => l.startsWith('Edgit-Event: ') && l.includes('"kind":"observed"'));

/** Ana's clone and remote: a release of both components to production (CHG-1) and a rollback of analysis (INC-7), pushed. */
function anaTeam(): { remote: TestRepo; ana: TestRepo } {
  const seed = seedRepo();
  const remote = TestRepo.init(undefined, { bare: true });
  seed.git('push', '-q', remote.dir, 'main', '--tags');
  const ana = TestRepo.clone(remote, undefined, { name: 'Ana', email: 'ana@example.com' });
  succeeded(runCli(ana, '2026-02-01T09:00:00Z', ['batch', 'production', 'prompts/extraction=v1.1.0', 'prompts/analysis=v2.0.0', '--reason', 'CHG-1 release', '--push', '--yes']));
  succeeded(runCli(ana, '2026-02-01T10:00:00Z', ['rollback', 'prompts/analysis', 'production', 'v1.1.0', '--reason', 'INC-7 analysis broken', '--push', '--yes']));
  return { remote, ana };
}

describe('deployment history: it keeps its reasons', () => {
  requireBuiltCli();
  after(cleanupTempDirs);

  it('a clone without the history fetches it before it records a move, says so, and observes nothing the history explains', () => {
    const { remote, ana } = anaTeam();
    const dev = TestRepo.clone(remote, undefined, { name: 'Dev', email: 'dev@example.com' });
    assert.equal(dev.refValue(HISTORY_REF), null, 'a plain git clone has no history');
    const moved = succeeded(runCli(dev, '2026-02-02T09:00:00Z', ['set', 'prompts/extraction', 'staging', 'v1.0.0', '--reason', 'try', '--push', '--yes']));
    assert.match(moved.stderr, /had no deployment history: fetched it from origin first/);
    assert.deepEqual(observedEvents(dev), [], 'nothing observed: every position is explained by a record');

    succeeded(runCli(ana, '2026-02-03T09:00:00Z', ['fetch']));
    const at = answers(ana, '2026-02-01T12:00:00Z');
    const extraction = at.get('prompts/extraction production');
    assert.deepEqual(
      { version: extraction?.version, evidence: extraction?.evidence, since: extraction?.since, by: extraction?.by, reason: extraction?.reason },
      { version: 'v1.1.0', evidence: 'recorded', since: '2026-02-01T09:00:00.000Z', by: 'Ana <ana@example.com>', reason: 'CHG-1 release' },
    );
    assert.equal(at.get('prompts/analysis production')?.reason, 'INC-7 analysis broken');
    assert.equal(at.get('prompts/analysis production')?.version, 'v1.1.0');
    assert.ok(at.get('prompts/extraction production')?.batch, 'the batch is part of the evidence');
    assert.equal(at.get('prompts/extraction production')?.batch, answersBatch(ana, 'prompts/analysis'), 'moved in one batch with analysis');
  });

  it('observations a clone wrote before it had the history add nothing: the records stay the evidence, in either clone', () => {
    const { remote, ana } = anaTeam();
    const dev = TestRepo.clone(remote, undefined, { name: 'Dev', email: 'dev@example.com' });
    // Without a remote to fetch from, Dev's first move observes every tag against no history at all.
    dev.git('remote', 'remove', 'origin');
    succeeded(runCli(dev, '2026-02-02T09:00:00Z', ['set', 'prompts/extraction', 'staging', 'v1.0.0', '--reason', 'try', '--yes']));
    assert.ok(observedEvents(dev).length >= 2, 'Dev observed the positions Ana recorded');
    dev.git('remote', 'add', 'origin', remote.dir);
    succeeded(runCli(dev, '2026-02-02T09:30:00Z', ['push', '--yes']));
    succeeded(runCli(ana, '2026-02-03T09:00:00Z', ['fetch']));
    for (const clone of [ana, dev]) {
      if (clone === dev) succeeded(runCli(dev, '2026-02-03T09:10:00Z', ['fetch']));
      const at = answers(clone, '2026-02-02T12:00:00Z');
      assert.equal(at.get('prompts/extraction production')?.evidence, 'recorded', `${clone === ana ? 'Ana' : 'Dev'}: extraction production`);
      assert.equal(at.get('prompts/extraction production')?.reason, 'CHG-1 release');
      assert.equal(at.get('prompts/analysis production')?.evidence, 'recorded');
      assert.equal(at.get('prompts/analysis production')?.reason, 'INC-7 analysis broken');
      assert.equal(at.get('prompts/extraction staging')?.reason, 'try');
      const history = JSON.parse(succeeded(runCli(clone, '2026-03-01T00:00:00Z', ['history', '--env', 'production', '--json'])).stdout) as { kind: string }[];
      assert.deepEqual(history.map((e) => e.kind), ['recorded', 'recorded', 'recorded'], 'no observation repeats a record');
    }
  });
});

/** The batch of analysis's production answer right after the release. */
function answersBatch(repo: TestRepo, id: string): string | null {
  return answers(repo, '2026-02-01T09:30:00Z').get(`${id} production`)?.batch ?? null;
}
