import * as assert from 'node:assert/strict';
import { CliRun, HUMAN_TIME, humanTimeAt, requireBuiltCli, runCli, succeeded } from '../helpers/cliRun';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';

const E = 'components/prompts/extraction';

/** A reason that sets the window title, overwrites its line, starts a GitHub Actions command and reverses what follows. */
const HOSTILE_REASON = 'x\x1b]0;t\x07\r\x1b[2K\n::error::forged \u202e';
/** A tagger name git accepts (it drops only line breaks and angle brackets): ESC, CR and a bidi override. */
const HOSTILE_TAGGER = 'Ev\x1bil\rname\u202e';
/** `production` with a Cyrillic `о` (U+043E). */
const LOOK_ALIKE = 'pr\u043eduction';
/** A committer name on a history commit another tool wrote. */
const HOSTILE_COMMITTER = 'Mal\x1b[31mlory';
/** An environment name only the history holds: git allows no line break in a tag, the history's JSON does. */
const HOSTILE_ENVIRONMENT = 'qa\n::warning::forged';

/** Any control, format or separator character but `\n`. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/u;

/** What a person or a CI log sees of a run: both streams, clean. */
function assertClean(what: string, r: CliRun): void {
  for (const [stream, text] of [
    ['stdout', r.stdout],
    ['stderr', r.stderr],
  ] as const) {
    const hidden = HIDDEN.exec(text.replace(/\n/g, ''));
    assert.equal(hidden, null, `${what} ${stream} shows U+${hidden?.[0].codePointAt(0)?.toString(16)} raw:\n${text}`);
    const command = text.split('\n').find((line) => line.trimStart().startsWith('::'));
    assert.equal(command, undefined, `${what} ${stream} has a line a CI runner reads as a command:\n${text}`);
  }
}

/**
 * A commit on refs/edgit/history written the way anyone with push rights can write one, without
 * edgit-deploy (which cleans what it writes): each event as a JSON line.
 */
function writeHistoryAsAnotherTool(repo: TestRepo, events: readonly object[]): void {
  const parent = repo.git('rev-parse', 'refs/edgit/history');
  const message = ['another tool', '', ...events.map((e) => `Edgit-Event: ${JSON.stringify(e)}`)].join('\n');
  const commit = repo.git('commit-tree', '-p', parent, '-m', message, `${parent}^{tree}`);
  repo.git('update-ref', 'refs/edgit/history', commit, parent);
}

/**
 * extraction with v1.0.0 and v1.1.0; production moved to v1.1.0 by edgit-deploy with the hostile
 * reason; v1.0.0 marked bad with it and a deleted environment with a line break in its name, by
 * another tool under a hostile committer name; staging tagged by hand by the hostile tagger, at
 * the bad v1.0.0; and an environment whose name only looks like production.
 */
function hostileRepository(): TestRepo {
  const repo = TestRepo.init();
  repo.clock = '2026-03-01T09:00:00Z';
  repo.commitFile('components/prompts/extraction.md', 'one');
  repo.tagVersion(E, 'v1.0.0');
  repo.commitFile('components/prompts/extraction.md', 'two');
  repo.tagVersion(E, 'v1.1.0');
  repo.clock = null;
  succeeded(runCli(repo, '2026-03-01T10:00:00Z', ['set', 'prompts/extraction', 'production', 'v1.0.0', '--yes']));
  assertClean('set', succeeded(runCli(repo, '2026-03-01T11:00:00Z', ['set', 'prompts/extraction', 'production', 'v1.1.0', '--reason', HOSTILE_REASON, '--yes'])));
  repo.clock = '2026-03-01T11:30:00Z';
  repo.who = { name: HOSTILE_COMMITTER, email: 'mallory@example.com' };
  const v1 = repo.git('rev-parse', `${E}/v1.0.0^{commit}`);
  writeHistoryAsAnotherTool(repo, [
    { v: 1, kind: 'mark', action: 'mark-bad', component: E, id: 'prompts/extraction', version: 'v1.0.0', commit: v1, batch: 'b0b0b0b0b0b0', reason: HOSTILE_REASON },
    { v: 1, kind: 'recorded', action: 'set\r\x1b[2K', component: E, id: 'prompts/extraction', environment: HOSTILE_ENVIRONMENT, toVersion: 'v1.0.0', toCommit: v1, batch: 'b0b0b0b0b0b0', reason: null },
  ]);
  repo.clock = '2026-03-01T12:00:00Z';
  repo.who = { name: HOSTILE_TAGGER, email: 'evil@example.com' };
  repo.git('tag', '-a', '-f', '-m', `Set extraction to staging\x1b]52;c;ZWNobyBoaQ==\x07`, `${E}/staging`, `${E}/v1.0.0`);
  repo.who = { name: 'Ana', email: 'ana@example.com' };
  repo.git('tag', '-a', '-m', 'Set extraction to production', `${E}/${LOOK_ALIKE}`, `${E}/v1.1.0`);
  repo.clock = null;
  return repo;
}

