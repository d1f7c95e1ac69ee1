import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { SampleRepository, createSampleRepository } from '../../scripts/sampleRepository';
import { INCIDENT_REASON } from '../../scripts/sampleStory';
import { CONTINUED, fixed, flowing, layoutRecord, textColumns, wrapSentence } from '../../src/cli/recordLayout';
import { outputWidth } from '../../src/cli/terminalWidth';
import { CliRun, HUMAN_TIME, humanTimeAt, requireBuiltCli, runCli, succeeded } from '../helpers/cliRun';
import { TestRepo, cleanupTempDirs, tempDir } from '../helpers/gitRepo';
import { A, E, seedRepo } from '../helpers/historyFixtures';

const WIDTH = 80;
/** What a CI log or a pipe gets: no terminal, COLUMNS=80. */
const COLUMNS = { COLUMNS: String(WIDTH) };

/**
 * The width rule (recordLayout.ts): a line is at most WIDTH columns, unless all it holds after
 * its indent (and the `…` of a continued value) is one word longer than that — a long tag name,
 * a URL in a reason — which is never cut.
 */
function assertFits(what: string, text: string, width = WIDTH): void {
  for (const line of text.split('\n')) {
    if (textColumns(line) <= width) continue;
    const body = line.trimStart().replace(new RegExp(`^${CONTINUED}`), '');
    assert.ok(!body.includes(' '), `${what}: a line of ${textColumns(line)} columns, wider than ${width} and not one long word:\n${line}`);
  }
}

/** A value the layout broke at its spaces, read whole again: its continuation lines joined. */
const unwrapped = (text: string) => text.replace(new RegExp(`\\n +${CONTINUED}`, 'g'), ' ');

