import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CliRun, requireBuiltCli, runCli, succeeded } from '../helpers/cliRun';
import { TestRepo, cleanupTempDirs, tempDir, twoVersionRepo } from '../helpers/gitRepo';

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

  it('is printed without reading a tag object when nothing it rests on changed; anything else computes the answer', () => {
    const repo = twoVersionRepo(A, 'prompts/a.md', ['v1.0.0', 'v1.1.0']);
    // git's own trace says which commands ran: computing the answer lists the tags (for-each-ref).
    const probe = tempDir('edgit-trace-');
    let n = 0;
    const run = (args: string[], cwd?: string): { run: CliRun; program: boolean } => {
      const trace = path.join(probe, `trace-${n++}`);
      const env = { GIT_TRACE: trace };
      const r = cwd ? runCli(repo, null, ['status', ...args, '--repo', cwd], env) : runCli(repo, null, ['status', ...args], env);
      return { run: r, program: existsSync(trace) && readFileSync(trace, 'utf8').includes('for-each-ref') };
    };
    const truth = status(repo, 'off', '--json');

    const first = run(['--json']);
    assert.equal(succeeded(first.run).stdout, truth);
    assert.equal(first.program, true, 'nothing kept yet: the answer is computed');
    const kept = run(['--json']);
    assert.equal(succeeded(kept.run).stdout, truth);
    assert.equal(kept.program, false, 'the kept answer is printed as it was kept');
    // Another spelling of the same command, from a folder inside the clone: the same kept answer.
    mkdirSync(path.join(repo.dir, 'prompts', 'deeper'), { recursive: true });
    const inside = run(['--json'], path.join(repo.dir, 'prompts', 'deeper'));
    assert.equal(succeeded(inside.run).stdout, truth);
    assert.equal(inside.program, false, '--repo naming a folder inside the clone finds the same answer');

    // A new branch is a ref like any other: the answer is computed again (and is the same).
    repo.git('branch', 'elsewhere');
    const branch = run(['--json']);
    assert.equal(succeeded(branch.run).stdout, truth);
    assert.equal(branch.program, true, 'a ref moved: computed again');

    // Arguments the kept answer is not for are parsed, and what is wrong is said.
    const bad = run(['--json', '--bogus']);
    assert.equal(bad.run.code, 2, bad.run.stderr);
    assert.match(bad.run.stderr, /Unknown option '--bogus'/);
    assert.equal(bad.program, false, 'refused before any git ran');
    const off = runCli(repo, null, ['status', '--json'], { EDGIT_CACHE: 'off' });
    assert.equal(succeeded(off).stdout, truth);
  });
});
