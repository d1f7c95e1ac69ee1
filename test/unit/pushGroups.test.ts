import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  EdgitError,
  Git,
  HISTORY_REF,
  executeBatchInGroups,
  loadSnapshot,
  planEnvironmentMove,
  planTagPush,
  prepareBatch,
  pushPendingInGroups,
} from '../../src/engine';
import { CLI, CliRun, requireBuiltCli, runCli, succeeded } from '../helpers/cliRun';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';
import { RecordingRemote, recordingRemote } from '../helpers/recordingRemote';

/**
 * A push over the tag-event limit (GitHub starts no tag-triggered workflow for a push of more
 * than three tags): edgit-deploy says so before pushing and pushes in groups or as one push only
 * by the person's choice. Real clones and a real bare remote whose hook logs what each push carried.
 */

const COMPONENTS = ['c1', 'c2', 'c3', 'c4', 'c5'];
const key = (c: string) => `components/prompts/${c}`;
const prod = (c: string) => `refs/tags/${key(c)}/production`;
const version = (c: string, v: string) => `refs/tags/${key(c)}/${v}`;

/** Five components at v1.0.0 in production, v2.0.0 of each, all on the remote; v2.1.0 of c1 and c2 only here. The limit: 3. */
function fiveComponents(): { repo: TestRepo; rec: RecordingRemote } {
  const rec = recordingRemote();
  const repo = TestRepo.init();
  repo.clock = '2026-01-01T10:00:00Z';
  for (const v of ['v1.0.0', 'v2.0.0']) {
    for (const c of COMPONENTS) {
      repo.commitFile(`components/prompts/${c}.md`, `${c} ${v}`);
      repo.tagVersion(key(c), v);
    }
  }
  for (const c of COMPONENTS) repo.setEnvLikeCli(key(c), 'production', 'v1.0.0');
  repo.publishTo(rec.remote);
  for (const c of ['c1', 'c2']) {
    repo.commitFile(`components/prompts/${c}.md`, `${c} v2.1.0`);
    repo.tagVersion(key(c), 'v2.1.0');
  }
  repo.clock = null;
  repo.git('config', 'edgit.tagEventLimit', '3');
  // What the remote has, known here (a clone that never synced cannot tell its moves from a teammate's).
  succeeded(runCli(repo, null, ['fetch']));
  rec.clear();
  return { repo, rec };
}

/** c1, c2 to v2.1.0 (versions the remote lacks), c3–c5 to v2.0.0: 7 tags. */
const PAIRS = ['prompts/c1=v2.1.0', 'prompts/c2=v2.1.0', 'prompts/c3=v2.0.0', 'prompts/c4=v2.0.0', 'prompts/c5=v2.0.0'];
const TARGET: Record<string, string> = { c1: 'v2.1.0', c2: 'v2.1.0', c3: 'v2.0.0', c4: 'v2.0.0', c5: 'v2.0.0' };

const output = (r: CliRun) => r.stdout + r.stderr;

/** The tags among a push's ref updates, sorted (git sends the updates of one push in its own order). */
const tagsOf = (push: { ref: string }[]) =>
  push
    .map((u) => u.ref)
    .filter((r) => r.startsWith('refs/tags/'))
    .sort();

/** The recorded events a history commit and its ancestors hold, as `component · environment`, oldest first. */
function recordedMoves(repo: TestRepo, commit: string): string[] {
  const body = repo.git('log', '--reverse', '--format=%B', commit);
  return body
    .split('\n')
    .filter((l) => l.startsWith('Edgit-Event: '))
    .map((l) => JSON.parse(l.slice('Edgit-Event: '.length)) as { kind: string; id: string; environment: string; toVersion: string })
    .filter((e) => e.kind === 'recorded')
    .map((e) => `${e.id} · ${e.environment} → ${e.toVersion}`);
}

const moved = (cs: readonly string[]) => cs.map((c) => `prompts/${c} · production → ${TARGET[c]}`);

