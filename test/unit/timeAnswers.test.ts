import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DeploymentHistory, RepositorySnapshot, StateAt, observeOutsideMoves, stateAt } from '../../src/engine';
import { buildTimeAnswers, stateAtFromAnswers } from '../../src/engine/history/timeAnswers';
import { requireBuiltCli, runCli, succeeded } from '../helpers/cliRun';
import { TestRepo, cleanupTempDirs, tempDir } from '../helpers/gitRepo';
import { A, E, atTime, deploy, ms, read, seedRepo } from '../helpers/historyFixtures';

/** stateAt's answer as time answers hold it: no event objects, no noteParts. */
function comparable(state: StateAt): unknown {
  return {
    ...state,
    components: state.components.map((c) => ({
      ...c,
      environments: c.environments.map((e) => {
        const copy: Record<string, unknown> = { ...e, event: null };
        delete copy.noteParts;
        return copy;
      }),
    })),
  };
}

async function observe(repo: TestRepo, iso: string): Promise<void> {
  await atTime(iso, async () => {
    const { git, snapshot, history } = await read(repo);
    await observeOutsideMoves(git, snapshot, history);
  });
}

/**
 * One repository with every kind of evidence: recorded deploys and a rollback, an environment
 * never recorded (dated by its tag), an observed lightweight move (undated: an unknown window),
 * a deleted environment, and environments moved after the last observation (not observed).
 */
async function everyKindOfEvidence(): Promise<TestRepo> {
  const repo = seedRepo();
  await deploy(repo, '2026-02-01T09:00:00Z', [[E, 'production', 'v1.0.0'], [A, 'production', 'v1.0.0']]);
  await deploy(repo, '2026-02-02T09:00:00Z', [[E, 'production', 'v2.0.0'], [E, 'staging', 'v2.0.0']], { reason: 'totals' });
  await deploy(repo, '2026-02-03T14:47:00Z', [[E, 'production', 'v1.1.0']], { action: 'rollback', reason: 'INC-42' });
  repo.clock = '2026-02-04T10:00:00Z';
  repo.setEnvLikeCli(A, 'canary', 'v1.1.0'); // never recorded: unchanged since its tag date
  repo.clock = '2026-02-04T12:00:00Z';
  repo.setEnvWithTagForce(E, 'staging', `${E}/v1.0.0`); // another tool
  await observe(repo, '2026-02-05T08:00:00Z');
  repo.git('tag', '-d', `${A}/production`); // deleted
  await observe(repo, '2026-02-06T08:00:00Z');
  repo.clock = '2026-02-07T12:00:00Z';
  repo.setEnvWithTagForce(A, 'canary', `${A}/v2.0.0`); // lightweight: seen undated, after a sighting confirmed until it was seen
  await observe(repo, '2026-02-07T18:00:00Z');
  repo.clock = '2026-02-08T12:00:00Z';
  repo.setEnvLikeCli(E, 'canary', 'v2.0.0'); // never observed: unchanged since its tag date
  repo.clock = null;
  return repo;
}

/**
 * Every moment the evidence names (events' moments and when they were recorded, the tags' dates),
 * a millisecond either side, an hour after, and moments before and after everything. Found from
 * the events and tags themselves, not from stateBreakpoints (which the answers are built from).
 */
function momentsToCheck(history: DeploymentHistory, snapshot: RepositorySnapshot): number[] {
  const named = [ms('2000-01-01T00:00:00Z'), ms('2030-01-01T00:00:00Z')];
  for (const key of new Set([...snapshot.components.map((c) => c.key), ...history.componentKeys()])) {
    for (const env of history.environmentsOf(key)) for (const e of history.timeline(key, env)) named.push(e.atMs, e.recordedAtMs);
    for (const e of snapshot.get(key)?.environments ?? []) if (e.movedAt) named.push(Date.parse(e.movedAt));
  }
  const out = new Set<number>();
  for (const m of named) for (const d of [-1, 0, 1, 3_600_000]) out.add(m + d);
  return [...out].sort((a, b) => a - b);
}