/** No line starts (after its indent) with what a CI runner reads as a command. */
function assertNoCommandLine(what: string, text: string): void {
  const command = text.split('\n').find((l) => /^(::|##\[|##vso\[)/.test(l.trimStart()));
  assert.equal(command, undefined, `${what}: a line a CI runner reads as a command: ${command}`);
}

describe('edgit-deploy for people: the layout and the time form', () => {
  it('puts the essentials first, details on indented lines, and breaks only values at their spaces, continued with …', () => {
    const reason = `"rolled back after CHG-1852 because the analysis answers came back in one word ::error::forged for every customer"`;
    const lines = layoutRecord(40, { head: [fixed('Tue 24 Nov 14:52 UTC'), fixed('prompts/a · prod')], details: [[fixed('by Bea'), fixed('batch 1a2b')], [flowing(reason)]] });
    assert.deepEqual(lines.slice(0, 2), ['Tue 24 Nov 14:52 UTC  prompts/a · prod', '    by Bea  batch 1a2b']);
    assert.ok(lines.length > 3, lines.join('\n'));
    for (const line of lines.slice(3)) assert.ok(line.startsWith(`    ${CONTINUED}`), `a continued value starts with …: ${line}`);
    for (const line of lines) assert.ok(textColumns(line) <= 40, line);
    assert.equal(unwrapped(lines.slice(2).join('\n')).replace(/^ +/, ''), reason);
    assertNoCommandLine('layout', lines.join('\n'));

    // A word longer than a line is not cut: its line is longer, and holds only it.
    const tag = 'components/prompts/a-component-with-a-very-long-name/production-eu-west-1';
    const long = layoutRecord(40, { head: [fixed(tag), fixed('v1.0.0')], details: [[flowing(`"see https://example.com/${'x'.repeat(40)} now"`)]] });
    assert.deepEqual(long.slice(0, 2), [tag, '    v1.0.0']);
    assert.ok(long.some((l) => l.startsWith(`    ${CONTINUED}https://`)), long.join('\n'));
    assertFits('long words', long.join('\n'), 40);

    // The tail of the essentials starts the details when it does not fit; details may share a status row.
    assert.deepEqual(layoutRecord(30, { head: [fixed('prompts/analysis · canary')], headTail: fixed('[rollback]'), details: [[fixed('by Bea')]] }), [
      'prompts/analysis · canary',
      '    [rollback]  by Bea',
    ]);
    assert.deepEqual(layoutRecord(60, { indent: 2, head: [fixed('production → v1.0.0')], details: [[fixed('moved Tue 24 Nov 14:52 UTC')]], detailsInline: true }), [
      '  production → v1.0.0  moved Tue 24 Nov 14:52 UTC',
    ]);
    assert.deepEqual(wrapSentence(34, 'Compared with origin as last synced, Tue 24 Nov 14:52 UTC.', 2, ['Tue 24 Nov 14:52 UTC']), [
      'Compared with origin as last',
      '  synced, Tue 24 Nov 14:52 UTC.',
    ]);
    assert.deepEqual(wrapSentence(30, 'Compared with origin as last synced, Tue 24 Nov 14:52 UTC.', 2, ['Tue 24 Nov 14:52 UTC']), [
      'Compared with origin as last',
      '  synced,',
      '  Tue 24 Nov 14:52 UTC.',
    ]);
    assert.equal(textColumns('日本 ok'), 7, 'wide characters take two columns');
  });

  it('writes moments one way: weekday, day, month, the year when not this year, seconds when not zero, the zone', () => {
    const show = (tz: string, iso: string, now: string) =>
      spawnSync(process.execPath, ['-e', `const { humanTime } = require(${JSON.stringify(path.resolve(__dirname, '..', '..', 'src', 'engine', 'humanTime.js'))}); process.stdout.write(humanTime(${JSON.stringify(iso)}, new Date(${JSON.stringify(now)})))`], {
        env: { ...process.env, TZ: tz },
        encoding: 'utf8',
      }).stdout;
    assert.equal(show('UTC', '2026-11-24T14:52:00.000Z', '2026-12-05T00:00:00Z'), 'Tue 24 Nov 14:52 UTC');
    assert.equal(show('UTC', '2026-11-24T14:52:07Z', '2026-12-05T00:00:00Z'), 'Tue 24 Nov 14:52:07 UTC');
    assert.equal(show('UTC', '2026-11-24T14:52:00Z', '2027-01-02T00:00:00Z'), 'Tue 24 Nov 2026 14:52 UTC');
    assert.equal(show('UTC', '2026-11-03T09:05:00+01:00', '2026-12-05T00:00:00Z'), 'Tue 03 Nov 08:05 UTC');
    assert.equal(show('Europe/Berlin', '2026-11-24T14:52:00Z', '2026-12-05T00:00:00Z'), 'Tue 24 Nov 15:52 UTC+1');
    assert.equal(show('Europe/Berlin', '2026-07-01T12:00:00Z', '2026-12-05T00:00:00Z'), 'Wed 01 Jul 14:00 UTC+2');
    assert.equal(show('Asia/Kolkata', '2026-11-24T14:52:00Z', '2026-12-05T00:00:00Z'), 'Tue 24 Nov 20:22 UTC+5:30');
    assert.equal(show('America/New_York', '2026-11-24T14:52:00Z', '2026-12-05T00:00:00Z'), 'Tue 24 Nov 09:52 UTC-5');
    assert.equal(show('UTC', 'not a moment', '2026-12-05T00:00:00Z'), 'not a moment');
  });

  it('is as wide as COLUMNS, else the terminal, else 80, and never narrower than 40', () => {
    assert.equal(outputWidth({ isTTY: true, columns: 132 }, undefined, { COLUMNS: '100' }), 100);
    assert.equal(outputWidth({ isTTY: true, columns: 132 }, undefined, {}), 132);
    assert.equal(outputWidth({}, { isTTY: true, columns: 90 }, {}), 90, 'stdout piped, stderr a terminal');
    assert.equal(outputWidth({}, undefined, {}), 80);
    assert.equal(outputWidth({}, undefined, { COLUMNS: 'wide' }), 80);
    assert.equal(outputWidth({}, undefined, { COLUMNS: '12' }), 40);
  });
});

describe('edgit-deploy on the demo repository, in 80 columns', function () {
  this.timeout(300_000);
  let sample: SampleRepository;
  let repo: TestRepo;
  const run = (args: string[], env: Record<string, string> = {}): CliRun => runCli(repo, null, args, { ...COLUMNS, ...env });

  requireBuiltCli();
  before(() => {
    sample = createSampleRepository(tempDir('edgit-terminal-'));
    repo = new TestRepo(sample.repo);
  });
  after(cleanupTempDirs);

  it('at, history, history --story, verify and status fit 80 columns, with who and why', () => {
    const outputs: [string, CliRun][] = [];
    for (const args of [['at', '2026-11-24T14:50Z'], ['at', '2026-11-24T14:55Z'], ['history'], ['history', 'prompts/analysis'], ['history', '--story'], ['status']]) {
      outputs.push([args.join(' '), succeeded(run(args))]);
    }
    const verify = run(['verify']);
    assert.equal(verify.code, 1, verify.stderr);
    outputs.push(['verify', verify]);
    for (const [what, r] of outputs) {
      assertFits(`${what} stdout`, r.stdout);
      assertFits(`${what} stderr`, r.stderr);
      assert.doesNotMatch(r.stdout + r.stderr, /GMT|Coordinated Universal Time|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, `${what}: times for people, not raw dates`);
    }
    const out = new Map(outputs.map(([what, r]) => [what, r]));

    // Who and why of every event, whole (a value broken across lines is read back joined).
    const events = JSON.parse(succeeded(run(['history', '--json'])).stdout) as { by: string | null; reason: string | null; kind: string }[];
    const history = unwrapped(out.get('history')!.stdout);
    const story = unwrapped(out.get('history --story')!.stdout);
    for (const e of events) {
      if (e.by) assert.ok(history.includes(`by ${e.by}`), `history lacks who: ${e.by}`);
      if (e.reason) assert.ok(history.includes(`"${e.reason}"`), `history lacks why: ${e.reason}`);
      if (e.reason) assert.ok(story.includes(`"${e.reason}"`), `history --story lacks why: ${e.reason}`);
    }
    // The incident: the release, then the rollback at 14:52 with its reason, one record each.
    assert.match(
      out.get('history')!.stdout,
      new RegExp(String.raw`^${humanTimeAt('14:52')} {2}prompts\/analysis · production {2}v2\.0\.0 → v1\.9\.0 {2}\[rollback\]\n {4}by Bea Novak <bea@example\.com> {2}batch [0-9a-f]{12}\n {4}"${INCIDENT_REASON}"$`, 'm'),
    );
    assert.match(out.get('at 2026-11-24T14:50Z')!.stdout, new RegExp(String.raw`^Live at ${humanTimeAt('14:50')}:\n`));
    assert.match(
      out.get('at 2026-11-24T14:55Z')!.stdout,
      new RegExp(String.raw`^ {2}prompts\/analysis · production {2}v1\.9\.0 {2}since ${humanTimeAt('14:52')}\n {6}\[recorded\] {2}by Bea Novak <bea@example\.com>\n {6}"${INCIDENT_REASON}"$`, 'm'),
    );
    assert.match(out.get('verify')!.stderr, new RegExp(String.raw`^ {2}unrecorded-move {2}configs\/rate-limits · production {2}at v1\.0\.1\n {6}tag moved ${HUMAN_TIME} {2}by Carl Jensen <carl@example\.com>$`, 'm'));
    assert.match(out.get('status')!.stdout, new RegExp(String.raw`^ {2}production +→ v1\.9\.0 {2}moved ${humanTimeAt('14:52')} by Bea Novak$`, 'm'));

    // The notice of moves made outside: on stderr, once, short; never in the answer.
    for (const what of ['at 2026-11-24T14:50Z', 'history', 'history --story']) {
      const r = out.get(what)!;
      assert.equal(r.stderr.match(/Noticed/g)?.length, 1, `${what}: ${r.stderr}`);
      assert.match(r.stderr, /^Noticed \d+ moves? made outside edgit-deploy \(shown as observed\)\.$/m);
      assert.doesNotMatch(r.stdout, /Noticed/);
    }
  });

  it('history --story without a component tells every component’s story, --env narrows it', () => {
    const status = JSON.parse(succeeded(run(['status', '--json'])).stdout) as { components: { id: string; environments: { name: string }[] }[] };
    const story = succeeded(run(['history', '--story'])).stdout;
    for (const c of status.components) {
      for (const e of c.environments) assert.match(story, new RegExp(`^${c.id} · ${e.name}$`, 'm'), `the story of ${c.id} · ${e.name}`);
    }
    const production = succeeded(run(['history', '--story', '--env', 'production'])).stdout;
    const headings = production.split('\n').filter((l) => /^\S+ · \S+$/.test(l));
    assert.equal(headings.length, status.components.filter((c) => c.environments.some((e) => e.name === 'production')).length);
    assert.ok(headings.every((h) => h.endsWith(' · production')), headings.join('\n'));
    const json = JSON.parse(succeeded(run(['history', '--story', '--env', 'production', '--json'])).stdout) as { component: string; environments: { name: string }[] }[];
    assert.deepEqual(json.map((s) => s.component).sort(), headings.map((h) => h.split(' · ')[0]).sort());
    assert.ok(json.every((s) => s.environments.every((e) => e.name === 'production')));
    // One component: the shape it always had.
    const one = JSON.parse(succeeded(run(['history', 'prompts/analysis', '--story', '--json'])).stdout) as { component: string };
    assert.equal(one.component, 'prompts/analysis');
  });

  it('a long reason is wrapped, never cut, and no part of it starts a line', () => {
    const url = `https://status.example.com/incidents/${'0123456789'.repeat(6)}`;
    const reason = `INC-312 triage sends billing tickets to the security queue; ${'p95 latency doubled and '.repeat(3)}::error::forged see ${url} for the timeline`;
    succeeded(run(['set', 'prompts/triage', 'staging', 'v1.0.0', '--reason', reason, '--yes']));
    for (const args of [['history', 'prompts/triage'], ['history', 'prompts/triage', '--story'], ['at', new Date().toISOString()]]) {
      const r = succeeded(run(args));
      assertFits(args.join(' '), r.stdout);
      assertNoCommandLine(args.join(' '), r.stdout);
      assert.ok(unwrapped(r.stdout).includes(`"${reason}"`), `${args.join(' ')} shows the whole reason:\n${r.stdout}`);
      assert.ok(r.stdout.split('\n').some((l) => l === `    ${CONTINUED}${url}` || l === `      ${CONTINUED}${url}` || l === `        ${CONTINUED}${url}`), `the URL on a line of its own:\n${r.stdout}`);
    }
  });
});

describe('edgit-deploy status and the remote', function () {
  this.timeout(120_000);
  requireBuiltCli();
  after(cleanupTempDirs);

  /** Ana's clone publishes the seed and deploys production (pushed); Ben clones and fetches with edgit-deploy. */
  function team(): { remote: TestRepo; ana: TestRepo; ben: TestRepo } {
    const remote = TestRepo.init(undefined, { bare: true });
    const ana = seedRepo();
    ana.publishTo(remote);
    succeeded(runCli(ana, '2026-02-01T09:00:00Z', ['set', 'prompts/extraction', 'production', 'v1.0.0', '--push', '--yes']));
    succeeded(runCli(ana, '2026-02-01T09:05:00Z', ['set', 'prompts/analysis', 'staging', 'v1.0.0', '--push', '--yes']));
    const ben = TestRepo.clone(remote);
    succeeded(runCli(ben, null, ['fetch']));
    return { remote, ana, ben };
  }

  const status = (repo: TestRepo, ...args: string[]) => succeeded(runCli(repo, null, ['status', ...args], COLUMNS));
  const line = (text: string, env: string) => text.split('\n').find((l) => new RegExp(`^ {2}${env} +→`).test(l)) ?? '';
  /** The git commands a run started (GIT_TRACE). */
  function gitCommands(repo: TestRepo, args: string[]): { run: CliRun; git: string[] } {
    const trace = path.join(tempDir('edgit-trace-'), 'trace.log');
    const run = succeeded(runCli(repo, null, args, { ...COLUMNS, GIT_TRACE: trace }));
    return { run, git: existsSync(trace) ? [...readFileSync(trace, 'utf8').matchAll(/trace: built-in: git (\S+)/g)].map((m) => m[1]) : [] };
  }

  it('shows what is not pushed without network, what moved on the remote with --remote, and keeps its answer keyed by both', () => {
    const { ana, ben } = team();
    const clean = status(ben);
    assert.equal(line(clean.stdout, 'production').includes('('), false, clean.stdout);
    assert.match(clean.stdout, new RegExp(String.raw`^Compared with origin as last synced, ${HUMAN_TIME}, without network\s+\(status --remote asks it now\)\.$`, 'm'));

    // Moved here, not pushed: said without asking the remote, also by the kept answer.
    succeeded(runCli(ben, '2026-02-02T09:00:00Z', ['set', 'prompts/extraction', 'staging', 'v1.1.0', '--yes']));
    succeeded(runCli(ben, '2026-02-02T09:01:00Z', ['set', 'prompts/extraction', 'production', 'v1.1.0', '--yes']));
    const unpushed = status(ben);
    assert.match(line(unpushed.stdout, 'production'), /→ v1\.1\.0 \(not pushed\)/);
    assert.doesNotMatch(line(unpushed.stdout, 'staging'), /not pushed/, 'staging never synced: nothing is said of it');
    const kept = gitCommands(ben, ['status']);
    assert.equal(kept.run.stdout, unpushed.stdout);
    assert.deepEqual(kept.git.sort(), ['rev-parse', 'show-ref'], 'the kept answer: no other git command, no network');
    const json = JSON.parse(status(ben, '--json').stdout) as { remote: { name: string; checked: string }; components: { id: string; environments: { name: string; drift: string | null }[] }[] };
    assert.deepEqual([json.remote.name, json.remote.checked], ['origin', 'last-sync']);
    const extraction = json.components.find((c) => c.id === 'prompts/extraction')!;
    assert.deepEqual(extraction.environments.map((e) => [e.name, e.drift]), [['production', 'local-ahead'], ['staging', null]]);

    // Pushed: the sync record changed, no ref here did; the kept answer is not the one printed.
    succeeded(runCli(ben, '2026-02-02T10:00:00Z', ['push', '--yes']));
    assert.doesNotMatch(status(ben).stdout, /not pushed/);

    // Ana moves production and creates canary on the remote: unknown here until the remote is asked.
    succeeded(runCli(ana, null, ['fetch']));
    succeeded(runCli(ana, '2026-02-03T09:00:00Z', ['set', 'prompts/extraction', 'production', 'v2.0.0', '--push', '--yes']));
    succeeded(runCli(ana, '2026-02-03T09:05:00Z', ['set', 'prompts/analysis', 'canary', 'v2.0.0', '--push', '--yes']));
    assert.doesNotMatch(line(status(ben).stdout, 'production'), /\(/);
    const asked = status(ben, '--remote');
    assertFits('status --remote', asked.stdout);
    assert.match(line(asked.stdout, 'production'), /→ v1\.1\.0 \(moved on remote\)/);
    assert.match(asked.stdout, /^ {2}canary +→ \(on origin only: not fetched\)$/m);
    assert.match(asked.stdout, /^Compared with origin now\.$/m);
    const askedJson = JSON.parse(status(ben, '--remote', 'origin', '--json').stdout) as typeof json & { remote: { remoteOnly: { component: string; environment: string }[] } };
    assert.equal(askedJson.components.find((c) => c.id === 'prompts/extraction')!.environments.find((e) => e.name === 'production')!.drift, 'remote-moved');
    assert.deepEqual(askedJson.remote.remoteOnly, [{ component: 'prompts/analysis', environment: 'canary' }]);
    assert.equal(ben.peeled(`${E}/production`), ben.peeled(`${E}/v1.1.0`), 'asking moves no tag');
    assert.equal(ben.refValue(`${A}/canary`), null);
  });

  it('--remote gives up on a remote that does not answer, and shows the last sync instead', () => {
    const { ben } = team();
    const ssh = path.join(tempDir('edgit-ssh-'), 'hanging-ssh');
    writeFileSync(ssh, '#!/bin/sh\nsleep 60\n');
    chmodSync(ssh, 0o755);
    ben.git('remote', 'set-url', 'origin', 'ssh://git.example.invalid/repo.git');
    const started = Date.now();
    const r = runCli(ben, null, ['status', '--remote'], { ...COLUMNS, GIT_SSH_COMMAND: ssh, EDGIT_REMOTE_TIMEOUT: '1' });
    assert.ok(Date.now() - started < 15_000, `status --remote waited ${Date.now() - started} ms`);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr.replace(/\n +/g, ' '), /^status: The remote "origin" did not answer within 1 s\. .*Compared with the last sync instead\.$/m);
    assert.match(r.stdout, /^prompts\/extraction\b/m);
    assert.match(r.stdout, /^Compared with origin as last synced/m);
    assertFits('status --remote (unreachable)', r.stdout + r.stderr);
  });

  it('without a remote: no drift, and the kept answer runs two git commands', () => {
    const repo = seedRepo();
    succeeded(runCli(repo, '2026-02-01T09:00:00Z', ['set', 'prompts/extraction', 'production', 'v1.0.0', '--yes']));
    assert.equal((JSON.parse(status(repo, '--json').stdout) as { remote: unknown }).remote, null);
    const first = status(repo);
    assert.doesNotMatch(first.stdout, /Compared with|not pushed/);
    const kept = gitCommands(repo, ['status']);
    assert.equal(kept.run.stdout, first.stdout);
    assert.deepEqual(kept.git.sort(), ['rev-parse', 'show-ref']);
    const refused = runCli(repo, null, ['status', '--remote'], COLUMNS);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /no remote to compare with/);
  });
});
