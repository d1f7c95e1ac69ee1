import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { requireBuiltCli, runCli, succeeded } from '../helpers/cliRun';
import { TestRepo, cleanupTempDirs, twoVersionRepo } from '../helpers/gitRepo';

const A = 'components/prompts/a';

function status(repo: TestRepo, cache: 'on' | 'off', ...args: string[]): string {
  return succeeded(runCli(repo, null, ['status', ...args], { EDGIT_CACHE: cache })).stdout;
}

function answerFile(repo: TestRepo): string {
  return path.join(repo.dir, '.git', 'edgit', 'cache', 'answer-status');
}

let previous = '';

/**
 * Asserts that status (JSON and text) with the answer cache says what it says without, twice
 * (computed, then kept), and (unless `changes` is false) that the change made before changed the answer.
 */
function assertAnswers(repo: TestRepo, what: string, changes = true): void {
  for (const args of [['--json'], []]) {
    const truth = status(repo, 'off', ...args);
    assert.equal(status(repo, 'on', ...args), truth, `${what} ${args.join(' ')}: computed`);
    assert.equal(status(repo, 'on', ...args), truth, `${what} ${args.join(' ')}: kept`);
    if (args.length) {
      if (changes) assert.notEqual(truth, previous, `${what}: the change changes the answer`);
      previous = truth;
    }
  }
}

describe('the kept answer of status', () => {
  requireBuiltCli();
  after(cleanupTempDirs);

  it('is the answer computed from git, after every kind of change to what it is computed from', () => {
    const repo = twoVersionRepo(A, 'prompts/a.md', ['v1.0.0', 'v1.1.0']);
    assertAnswers(repo, 'first');
    assert.ok(existsSync(answerFile(repo)), 'the answer is kept');

    repo.setEnvWithTagForce(A, 'production', `${A}/v1.1.0`);
    assertAnswers(repo, 'after a git tag -f');
    repo.git('tag', '-d', `${A}/v1.0.0`);
    assertAnswers(repo, 'after a tag deleted');
    repo.git('pack-refs', '--all');
    assertAnswers(repo, 'after the refs were packed (the same answer, other files)', false);
    // The component's file moves at HEAD: the path status prints follows HEAD.
    repo.git('mv', 'prompts/a.md', 'prompts/a-renamed.md');
    repo.git('commit', '-q', '-m', 'rename');
    assertAnswers(repo, 'after HEAD moved');
    mkdirSync(path.join(repo.dir, '.edgit'), { recursive: true });
    writeFileSync(path.join(repo.dir, '.edgit', 'components.json'), JSON.stringify({ components: { a: { path: 'elsewhere/a.md', type: 'prompt' } } }));
    assertAnswers(repo, 'after the registry was written in the working tree');
    succeeded(runCli(repo, null, ['mark-bad', 'prompts/a', 'v1.1.0', '--reason', 'broken', '--yes']));
    assertAnswers(repo, 'after a bad mark (the deployment history moved)');
    assert.match(status(repo, 'on', '--json'), /"reason": "broken"/);
  });

  it('a damaged or foreign answer file is ignored and replaced', () => {
    const repo = TestRepo.init();
    repo.commitFile('prompts/a.md', 'one');
    repo.tagVersion(A, 'v1.0.0');
    const truth = status(repo, 'off', '--json');
    status(repo, 'on', '--json');
    const file = answerFile(repo);
    const bytes = readFileSync(file);
    // The same length, one byte of the answer changed: the checksum no longer agrees.
    const damaged = Buffer.from(bytes);
    damaged[bytes.indexOf('"v1.0.0"') + 2] = '9'.charCodeAt(0);
    writeFileSync(file, damaged);
    assert.equal(status(repo, 'on', '--json'), truth, 'a damaged file');
    writeFileSync(file, 'edgit-cache answer 1\nnot a key\n{}\nend 3 0000000000000000000000000000000000000000\n');
    assert.equal(status(repo, 'on', '--json'), truth, 'a foreign file');
    assert.equal(status(repo, 'on', '--json'), truth, 'rewritten');
  });
});
