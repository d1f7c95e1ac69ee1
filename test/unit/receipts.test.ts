import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Git, checkReceipts, loadReceipts, loadSnapshot, parseDuration } from '../../src/engine';
import { CLI, CliRun, requireBuiltCli, runCli, succeeded } from '../helpers/cliRun';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';
import { recordingRemote } from '../helpers/recordingRemote';

/**
 * Deploy receipts: a deploy job says what an environment serves (report-live); status, at, pending
 * and verify --live tell live from moved. Real clones, a real bare remote, the built CLI.
 */

const KEY = 'components/prompts/analysis';
const OTHER = 'components/prompts/summary';

interface Live {
  state: string;
  version: string | null;
  commit: string | null;
  since: string | null;
  by: string | null;
  run: string | null;
  settlesAt: string | null;
}

/** analysis v1.0.0 and v1.1.0, summary v1.0.0; production and staging of analysis at v1.0.0, production of summary at v1.0.0; all on the remote. */
function released(): { origin: TestRepo; dev: TestRepo } {
  const origin = TestRepo.init(undefined, { bare: true });
  const dev = TestRepo.init();
  dev.clock = '2026-11-24T13:00:00Z';
  dev.commitFile('prompts/analysis.md', 'one');
  dev.tagVersion(KEY, 'v1.0.0');
  dev.commitFile('prompts/summary.md', 'one');
  dev.tagVersion(OTHER, 'v1.0.0');
  dev.commitFile('prompts/analysis.md', 'two');
  dev.tagVersion(KEY, 'v1.1.0');
  dev.clock = null;
  dev.publishTo(origin);
  succeeded(runCli(dev, '2026-11-24T13:50:00Z', ['batch', 'production', 'prompts/analysis=v1.0.0', 'prompts/summary=v1.0.0', '--yes', '--push']));
  succeeded(runCli(dev, '2026-11-24T13:51:00Z', ['set', 'prompts/analysis', 'staging', 'v1.0.0', '--yes', '--push']));
  return { origin, dev };
}

function statusLive(repo: TestRepo): Map<string, Live | null> {
  const out = JSON.parse(succeeded(runCli(repo, null, ['status', '--json'])).stdout) as { components: { id: string; environments: { name: string; live: Live | null }[] }[] };
  return new Map(out.components.flatMap((c) => c.environments.map((e) => [`${c.id} · ${e.name}`, e.live] as const)));
}

/** A clone of `origin` as a deploy job has it (its own identity). */
function deployJob(origin: TestRepo, n: number): TestRepo {
  return TestRepo.clone(origin, undefined, { name: `deploy-${n}`, email: `deploy-${n}@ci.example` });
}