/** The tag refs of a clone or the remote, with their values. */
const tagRefs = (repo: TestRepo) => new Map([...repo.allRefs()].filter(([ref]) => ref.startsWith('refs/tags/')));

/** The command the output names after `label`, up to the end of its line. */
function commandAfter(text: string, label: RegExp): string {
  const m = new RegExp(`${label.source}(edgit-deploy [^\\n;]+)`).exec(text);
  assert.ok(m, `no command after ${label} in:\n${text}`);
  return m[1].trim();
}

const argsOf = (command: string) => command.replace(/^edgit-deploy /, '').split(' ');

/** Runs edgit-deploy at a terminal (a pseudo-terminal made by util-linux `script`), typing `typed`; null when `script` is missing. */
function atTerminal(repo: TestRepo, args: readonly string[], typed: string): CliRun | null {
  if (spawnSync('script', ['--version']).status !== 0) return null;
  const env: NodeJS.ProcessEnv = { ...repo.env(), TZ: 'UTC' };
  delete env.CI;
  const command = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: repo.dir, env, input: typed, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('a push over the tag-event limit', () => {
  requireBuiltCli();
  after(cleanupTempDirs);

  it('with --yes and no choice: says why before pushing, exits 2 naming both flags, and changes nothing here or on the remote', () => {
    const { repo, rec } = fiveComponents();
    const here = repo.allRefs();
    const there = rec.remote.allRefs();
    const r = runCli(repo, '2026-03-01T09:00:00Z', ['batch', 'production', ...PAIRS, '--push', '--yes']);
    assert.equal(r.code, 2, output(r));
    assert.match(output(r), /This push carries 7 tags \(2 version tags, 5 environment tags\): the limit is 3 tags a push \(git config edgit\.tagEventLimit\), so origin starts no tag-triggered workflow/);
    assert.match(r.stderr, /--tags-per-push 3 .*--one-push/);
    assert.match(r.stderr, /nothing was changed/);
    assert.deepEqual(repo.allRefs(), here, 'no tag moved here, no history written');
    assert.deepEqual(rec.remote.allRefs(), there);
    assert.deepEqual(rec.pushes(), [], 'nothing was pushed');

    // Without a terminal and without --yes: the same refusal, the same nothing.
    assert.equal(runCli(repo, null, ['batch', 'production', ...PAIRS, '--push']).code, 2);
    // `push` of moves made here: the same.
    succeeded(runCli(repo, '2026-03-01T09:00:00Z', ['batch', 'production', ...PAIRS, '--yes']));
    const moved = repo.allRefs();
    const push = runCli(repo, null, ['push', '--yes']);
    assert.equal(push.code, 2, output(push));
    assert.match(output(push), /This push carries 7 tags/);
    assert.match(push.stderr, /--tags-per-push 3 .*--one-push/);
    assert.deepEqual(repo.allRefs(), moved, 'no history written by the refused push');
    assert.deepEqual(rec.remote.allRefs(), there);
    assert.deepEqual(rec.pushes(), []);
    // A choice that makes no sense is bad usage too.
    assert.equal(runCli(repo, null, ['push', '--yes', '--tags-per-push', '4']).code, 2, 'groups larger than the limit');
    assert.equal(runCli(repo, null, ['push', '--yes', '--tags-per-push', '2', '--one-push']).code, 2, 'both choices');
    assert.equal(runCli(repo, null, ['set', 'prompts/c1', 'staging', 'v1.0.0', '--yes', '--one-push']).code, 2, 'a choice without --push');
    assert.deepEqual(rec.pushes(), []);
  });

  it('at a terminal without --yes: asks, and pushes in groups or as one push as answered; any other answer changes nothing', function () {
    const { repo, rec } = fiveComponents();
    const staging = PAIRS.slice(0, 4);
    const here = repo.allRefs();
    const stop = atTerminal(repo, ['batch', 'staging', ...staging, '--push'], '\n');
    if (!stop) this.skip();
    assert.match(stop.stdout, /This push carries 6 tags[\s\S]*How should 6 tags be pushed to origin\?\r?\n {2}g\) in 2 pushes of at most 3 tags[^\n]*\n {2}o\) as one push anyway/);
    assert.equal(stop.code, 1, stop.stdout);
    assert.deepEqual(repo.allRefs(), here, 'not answered: nothing changed');
    assert.deepEqual(rec.pushes(), []);

    const grouped = atTerminal(repo, ['batch', 'staging', ...staging, '--push'], 'g\n') as CliRun;
    assert.equal(grouped.code, 0, grouped.stdout);
    assert.deepEqual(rec.pushes().map(tagsOf), [
      [`refs/tags/${key('c1')}/staging`, version('c1', 'v2.1.0'), version('c2', 'v2.1.0')],
      [`refs/tags/${key('c2')}/staging`, `refs/tags/${key('c3')}/staging`, `refs/tags/${key('c4')}/staging`],
    ]);

    rec.clear();
    const one = atTerminal(repo, ['batch', 'canary', ...PAIRS, '--push'], 'o\n') as CliRun;
    assert.equal(one.code, 0, one.stdout);
    assert.deepEqual(rec.pushes().map((p) => tagsOf(p).length), [5]);
    assert.match(one.stdout, /Start the deploy by hand/);
  });

  it('the engine itself refuses to push a plan over the limit without a choice, and changes nothing', async () => {
    const { repo, rec } = fiveComponents();
    const here = repo.allRefs();
    const git = new Git(repo.dir);
    const snapshot = await loadSnapshot(git);
    const moves = COMPONENTS.map((c) => planEnvironmentMove(snapshot, `prompts/${c}`, 'production', 'v2.0.0'));
    const plan = planTagPush({ versions: [], environments: moves.map((m) => `refs/tags/${m.tag}`) }, { limit: 3, source: 'config' }, null);
    const batch = await prepareBatch(git, moves, { action: 'set' });
    const unchosen = (e: unknown) => e instanceof EdgitError && e.code === 'bad-usage' && /carries 5 tags, more than 3/.test(e.message);
    await assert.rejects(executeBatchInGroups(git, batch, { remote: 'origin', plan }), unchosen);
    await assert.rejects(pushPendingInGroups(git, 'origin', plan, batch.updates.map((u) => ({ ref: u.ref, expectedRemote: u.oldValue, newValue: u.newValue }))), unchosen);
    assert.deepEqual(repo.allRefs(), here);
    assert.deepEqual(rec.pushes(), []);
  });

  it('--dry-run shows the pushes groups would make, and what would be asked; nothing changes', () => {
    const { repo, rec } = fiveComponents();
    const here = repo.allRefs();
    const r = succeeded(runCli(repo, null, ['batch', 'production', ...PAIRS, '--push', '--dry-run']));
    assert.match(r.stdout, /This push carries 7 tags/);
    assert.match(r.stdout, /Would ask for a choice: --tags-per-push 3 \(these pushes\) or --one-push/);
    assert.match(r.stdout, /Push 1 of 3 \(3 tags\):\n {2}components\/prompts\/c1\/v2\.1\.0 \(version the remote lacks\)\n {2}components\/prompts\/c2\/v2\.1\.0 \(version the remote lacks\)\n {2}components\/prompts\/c1\/production: v1\.0\.0 → v2\.1\.0\nPush 2 of 3 \(3 tags\):/);
    const json = JSON.parse(succeeded(runCli(repo, null, ['batch', 'production', ...PAIRS, '--push', '--dry-run', '--json', '--tags-per-push', '2'])).stdout) as {
      push: { tags: number; limit: number; overLimit: boolean; choice: string; groups: string[][] };
    };
    assert.deepEqual(json.push, {
      tags: 7,
      limit: 3,
      limitSource: 'config',
      overLimit: true,
      choice: 'tags-per-push 2',
      groups: [
        [`${key('c1')}/v2.1.0`, `${key('c2')}/v2.1.0`],
        [`${key('c1')}/production`, `${key('c2')}/production`],
        [`${key('c3')}/production`, `${key('c4')}/production`],
        [`${key('c5')}/production`],
      ],
    });
    assert.deepEqual(repo.allRefs(), here);
    assert.deepEqual(rec.pushes(), []);
  });

  it('in groups: each push within the limit, versions before the environments that point at them, each with the history of exactly what landed so far', () => {
    const { repo, rec } = fiveComponents();
    const r = succeeded(runCli(repo, '2026-03-01T09:00:00Z', ['batch', 'production', ...PAIRS, '--push', '--yes', '--tags-per-push', '3']));
    assert.match(r.stdout, /This push carries 7 tags/);
    assert.match(r.stdout, /Pushed 1 of 3 to origin\.\nPushed 2 of 3 to origin\.\nPushed 3 of 3 to origin\./);
    assert.doesNotMatch(r.stdout, /by hand/);
    const pushes = rec.pushes();
    assert.deepEqual(pushes.map(tagsOf), [
      [prod('c1'), version('c1', 'v2.1.0'), version('c2', 'v2.1.0')],
      [prod('c2'), prod('c3'), prod('c4')],
      [prod('c5')],
    ]);
    const landedBy = (p: number) => pushes.slice(0, p + 1).flatMap(tagsOf);
    pushes.forEach((push, p) => {
      assert.ok(tagsOf(push).length <= 3, `push ${p + 1} carries ${tagsOf(push).length} tags`);
      for (const ref of tagsOf(push).filter((t) => t.endsWith('/production'))) {
        const c = ref.split('/')[4];
        if (TARGET[c] === 'v2.1.0') assert.ok(landedBy(p).includes(version(c, 'v2.1.0')), `${ref} went before its version`);
      }
      // The history each push carried records the moves of this push and the ones before, no other.
      const history = push.find((u) => u.ref === HISTORY_REF);
      assert.ok(history, `push ${p + 1} carries the history`);
      const envs = landedBy(p).filter((t) => t.endsWith('/production')).map((t) => t.split('/')[4]);
      assert.deepEqual(recordedMoves(rec.remote, history.new), moved(envs), `the history of push ${p + 1}`);
    });
    assert.deepEqual(tagRefs(rec.remote), tagRefs(repo), 'everything landed');
    assert.equal(rec.remote.refValue(HISTORY_REF), repo.refValue(HISTORY_REF));
    for (const c of COMPONENTS) assert.equal(repo.peeled(`${key(c)}/production`), repo.peeled(`${key(c)}/${TARGET[c]}`));
  });

  it('--one-push: one atomic push of every tag, and the deploy must be started by hand', () => {
    const { repo, rec } = fiveComponents();
    const r = succeeded(runCli(repo, null, ['batch', 'production', ...PAIRS, '--push', '--yes', '--one-push']));
    const pushes = rec.pushes();
    assert.equal(pushes.length, 1);
    assert.equal(tagsOf(pushes[0]).length, 7);
    assert.ok(pushes[0].some((u) => u.ref === HISTORY_REF));
    assert.match(r.stdout, /This push carries 7 tags[^\n]*starts no tag-triggered workflow/);
    assert.match(r.stdout, /7 tags went to origin in one push, more than 3: no tag-triggered workflow started for it\. Start the deploy by hand\./);
    assert.deepEqual(tagRefs(rec.remote), tagRefs(repo));
  });

  it('within the limit: one push, nothing asked, no note; a version the remote lacks goes first in it', () => {
    const { repo, rec } = fiveComponents();
    const r = succeeded(runCli(repo, null, ['batch', 'production', 'prompts/c1=v2.1.0', 'prompts/c3=v2.0.0', '--push', '--yes']));
    assert.doesNotMatch(output(r), /tag-triggered|by hand/);
    assert.deepEqual(rec.pushes().map(tagsOf), [[prod('c1'), version('c1', 'v2.1.0'), prod('c3')]]);
  });

  it('a later push refused: says exactly which moves landed and which did not, the history records exactly what landed, and the commands printed finish it', () => {
    const { repo, rec } = fiveComponents();
    const before = tagRefs(repo);
    // A teammate moves c4's production on the remote right after the first push.
    const teammate = rec.remote.git('rev-parse', version('c4', 'v1.0.0'));
    rec.moveAfterPushes(1, prod('c4'), teammate);
    const r = runCli(repo, '2026-03-01T09:00:00Z', ['batch', 'production', ...PAIRS, '--push', '--yes', '--tags-per-push', '3']);
    assert.equal(r.code, 1, output(r));
    const text = output(r);
    if (process.env.SHOW_OUTPUT) console.log(r.stdout, '\n--- stderr\n', r.stderr);
    assert.match(
      text,
      /Landed on origin \(push 1 of 3\):\n {2}components\/prompts\/c1\/v2\.1\.0 \(version the remote lacks\)\n {2}components\/prompts\/c2\/v2\.1\.0 \(version the remote lacks\)\n {2}components\/prompts\/c1\/production: v1\.0\.0 → v2\.1\.0\nDid not land \(push 2 refused, 3 not made\):\n {2}components\/prompts\/c2\/production: [^\n]*\n {2}components\/prompts\/c3\/production: [^\n]*\n {2}components\/prompts\/c4\/production: [^\n]*\n {2}components\/prompts\/c5\/production: [^\n]*\n/,
    );
    assert.match(r.stderr, /Push 2 of 3 to "origin" was refused: prompts\/c4 · production was moved on the remote since your last fetch \(git: stale info\)\. 3 tag\(s\) in the 1 push\(es\) before it landed; 4 tag\(s\) did not\./);
    const pushes = rec.pushes();
    assert.deepEqual(pushes.map(tagsOf), [[prod('c1'), version('c1', 'v2.1.0'), version('c2', 'v2.1.0')]], 'only the first push landed');

    // Here and there: c1 moved, the others where they were (c4 where the teammate put it there).
    assert.equal(repo.peeled(`${key('c1')}/production`), repo.peeled(`${key('c1')}/v2.1.0`));
    assert.equal(rec.remote.refValue(prod('c1')), repo.refValue(prod('c1')));
    for (const c of ['c2', 'c3', 'c4', 'c5']) assert.equal(repo.refValue(prod(c)), before.get(prod(c)), `${c} not moved here`);
    for (const c of ['c2', 'c3', 'c5']) assert.equal(rec.remote.refValue(prod(c)), before.get(prod(c)), `${c} not moved there`);
    assert.equal(rec.remote.refValue(prod('c4')), teammate);
    // The history, here and there, records exactly the move that landed.
    assert.equal(repo.refValue(HISTORY_REF), rec.remote.refValue(HISTORY_REF));
    assert.deepEqual(recordedMoves(rec.remote, rec.remote.refValue(HISTORY_REF) as string), moved(['c1']));

    // The exact commands: put back what landed, or finish.
    assert.equal(commandAfter(text, /To put the landed moves back: /), 'edgit-deploy batch production prompts/c1=v1.0.0 --push --tags-per-push 3');
    const finish = commandAfter(text, /To finish: edgit-deploy fetch \(to see what moved on origin\), then: /);
    assert.equal(finish, 'edgit-deploy batch production prompts/c2=v2.1.0 prompts/c3=v2.0.0 prompts/c4=v2.0.0 prompts/c5=v2.0.0 --push --tags-per-push 3');
    succeeded(runCli(repo, null, ['fetch']));
    succeeded(runCli(repo, '2026-03-01T09:05:00Z', [...argsOf(finish), '--yes']));
    assert.deepEqual(tagRefs(rec.remote), tagRefs(repo));
    for (const c of COMPONENTS) assert.equal(repo.peeled(`${key(c)}/production`), repo.peeled(`${key(c)}/${TARGET[c]}`));
    assert.deepEqual(recordedMoves(rec.remote, rec.remote.refValue(HISTORY_REF) as string), moved(['c1', 'c2', 'c3', 'c4', 'c5']), 'each move recorded once');
    assert.ok(rec.pushes().slice(1).every((p) => tagsOf(p).length <= 3));
  });

  it('a rollback with --mark-bad in groups: each push records the marks of the versions its moves left, so a refused push leaves no mark of a move that did not land', () => {
    const { repo, rec } = fiveComponents();
    const forward = COMPONENTS.map((c) => `prompts/${c}=v2.0.0`);
    succeeded(runCli(repo, '2026-03-01T09:00:00Z', ['batch', 'production', ...forward, '--push', '--yes', '--one-push']));
    rec.clear();
    rec.moveAfterPushes(1, prod('c5'), rec.remote.git('rev-parse', version('c5', 'v1.0.0')));
    const back = COMPONENTS.map((c) => `prompts/${c}=v1.0.0`);
    const r = runCli(repo, '2026-03-01T10:00:00Z', ['batch', 'production', ...back, '--mark-bad', '--reason', 'INC-7', '--push', '--yes', '--tags-per-push', '3']);
    assert.equal(r.code, 1, output(r));
    assert.deepEqual(rec.pushes().map(tagsOf), [[prod('c1'), prod('c2'), prod('c3')]]);
    const marks = (clone: TestRepo) =>
      clone
        .git('log', '--format=%B', HISTORY_REF)
        .split('\n')
        .filter((l) => l.startsWith('Edgit-Event: '))
        .map((l) => JSON.parse(l.slice('Edgit-Event: '.length)) as { kind: string; id: string; version: string; action: string })
        .filter((e) => e.kind === 'mark')
        .map((e) => `${e.action} ${e.id}@${e.version}`)
        .sort();
    const expected = ['c1', 'c2', 'c3'].map((c) => `mark-bad prompts/${c}@v2.0.0`);
    assert.deepEqual(marks(rec.remote), expected);
    assert.deepEqual(marks(repo), expected, 'here the same: the moves of c4 and c5 were not made');
    assert.match(output(r), /To put the landed moves back: edgit-deploy batch production prompts\/c1=v2\.0\.0 prompts\/c2=v2\.0\.0 prompts\/c3=v2\.0\.0 --push --tags-per-push 3/);
  });

  it('push of moves made here, in groups: each push carries the history of its own moves (with their date and author); a refused push leaves the rest here, and push finishes', () => {
    const { repo, rec } = fiveComponents();
    succeeded(runCli(repo, '2026-03-01T09:00:00Z', ['batch', 'production', ...PAIRS, '--yes']));
    const movedHere = tagRefs(repo);
    const teammate = rec.remote.git('rev-parse', version('c4', 'v1.0.0'));
    rec.moveAfterPushes(2, prod('c4'), teammate);
    const r = runCli(repo, '2026-03-02T12:00:00Z', ['push', '--yes', '--tags-per-push', '2']);
    assert.equal(r.code, 1, output(r));
    if (process.env.SHOW_OUTPUT) console.log(r.stdout, '\n--- stderr\n', r.stderr);
    const pushes = rec.pushes();
    assert.deepEqual(pushes.map(tagsOf), [
      [version('c1', 'v2.1.0'), version('c2', 'v2.1.0')],
      [prod('c1'), prod('c2')],
    ]);
    assert.equal(pushes[0].find((u) => u.ref === HISTORY_REF), undefined, 'versions alone: no move, no history');
    const history = pushes[1].find((u) => u.ref === HISTORY_REF);
    assert.ok(history);
    assert.deepEqual(recordedMoves(rec.remote, history.new), moved(['c1', 'c2']), 'the history records the moves that landed, no other');
    // Copied with the date and the author of the move, not of the push.
    assert.equal(rec.remote.git('log', '-1', '--format=%cI %cn', history.new), '2026-03-01T09:00:00+00:00 Ana');
    assert.match(output(r), /Landed on origin \(pushes 1, 2 of 4\):[\s\S]*Did not land \(push 3 refused, 4 not made\):\n {2}components\/prompts\/c3\/production: v1\.0\.0 → v2\.0\.0\n {2}components\/prompts\/c4\/production[^\n]*\n {2}components\/prompts\/c5\/production/);
    assert.match(output(r), /To finish: edgit-deploy fetch \(to see what moved on origin\), then edgit-deploy push --tags-per-push 2\n/);
    assert.equal(commandAfter(output(r), /To put the landed moves back: /), 'edgit-deploy batch production prompts/c1=v1.0.0 prompts/c2=v1.0.0 --push --tags-per-push 2');
    // Here nothing was undone: every move is still made, and the history still records each once, on top of what the remote has.
    assert.deepEqual(tagRefs(repo), movedHere);
    const local = repo.refValue(HISTORY_REF) as string;
    assert.deepEqual(recordedMoves(repo, local).sort(), moved(COMPONENTS).sort());
    assert.equal(repo.gitStatus('merge-base', '--is-ancestor', history.new, local), 0, 'the local history descends from the remote one');

    // Finish: c4 moved on both sides stays here (and so does the history of its move here); the rest lands.
    succeeded(runCli(repo, null, ['fetch']));
    const done = succeeded(runCli(repo, '2026-03-02T12:05:00Z', ['push', '--yes', '--tags-per-push', '2']));
    assert.match(done.stdout, /not pushed: components\/prompts\/c4\/production \(diverged; fetch first\)/);
    for (const c of ['c1', 'c2', 'c3', 'c5']) assert.equal(rec.remote.refValue(prod(c)), repo.refValue(prod(c)), c);
    assert.equal(rec.remote.refValue(prod('c4')), teammate);
    const remoteMoves = recordedMoves(rec.remote, rec.remote.refValue(HISTORY_REF) as string);
    assert.deepEqual(remoteMoves, moved(['c1', 'c2', 'c3', 'c5']), 'each move that landed recorded once; c4 move here not claimed');
    assert.deepEqual(recordedMoves(repo, repo.refValue(HISTORY_REF) as string).sort(), moved(COMPONENTS).sort(), 'the move of c4 still recorded here');
  });

  it('push in groups when a teammate appends to the remote history between two pushes: joined (merged, never rewritten), nothing lost', () => {
    const { repo, rec } = fiveComponents();
    succeeded(runCli(repo, '2026-03-01T09:00:00Z', ['batch', 'production', ...PAIRS, '--yes']));
    const mark = { v: 1, kind: 'mark', action: 'mark-bad', component: key('c3'), id: 'prompts/c3', version: 'v1.0.0', commit: null, batch: 'teammate1', reason: 'INC-9' };
    rec.appendHistoryAfterPushes(2, `mark-bad prompts/c3@v1.0.0\n\nEdgit-Event: ${JSON.stringify(mark)}\n`);
    succeeded(runCli(repo, '2026-03-02T12:00:00Z', ['push', '--yes', '--tags-per-push', '2']));
    const pushes = rec.pushes();
    assert.deepEqual(pushes.map(tagsOf), [
      [version('c1', 'v2.1.0'), version('c2', 'v2.1.0')],
      [prod('c1'), prod('c2')],
      [prod('c3'), prod('c4')],
      [prod('c5')],
    ]);
    const head = rec.remote.refValue(HISTORY_REF) as string;
    assert.equal(repo.refValue(HISTORY_REF), head, 'here the same history as there');
    assert.deepEqual(recordedMoves(rec.remote, head).sort(), moved(COMPONENTS).sort(), 'each move once');
    assert.match(rec.remote.git('log', '--format=%B', head), /"batch":"teammate1"/, "the teammate's record kept");
    assert.match(rec.remote.git('log', '--merges', '--format=%s', head), /^Merge deployment history from origin$/m, 'push 3 was refused for the history, joined and pushed again');
    assert.equal(rec.remote.gitStatus('merge-base', '--is-ancestor', pushes[1].find((u) => u.ref === HISTORY_REF)?.new ?? '', head), 0, 'what push 2 carried is still there');
    assert.deepEqual(tagRefs(rec.remote), tagRefs(repo));
  });
});