describe('edgit-deploy: what others wrote is shown, never obeyed', () => {
  requireBuiltCli();
  after(cleanupTempDirs);

  it('status, history, --story, at and verify print hostile reasons, taggers and names escaped, one line each', () => {
    const repo = hostileRepository();
    // The tagger as git wrote it: the test is about what the CLI does with it.
    assert.ok(repo.git('cat-file', '-p', `${E}/staging`).includes(`\ntagger ${HOSTILE_TAGGER} <evil@example.com> `));

    const status = succeeded(runCli(repo, null, ['status']));
    assertClean('status', status);
    assert.match(status.stdout, new RegExp(String.raw`^ {2}staging +→ v1\.0\.0 \(marked bad\)(?: {2}|\n {6})moved ${humanTimeAt('12:00')} by Ev\\x1bil\\rname\\u202e$`, 'm'));
    assert.match(status.stdout, /^ {2}pr\\u043eduction → v1\.1\.0/m);
    // The kept answer (printed by the CLI's entry without the program) is the same, as clean.
    const kept = succeeded(runCli(repo, null, ['status']));
    assert.equal(kept.stdout, status.stdout);

    const history = succeeded(runCli(repo, null, ['history']));
    assertClean('history', history);
    assert.ok(history.stdout.includes('"x\\x1b]0;t\\x07\\r\\x1b[2K\\n::error::forged \\u202e"'), history.stdout);
    assert.match(history.stdout, /prompts\/extraction · staging {2}\(none\) → v1\.0\.0(?: {2}|\n {4})\[observed, tag\] {2}by Ev\\x1bil\\rname\\u202e <evil@example\.com>$/m);
    assert.match(history.stdout, /prompts\/extraction · pr\\u043eduction {2}/);
    assert.match(history.stdout, /prompts\/extraction@v1\.0\.0 {2}marked bad\n {4}by Mal\\x1b\[31mlory <mallory@example\.com> {2}batch b0b0b0b0b0b0\n {4}"x\\x1b\]0;t/);
    // An event whose environment no tag could have (a line break in it) is skipped, and said so.
    assert.doesNotMatch(history.stdout, /qa\\n/);
    assert.match(history.stderr, /^1 unreadable or contradictory item\(s\) skipped:\n {2}history commit [0-9a-f]{10}: 1 event line\(s\) unreadable$/m);

    const story = succeeded(runCli(repo, null, ['history', 'prompts/extraction', '--story']));
    assertClean('history --story', story);
    assert.ok(story.stdout.includes('\\n::error::forged'), story.stdout);
    assert.match(story.stdout, /^prompts\/extraction · pr\\u043eduction$/m);

    const at = succeeded(runCli(repo, null, ['at', '2026-03-01T13:00Z']));
    assertClean('at', at);
    assert.match(
      at.stdout,
      new RegExp(String.raw`^ {2}prompts\/extraction · production {2}v1\.1\.0 {2}since ${humanTimeAt('11:00')}\n {6}\[recorded\] {2}by Ana <ana@example\.com>\n {6}"x\\x1b\]0;t\\x07\\r\\x1b\[2K\\n::error::forged \\u202e"$`, 'm'),
    );
    assert.match(at.stdout, new RegExp(String.raw`^ {2}prompts\/extraction · staging {2}v1\.0\.0 {2}since ${humanTimeAt('12:00')}\n {6}\[observed\] {2}by Ev\\x1bil\\rname\\u202e <evil@example\.com>$`, 'm'));

    const verify = runCli(repo, null, ['verify']);
    assert.equal(verify.code, 1, verify.stderr);
    assertClean('verify', verify);
    assert.match(
      verify.stderr,
      new RegExp(
        String.raw`^ {2}marked-bad {2}prompts\/extraction · staging {2}at v1\.0\.0\n {6}marked bad ${HUMAN_TIME}(?: {2}|\n {6})by Mal\\x1b\[31mlory <mallory@example\.com>(?: {2}|\n {6})"x\\x1b\]0;t\\x07\\r\\x1b\[2K\\n::error::forged \\u202e"$`,
        'm',
      ),
    );
    assert.match(verify.stderr, /^ {2}skipped {2}history commit [0-9a-f]{10}: {2}1 event line\(s\) unreadable$/m);
    assert.match(verify.stderr, /^ {2}unrecorded-move {2}prompts\/extraction · pr\\u043eduction {2}at v1\.1\.0$/m);
  });

  it('--json gives back every value exactly, with no hidden character in its text', () => {
    const repo = hostileRepository();
    const history = succeeded(runCli(repo, null, ['history', '--json']));
    assertClean('history --json', history);
    const events = JSON.parse(history.stdout) as { kind: string; environment: string | null; reason: string | null; by: string | null }[];
    assert.equal(events.find((e) => e.kind === 'recorded' && e.reason !== null)?.reason, HOSTILE_REASON);
    assert.equal(events.find((e) => e.kind === 'mark')?.reason, HOSTILE_REASON);
    assert.equal(events.find((e) => e.kind === 'mark')?.by, `${HOSTILE_COMMITTER} <mallory@example.com>`);
    assert.ok(!events.some((e) => e.environment === HOSTILE_ENVIRONMENT), 'an event naming an environment no tag can have is skipped');
    assert.equal(events.find((e) => e.kind === 'observed' && e.environment === 'staging')?.by, `${HOSTILE_TAGGER} <evil@example.com>`);
    assert.ok(events.some((e) => e.environment === LOOK_ALIKE));

    const status = succeeded(runCli(repo, null, ['status', '--json']));
    assertClean('status --json', status);
    const [component] = (JSON.parse(status.stdout) as { components: { environments: { name: string; movedBy: string | null }[]; versions: { bad: { reason: string } | null }[] }[] }).components;
    assert.equal(component.environments.find((e) => e.name === 'staging')?.movedBy, HOSTILE_TAGGER);
    assert.ok(component.environments.some((e) => e.name === LOOK_ALIKE));
    assert.equal(component.versions.find((v) => v.bad)?.bad?.reason, HOSTILE_REASON);
  });

  it('fetch, push, the move commands and mark-bad show what a teammate pushed escaped, one line each', () => {
    const origin = TestRepo.init(undefined, { bare: true });
    const ana = hostileRepository();
    ana.publishTo(origin);
    ana.git('push', '-q', 'origin', 'refs/edgit/history');
    const ben = TestRepo.clone(origin);
    // Pushed after Ben cloned: a look-alike of staging (a Ukrainian `і`), tagged by the hostile tagger.
    const lookAlike = 'stag\u0456ng';
    ana.who = { name: HOSTILE_TAGGER, email: 'evil@example.com' };
    ana.git('tag', '-a', '-m', 'Set extraction to staging', `${E}/${lookAlike}`, `${E}/v1.1.0`);
    ana.git('push', '-q', 'origin', `refs/tags/${E}/${lookAlike}`);

    const fetched = succeeded(runCli(ben, null, ['fetch']));
    assertClean('fetch', fetched);
    assert.match(fetched.stdout, /stag\\u0456ng/);

    // Edgit refuses to move the look-alike; its error names it unmistakably.
    const lookAlikeMove = runCli(ben, null, ['set', 'prompts/extraction', lookAlike, 'v1.0.0', '--yes']);
    assert.equal(lookAlikeMove.code, 1, lookAlikeMove.stderr);
    assertClean('set (refused)', lookAlikeMove);
    assert.match(lookAlikeMove.stderr, /"stag\\u0456ng" is not a valid environment name/);

    // The marked-bad check quotes the hostile reason of the mark: on the check's own line.
    const dry = succeeded(runCli(ben, null, ['set', 'prompts/extraction', 'staging', 'v1.0.0', '--allow-bad', '--dry-run']));
    assertClean('set --dry-run', dry);
    assert.match(dry.stdout, /^ {2}\S+ +marked-bad: .*\\n::error::forged \\u202e.*$/m);

    assertClean('set', succeeded(runCli(ben, null, ['set', 'prompts/extraction', 'staging', 'v1.1.0', '--reason', HOSTILE_REASON, '--yes'])));
    assertClean('push --dry-run', succeeded(runCli(ben, null, ['push', '--dry-run'])));
    assertClean('push', succeeded(runCli(ben, null, ['push', '--yes'])));

    // Nothing below v1.1.0 that is not marked bad: refused, the error on one clean line.
    const refusedRollback = runCli(ben, null, ['rollback', 'prompts/extraction', 'production']);
    assert.equal(refusedRollback.code, 1, refusedRollback.stderr);
    assertClean('rollback', refusedRollback);

    const mark = succeeded(runCli(ben, null, ['mark-bad', 'prompts/extraction', 'v1.0.0', '--reason', 'again', '--dry-run']));
    assertClean('mark-bad --dry-run', mark);
    assert.match(mark.stdout, new RegExp(String.raw`^ {2}now: marked bad by Mal\\x1b\[31mlory <mallory@example\.com> on ${HUMAN_TIME}: "x\\x1b\]0;t\\x07\\r\\x1b\[2K\\n::error::forged \\u202e"$`, 'm'));
  });

  // Fails today: tagHeaders.ts reads a tagger line with `.`, which stops at `\r`, so verify takes
  // this annotated tag for a lightweight one. Enable with the fix there.
  it('verify names the tagger of an annotated tag whose name holds a carriage return', () => {
    const repo = hostileRepository();
    const verify = runCli(repo, null, ['verify']);
    assert.match(verify.stderr, new RegExp(String.raw`unrecorded-move {2}prompts\/extraction · staging {2}at v1\.0\.0\n {6}tag moved ${HUMAN_TIME} {2}by Ev\\x1bil\\rname\\u202e <evil@example\.com>`));
  });
});
