import * as assert from 'node:assert/strict';
import { parseMoment } from '../../src/engine/timeArgument';
import { looksLikeVersion } from '../../src/engine';
import { refused, runCli, succeeded, requireBuiltCli } from '../helpers/cliRun';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';

const E = 'components/prompts/extraction';

describe('bad input gets a clear refusal', () => {
  requireBuiltCli();
  after(cleanupTempDirs);

  it('refuses offsets outside ±14:00 with the valid forms; accepts the real extremes', () => {
    for (const bad of ['2026-11-24T14:47+99:00', '2026-11-24T14:47-15:00', '2026-11-24T14:47+14:01', '2026-11-24T14:47+05:60']) {
      assert.throws(() => parseMoment(bad), (e: Error & { hint?: string }) => /offsets run from -14:00 to \+14:00/.test(e.message) && /ISO 8601, e\.g\. 2026-11-24T14:47/.test(e.hint ?? ''), bad);
    }
    assert.equal(parseMoment('2026-11-24T14:47+14:00').toISOString(), '2026-11-24T00:47:00.000Z');
    assert.equal(parseMoment('2026-11-24T14:47-12:00').toISOString(), '2026-11-25T02:47:00.000Z');
    assert.equal(parseMoment('2026-11-24T14:47+0530').toISOString(), '2026-11-24T09:17:00.000Z');
    const repo = TestRepo.init();
    repo.commitFile('a.md', 'a');
    const r = refused(runCli(repo, null, ['at', '2026-11-24T14:47+99:00']), /"2026-11-24T14:47\+99:00" has the offset \+99:00, which no time zone has.*Use ISO 8601/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });

  it('refuses creating an environment whose name looks like a version; an existing one is still read and moved', () => {
    assert.deepEqual(['v1.0', 'v2', '1.0.0', 'V1.0.0', 'v1.2.3-rc.1', 'production', 'ring-0', 'v-next'].map(looksLikeVersion), [true, true, true, true, true, false, false, false]);
    const repo = TestRepo.init();
    for (const v of ['v1.0.0', 'v1.1.0']) {
      repo.commitFile('components/prompts/extraction.md', `extraction ${v}`);
      repo.tagVersion(E, v);
    }
    const before = repo.allRefs();
    for (const env of ['v1.0', 'v2', '1.0.0', 'V1.0.0']) {
      const r = refused(runCli(repo, null, ['set', 'prompts/extraction', env, 'v1.0.0', '--yes']), /looks like a version|is a version|Did you mean/);
      assert.match(r.stderr, /production/, `a hint naming a real environment for ${env}`);
    }
    assert.match(runCli(repo, null, ['set', 'prompts/extraction', 'v1.0', 'v1.0.0', '--yes']).stderr, /"v1\.0" looks like a version, so it will not be created as an environment\. Name the environment first and the version second/);
    assert.deepEqual(repo.allRefs(), before);

    // An environment named v1.0 made by the Edgit CLI: listed as an environment and movable.
    repo.setEnvLikeCli(E, 'v1.0', 'v1.0.0');
    const status = JSON.parse(succeeded(runCli(repo, null, ['status', '--json'])).stdout);
    assert.deepEqual(status.components[0].environments.map((e: { name: string; version: string }) => [e.name, e.version]), [['v1.0', 'v1.0.0']]);
    succeeded(runCli(repo, null, ['set', 'prompts/extraction', 'v1.0', 'v1.1.0', '--yes']));
    assert.equal(repo.peeled(`${E}/v1.0`), repo.peeled(`${E}/v1.1.0`));
  });
});