describe('time answers: stateAt for every moment at once', () => {
  requireBuiltCli();
  after(cleanupTempDirs);

  it('answer exactly what stateAt answers at every moment where an answer may change, either side of it, and between, for every environment filter', async () => {
    const repo = await everyKindOfEvidence();
    const { snapshot, history } = await read(repo);
    // Round-tripped through JSON, as kept in the cache file.
    const answers = JSON.parse(JSON.stringify(buildTimeAnswers(history, snapshot))) as ReturnType<typeof buildTimeAnswers>;
    const moments = momentsToCheck(history, snapshot);
    assert.ok(moments.length > 20, `${moments.length} moments`);
    const seen = new Set<string>();
    for (const m of moments) {
      for (const environment of [undefined, 'production', 'staging', 'canary', 'nowhere']) {
        const truth = stateAt(history, snapshot, m, { environment });
        assert.deepEqual(comparable(stateAtFromAnswers(answers, m, { environment })), comparable(truth), `${new Date(m).toISOString()} ${environment ?? 'all'}`);
        for (const c of truth.components) for (const e of c.environments) seen.add(e.evidence);
      }
    }
    assert.deepEqual([...seen].sort(), ['observed', 'recorded', 'unchanged-since', 'unknown'], 'every kind of evidence was compared');
  });

  it('refuse answers that are not what they write', () => {
    for (const junk of [{}, { components: [['k']] }, { components: [['k', 'id', [['production', [0], ['[]']]]]] }, { components: [['k', 'id', [['production', [-8.64e15], ['[1,2]']]]]] }]) {
      assert.throws(() => stateAtFromAnswers(junk as never, 0), /malformed/, JSON.stringify(junk));
    }
  });

  it('edgit-deploy at answers from them without reading tags or history, the same as without them; none are kept while moves made outside are pending', async () => {
    const repo = seedRepo();
    await deploy(repo, '2026-02-01T09:00:00Z', [[E, 'production', 'v1.0.0'], [A, 'production', 'v1.0.0']]);
    await deploy(repo, '2026-02-03T14:47:00Z', [[E, 'production', 'v1.1.0']], { action: 'rollback', reason: 'INC-42' });
    const index = path.join(repo.dir, '.git', 'edgit', 'cache', 'answer-at-index');
    const moments = ['2026-01-31T00:00:00Z', '2026-02-01T09:00:00Z', '2026-02-02T12:00:00Z', '2026-02-03T14:47:00Z', '2026-02-04T00:00:00Z'];
    // git writes what it runs to GIT_TRACE's file (the CLI keeps git's own stderr to itself).
    const traces = tempDir('edgit-trace-');
    let runs = 0;
    const at = (moment: string, cache: 'on' | 'off', ...args: string[]) => {
      const trace = path.join(traces, `${runs++}.log`);
      const r = succeeded(runCli(repo, null, ['at', moment, ...args], { EDGIT_CACHE: cache, GIT_TRACE: trace }));
      return { ...r, git: existsSync(trace) ? [...readFileSync(trace, 'utf8').matchAll(/trace: built-in: git (\S+)/g)].map((m) => m[1]) : [] };
    };

    at(moments[0], 'on');
    assert.ok(existsSync(index), 'kept after a first run with nothing observed');
    for (const moment of moments) {
      for (const args of [['--json'], [], ['--env', 'production']]) {
        const truth = at(moment, 'off', ...args).stdout;
        const kept = at(moment, 'on', ...args);
        assert.equal(kept.stdout, truth, `${moment} ${args.join(' ')}`);
        assert.deepEqual([...new Set(kept.git)].sort(), ['rev-parse', 'show-ref'], `${moment}: no tag or history read`);
      }
    }

    // Moved by another tool: observed, announced, and the answers are not kept for these refs.
    repo.clock = '2026-02-05T10:00:00Z';
    repo.setEnvWithTagForce(A, 'production', `${A}/v2.0.0`);
    repo.clock = null;
    const before = at('2026-02-06T00:00:00Z', 'off', '--json');
    const observed = at('2026-02-06T00:00:00Z', 'on', '--json');
    assert.match(observed.stderr, /^Noticed 1 move made outside edgit-deploy \(shown as observed\)\.$/m);
    assert.equal(observed.stdout, before.stdout);
    const again = at('2026-02-06T00:00:00Z', 'on', '--json');
    assert.ok(again.git.includes('for-each-ref'), `computed again, not answered from the kept answers: ${again.git.join(' ')}`);

    // Recorded (the history and the tags moved): kept again for the new refs.
    succeeded(runCli(repo, '2026-02-07T09:00:00Z', ['set', 'prompts/analysis', 'production', 'v1.1.0', '--yes']));
    at('2026-02-08T00:00:00Z', 'on');
    const after = at('2026-02-05T12:00:00Z', 'on', '--json');
    assert.equal(after.stdout, at('2026-02-05T12:00:00Z', 'off', '--json').stdout);
    assert.deepEqual([...new Set(after.git)].sort(), ['rev-parse', 'show-ref']);
  });
});