/** The CLI as a child process, not waited for: so several run at the same moment. */
function runCliAsync(repo: TestRepo, args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: repo.dir, env: { ...repo.env(), CI: 'true', TZ: 'UTC' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The receipts on the remote, as `component environment version by`, from its refs/edgit/receipts. */
function remoteReceipts(origin: TestRepo): string[] {
  if (origin.gitStatus('rev-parse', '--verify', '--quiet', 'refs/edgit/receipts') !== 0) return [];
  return origin
    .git('log', '--format=%cn%n%B', 'refs/edgit/receipts')
    .split('\n')
    .reduce<{ by: string; out: string[] }>(
      (acc, line) => {
        if (line.startsWith('Edgit-Receipt: ')) {
          const r = JSON.parse(line.slice('Edgit-Receipt: '.length)) as { component: string; environment: string; version: string };
          acc.out.push(`${r.component} ${r.environment} ${r.version} ${acc.by}`);
        } else if (line && !line.startsWith('Live in ')) acc.by = line;
        return acc;
      },
      { by: '', out: [] },
    )
    .out.sort();
}

describe('deploy receipts', function () {
  this.timeout(120_000);
  requireBuiltCli();
  after(cleanupTempDirs);

  it('status says live, pending or nothing per environment, and at, pending and verify --live agree with the receipts', function () {
    const { origin, dev } = released();
    // No receipt anywhere yet: nothing is live or pending (a team that does not report sees no noise).
    assert.deepEqual([...statusLive(dev).values()], [null, null, null]);
    const job = deployJob(origin, 1);
    succeeded(runCli(job, '2026-11-24T14:03:00Z', ['report-live', 'production', 'prompts/analysis', 'prompts/summary', '--run', 'https://ci.example/runs/1', '--push']));
    succeeded(runCli(dev, null, ['fetch']));
    let live = statusLive(dev);
    const v100 = dev.peeled(`${KEY}/v1.0.0`);
    assert.deepEqual(live.get('prompts/analysis · production'), {
      state: 'live',
      version: 'v1.0.0',
      commit: v100,
      since: '2026-11-24T14:03:00.000Z',
      by: 'deploy-1 <deploy-1@ci.example>',
      run: 'https://ci.example/runs/1',
      settlesAt: null,
    });
    assert.equal(live.get('prompts/summary · production')?.state, 'live');
    // staging never had a receipt in this repository: nothing.
    assert.equal(live.get('prompts/analysis · staging'), null);

    // The release moves production at 14:52: pending since the move, v1.0.0 the last reported live.
    succeeded(runCli(dev, '2026-11-24T14:52:00Z', ['set', 'prompts/analysis', 'production', 'v1.1.0', '--yes', '--push']));
    live = statusLive(dev);
    assert.deepEqual(
      { ...live.get('prompts/analysis · production'), by: undefined },
      { state: 'pending', version: 'v1.0.0', commit: v100, since: '2026-11-24T14:52:00.000Z', by: undefined, run: 'https://ci.example/runs/1', settlesAt: null },
    );
    const text = succeeded(runCli(dev, null, ['status'])).stdout;
    assert.match(text, /production\s+→ v1\.1\.0 .*\n\s+deploy pending, v1\.0\.0 live\n/);
    assert.match(text, /production\s+→ v1\.0\.0 .*\n\s+live since Tue 24 Nov(?: 2026)? 14:03 UTC\n/);

    const pending = JSON.parse(succeeded(runCli(dev, null, ['pending', '--json'])).stdout) as unknown[];
    assert.deepEqual(pending, [
      {
        component: 'prompts/analysis',
        environment: 'production',
        version: 'v1.1.0',
        commit: dev.peeled(`${KEY}/v1.1.0`),
        movedAt: '2026-11-24T14:52:00.000Z',
        lastLive: { version: 'v1.0.0', commit: v100, since: '2026-11-24T14:03:00.000Z', by: 'deploy-1 <deploy-1@ci.example>', run: 'https://ci.example/runs/1' },
      },
    ]);
    assert.deepEqual(JSON.parse(succeeded(runCli(dev, null, ['pending', '--env', 'staging', '--json'])).stdout), []);

    // verify --live: pending far longer than 15 minutes (the move was in 2026-11), so it fails and names it.
    const verify = runCli(dev, null, ['verify', '--live', '--json']);
    assert.equal(verify.code, 1, verify.stderr);
    const report = JSON.parse(verify.stdout) as { problems: { kind: string; component: string; environment: string }[] };
    assert.deepEqual(
      report.problems.map((p) => `${p.kind} ${p.component} ${p.environment}`),
      ['not-live prompts/analysis production'],
    );
    // Without --live the gate is as before.
    succeeded(runCli(dev, null, ['verify']));

    // The deploy reports v1.1.0 live at 14:55 with Conductor's 1 h loader cache.
    succeeded(runCli(job, '2026-11-24T14:55:00Z', ['report-live', 'production', 'prompts/analysis=v1.1.0', '--settles-in', '1h', '--push']));
    succeeded(runCli(dev, null, ['fetch']));
    live = statusLive(dev);
    assert.equal(live.get('prompts/analysis · production')?.state, 'live');
    assert.equal(live.get('prompts/analysis · production')?.since, '2026-11-24T14:55:00.000Z');
    assert.equal(live.get('prompts/analysis · production')?.settlesAt, '2026-11-24T15:55:00.000Z');
    assert.deepEqual(JSON.parse(succeeded(runCli(dev, null, ['pending', '--json'])).stdout), []);
    succeeded(runCli(dev, null, ['verify', '--live', '--within', '0s']));

    // at: what was served then, next to where the tag pointed.
    const at = (moment: string) => {
      const out = JSON.parse(succeeded(runCli(dev, null, ['at', moment, '--json'])).stdout) as { components: { id: string; environments: { name: string; version: string; live: { version: string; since: string } | null }[] }[] };
      const e = out.components.find((c) => c.id === 'prompts/analysis')?.environments.find((x) => x.name === 'production');
      return { tag: e?.version, served: e?.live ? `${e.live.version} since ${e.live.since}` : null };
    };
    assert.deepEqual(at('2026-11-24T14:00Z'), { tag: 'v1.0.0', served: null });
    assert.deepEqual(at('2026-11-24T14:30Z'), { tag: 'v1.0.0', served: 'v1.0.0 since 2026-11-24T14:03:00.000Z' });
    assert.deepEqual(at('2026-11-24T14:53Z'), { tag: 'v1.1.0', served: 'v1.0.0 since 2026-11-24T14:03:00.000Z' });
    assert.deepEqual(at('2026-11-24T15:00Z'), { tag: 'v1.1.0', served: 'v1.1.0 since 2026-11-24T14:55:00.000Z' });
  });

  it('ten deploy jobs reporting at once all land, and a person pushing a move meanwhile is not refused', async function () {
    const rec = recordingRemote();
    const { dev } = (() => {
      const dev = TestRepo.init();
      dev.commitFile('prompts/analysis.md', 'one');
      dev.tagVersion(KEY, 'v1.0.0');
      dev.commitFile('prompts/analysis.md', 'two');
      dev.tagVersion(KEY, 'v1.1.0');
      dev.publishTo(rec.remote);
      succeeded(runCli(dev, null, ['set', 'prompts/analysis', 'production', 'v1.0.0', '--yes', '--push']));
      return { dev };
    })();
    const jobs = Array.from({ length: 10 }, (_, i) => deployJob(rec.remote, i + 1));
    rec.clear();
    const runs = await Promise.all([
      ...jobs.map((job) => runCliAsync(job, ['report-live', 'production', 'prompts/analysis=v1.0.0', '--push'])),
      runCliAsync(dev, ['set', 'prompts/analysis', 'production', 'v1.1.0', '--yes', '--push']),
    ]);
    for (const r of runs) assert.equal(r.code, 0, r.stderr + r.stdout);
    const receipts = remoteReceipts(rec.remote);
    assert.deepEqual(
      receipts,
      jobs.map((_, i) => `${KEY} production v1.0.0 deploy-${i + 1}`).sort(),
    );
    // The person's move landed on the remote, and no receipt push touched a tag or the history.
    assert.equal(rec.remote.peeled(`${KEY}/production`), dev.peeled(`${KEY}/v1.1.0`));
    const pushes = rec.pushes();
    const receiptPushes = pushes.filter((p) => p.some((u) => u.ref === 'refs/edgit/receipts'));
    assert.ok(receiptPushes.length >= 10, `${receiptPushes.length} receipt pushes`);
    for (const p of receiptPushes) assert.deepEqual(p.map((u) => u.ref), ['refs/edgit/receipts']);
    assert.ok(pushes.some((p) => p.some((u) => u.ref === `refs/tags/${KEY}/production`)));
  });

  it('a report that contradicts itself or names what is not here writes nothing and says what to do', function () {
    const { origin } = released();
    const job = deployJob(origin, 1);
    const before = job.allRefs();
    const v110 = job.peeled(`${KEY}/v1.1.0`) as string;
    const v100 = job.peeled(`${KEY}/v1.0.0`) as string;
    const cases: [string[], RegExp][] = [
      [['report-live', 'production', 'prompts/analysis=v1.0.0', '--commit', v110], /v1\.0\.0 is commit .* but --commit says/],
      [['report-live', 'production', 'prompts/nothing'], /No component "prompts\/nothing"/],
      [['report-live', 'production', 'prompts/analysis=v9.9.9'], /has no version v9\.9\.9 here/],
      [['report-live', 'canary', 'prompts/analysis'], /has no canary tag here/],
      [['report-live', 'production', 'prompts/analysis', '--run', 'javascript:alert(1)'], /not an http\(s\) URL/],
      [['report-live', 'production', 'prompts/analysis', '--settles-in', 'an hour'], /not a duration/],
      [['report-live', 'production'], /at least one component/],
      [['verify', '--within', '5m'], /--within goes with --live/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(job, null, args);
      assert.notEqual(r.code, 0, args.join(' '));
      assert.match(r.stderr, message, args.join(' '));
    }
    assert.deepEqual(job.allRefs(), before);
    // --commit alone: the version at that commit, recorded here only without --push.
    const r = succeeded(runCli(job, null, ['report-live', 'production', 'prompts/analysis', '--commit', v100.slice(0, 12)]));
    assert.match(r.stdout, /Live in production: prompts\/analysis v1\.0\.0/);
    assert.match(r.stdout, /Recorded in this clone only/);
    assert.equal(origin.gitStatus('rev-parse', '--verify', '--quiet', 'refs/edgit/receipts'), 1);
  });

  it('hostile receipts from a remote are skipped and counted, never believed', async function () {
    const { origin, dev } = released();
    const v100 = dev.peeled(`${KEY}/v1.0.0`) as string;
    const v110 = dev.peeled(`${KEY}/v1.1.0`) as string;
    const line = (o: Record<string, unknown>) => `Edgit-Receipt: ${JSON.stringify({ v: 1, component: KEY, environment: 'production', version: 'v1.0.0', commit: v100, run: null, note: null, settlesInMs: null, ...o })}`;
    const message = [
      'Live in production',
      '',
      // A lie: v1.1.0 is not that commit.
      line({ version: 'v1.1.0' }),
      // A run that is not a web link.
      line({ run: 'javascript:alert(1)' }),
      // Not Edgit's grammar, a record separator, a wrong version of the wire.
      line({ component: 'components/prompts/../x' }),
      line({ environment: 'prod\u001euction' }),
      line({ v: 9 }),
      'Edgit-Receipt: {not json',
      // One honest receipt.
      line({ run: 'https://ci.example/runs/7' }),
    ].join('\n');
    const tree = origin.git('mktree');
    origin.clock = '2026-11-24T14:03:00Z';
    const commit = origin.git('commit-tree', tree, '-m', message);
    // And a receipt dated in the year 2999: it would stay "newest" forever.
    origin.clock = '2999-01-01T00:00:00Z';
    const future = origin.git('commit-tree', tree, '-p', commit, '-m', `Live\n\n${line({ version: 'v1.1.0', commit: v110 })}`);
    origin.clock = null;
    origin.git('update-ref', 'refs/edgit/receipts', future);
    succeeded(runCli(dev, null, ['fetch']));

    const git = new Git(dev.dir);
    const receipts = checkReceipts(await loadReceipts(git), await loadSnapshot(git));
    assert.equal(receipts.size, 1);
    assert.equal(receipts.latest(KEY, 'production')?.run, 'https://ci.example/runs/7');
    assert.ok(receipts.skipped.some((p) => /dated in the future/.test(p.what)));
    assert.ok(receipts.skipped.some((p) => /5 receipt line\(s\) unreadable/.test(p.what)));
    assert.ok(receipts.skipped.some((p) => /v1\.1\.0 is commit/.test(p.what)));
    const status = JSON.parse(succeeded(runCli(dev, null, ['status', '--json'])).stdout) as { skipped: unknown[]; components: { id: string; environments: { name: string; live: Live | null }[] }[] };
    assert.equal(status.components[0].environments.find((e) => e.name === 'production')?.live?.state, 'live');
    assert.equal(status.skipped.length, 3);
    // verify --live fails on what was skipped, as on any unreadable evidence.
    assert.equal(runCli(dev, null, ['verify', '--live', '--within', '100000d']).code, 1);
  });

  it('reads durations as people type them', function () {
    assert.equal(parseDuration('15m', 'x'), 900_000);
    assert.equal(parseDuration('1h30m', 'x'), 5_400_000);
    assert.equal(parseDuration('0s', 'x'), 0);
    assert.throws(() => parseDuration('15', 'x'), /not a duration/);
    assert.throws(() => parseDuration('', 'x'), /not a duration/);
  });
});
