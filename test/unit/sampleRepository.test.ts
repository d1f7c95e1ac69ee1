import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  ComponentFiles,
  Git,
  ReferenceIndex,
  RepositorySnapshot,
  environmentDrift,
  loadHistory,
  loadSnapshot,
  pinsLeftBehind,
  planRollbackFromHistory,
} from '../../src/engine';
import { MomentView } from '../../src/extension/timeline/protocol';
import { buildMoment } from '../../src/extension/timeline/timelineState';
import { CLI_PATH, SampleRepository, createSampleRepository } from '../../scripts/sampleRepository';
import { requireBuiltCli } from '../helpers/cliRun';
import { cleanupTempDirs, tempDir } from '../helpers/gitRepo';

/** edgit-deploy in the sample clone, without a terminal, in UTC. */
function cli(repo: string, ...args: string[]): string {
  const r = spawnSync(process.execPath, [CLI_PATH, ...args, '--repo', repo], { env: { ...process.env, CI: 'true', TZ: 'UTC' }, encoding: 'utf8', input: '' });
  assert.equal(r.status, 0, `edgit-deploy ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

interface AtJson {
  components: { id: string; environments: { name: string; version: string | null; evidence: string }[] }[];
}
interface EventJson {
  component: string;
  environment: string;
  fromVersion: string | null;
  toVersion: string | null;
  at: string;
  by: string | null;
  reason: string | null;
  batch: string;
  kind: 'recorded' | 'observed';
}

const liveAt = (state: AtJson, id: string, env: string) => state.components.find((c) => c.id === id)?.environments.find((e) => e.name === env);

// The playbook's incident, in UTC: the release, the moment production breaks, the partial rollback.
const TUESDAY_RELEASE = '2026-11-24T14:00:00.000Z';
const PRODUCTION_BREAKS = '2026-11-24T14:47:00.000Z';
const PARTIAL_ROLLBACK = '2026-11-24T14:52:00.000Z';
const INCIDENT_REASON = 'INC-311 analysis answers in one word';

describe('the demo repository (scripts/sampleRepository.ts) tells the playbook’s incident', function () {
  this.timeout(180_000);
  let sample: SampleRepository;
  let snapshot: RepositorySnapshot;
  /** The timeline panel's moment "now", computed right after generation (before any command observes the outside moves). */
  let panelNow: MomentView;
  let generationMs: number;

  requireBuiltCli();
  before(async () => {
    const started = Date.now();
    sample = createSampleRepository(tempDir('edgit-sample-'));
    generationMs = Date.now() - started;
    const git = new Git(sample.repo);
    snapshot = await loadSnapshot(git);
    panelNow = buildMoment(snapshot, await loadHistory(git), Date.now(), ['production', 'staging', 'canary']);
  });
  after(cleanupTempDirs);

  it('the deploy workflow reported: production live (analysis since 14:55, caches settling for an hour), one production-eu position pending, staging never reported', () => {
    interface LiveJson {
      state: string;
      version: string | null;
      since: string | null;
      by: string | null;
      run: string | null;
      settlesAt: string | null;
    }
    const status = JSON.parse(cli(sample.repo, 'status', '--json')) as { components: { id: string; environments: { name: string; live: LiveJson | null }[] }[] };
    const live = (id: string, env: string) => status.components.find((c) => c.id === id)?.environments.find((e) => e.name === env)?.live;
    assert.deepEqual(live('prompts/analysis', 'production'), {
      state: 'live',
      version: 'v1.9.0',
      commit: snapshot.components.find((c) => c.id === 'prompts/analysis')?.versions.find((v) => v.version === 'v1.9.0')?.commit,
      since: '2026-11-24T14:55:00.000Z',
      by: 'deploy-bot <deploy-bot@example.com>',
      run: 'https://github.com/acme/ai-components/actions/runs/8907',
      settlesAt: '2026-11-24T15:55:00.000Z',
    });
    assert.equal(live('prompts/extraction', 'production')?.since, '2026-11-24T14:03:00.000Z');
    assert.equal(live('prompts/analysis', 'staging'), null);
    const pending = status.components.flatMap((c) => c.environments.filter((e) => e.live?.state === 'pending').map((e) => `${c.id} · ${e.name}`));
    assert.deepEqual(pending, ['configs/validation · production-eu']);
    // At 14:50 production's tag was at v2.0.0 and v2.0.0 was served (reported 14:03); at 14:53 the tag is at v1.9.0 and v2.0.0 still served.
    const at = (moment: string) => JSON.parse(cli(sample.repo, 'at', moment, '--json')) as { components: { id: string; environments: { name: string; version: string; live: { version: string } | null }[] }[] };
    const analysis = (moment: string) => at(moment).components.find((c) => c.id === 'prompts/analysis')?.environments.find((e) => e.name === 'production');
    assert.deepEqual([analysis('2026-11-24T14:50Z')?.version, analysis('2026-11-24T14:50Z')?.live?.version], ['v2.0.0', 'v2.0.0']);
    assert.deepEqual([analysis('2026-11-24T14:53Z')?.version, analysis('2026-11-24T14:53Z')?.live?.version], ['v1.9.0', 'v2.0.0']);
  });

  it('refs: the ensembles follow production, pin the broken v2.0.0 that the 14:52 rollback left behind, and name slots no tag has', async () => {
    interface RefJson {
      file: string;
      line: number;
      text: string;
      resolution: { status: string; summary: string };
      problems: { kind: string; severity: string }[];
    }
    const out = JSON.parse(cli(sample.repo, 'refs', '--json')) as { references: RefJson[]; unreadable: unknown[] };
    assert.deepEqual(out.unreadable, []);
    const byText = (file: string, text: string) => {
      const r = out.references.find((x) => x.file === file && x.text === text);
      assert.ok(r, `${file}: ${text}`);
      return [r.resolution.status, r.resolution.summary, r.problems.map((p) => p.kind)];
    };
    assert.deepEqual(
      [...new Set(out.references.map((r) => r.file))],
      ['agents/invoice-checker/agent.yaml', 'ensembles/contract-review.yaml', 'ensembles/invoice-review.yaml', 'ensembles/support-triage.yaml'],
    );
    assert.equal(out.references.length, 12);
    // Production of analysis was rolled back at 14:52: the ensemble that follows it loads v1.9.0…
    assert.deepEqual(byText('ensembles/invoice-review.yaml', 'prompts/analysis@production'), ['environment', 'production → v1.9.0', []]);
    assert.deepEqual(byText('ensembles/invoice-review.yaml', 'configs/validation@production'), ['environment', 'production → v1.5.0', []]);
    // …the one pinned to v2.0.0 still loads the broken version.
    const [status, summary, kinds] = byText('ensembles/contract-review.yaml', 'prompts/analysis@v2.0.0');
    assert.deepEqual([status, summary], ['pinned', 'pinned v2.0.0']);
    assert.ok((kinds as string[]).includes('pinned-differs'), String(kinds));
    // Slots no tag has: Conductor finds nothing (errors).
    assert.deepEqual(byText('ensembles/support-triage.yaml', 'prompts/triage@v1'), ['missing', 'no tag components/prompts/triage/v1', ['missing-slot']]);
    assert.deepEqual(byText('ensembles/support-triage.yaml', 'queries/search@latest'), ['missing', 'no tag components/queries/search/latest', ['missing-slot']]);
    assert.equal(out.references.filter((r) => r.problems.some((p) => p.severity === 'error')).length, 2);

    // The 14:52 rollback, as recorded, left the contract review's pin behind.
    const git = new Git(sample.repo);
    const [history, index] = await Promise.all([loadHistory(git), ReferenceIndex.build(sample.repo)]);
    const rollback = history.events.find((e) => e.at === PARTIAL_ROLLBACK && e.kind === 'recorded');
    assert.ok(rollback, 'the 14:52 rollback is recorded');
    const move = {
      componentKey: rollback.componentKey,
      componentId: rollback.componentId,
      environment: rollback.environment,
      from: { version: rollback.fromVersion, commit: rollback.fromCommit },
      to: { version: rollback.toVersion, commit: rollback.toCommit },
    };
    const [pins, ...more] = pinsLeftBehind([move], index, snapshot);
    assert.deepEqual(more, []);
    assert.deepEqual(pins.sites.map((s) => `${s.file}:${s.line}`), ['ensembles/contract-review.yaml:13']);
    assert.equal(pins.sentence, '1 ensemble pins v2.0.0 directly: a rollback of production does not change it.');
  });

  it('has a dozen components in every namespace, four environments, and versions whose content changes', async () => {
    console.log(`      (generated in ${generationMs} ms, ${sample.cliRuns} edgit-deploy runs)`);
    assert.equal(snapshot.components.length, 12);
    assert.deepEqual([...new Set(snapshot.components.map((c) => c.namespace))].sort(), ['agents', 'configs', 'prompts', 'queries', 'templates']);
    assert.ok(snapshot.components.some((c) => c.key === 'logic/agents/classifier'), 'agents are logic/agents/…');
    const environments = new Set(snapshot.components.flatMap((c) => c.environments.map((e) => e.name)));
    assert.deepEqual([...environments].sort(), ['canary', 'production', 'production-eu', 'staging']);
    const files = new ComponentFiles(new Git(sample.repo));
    for (const c of snapshot.components) {
      assert.ok(c.versions.length >= 2, `${c.id} has several versions`);
      const contents = await Promise.all(c.versions.map((v) => files.contentAt(c, v.commit)));
      for (const content of contents) {
        assert.ok(content.found, `${c.id}: ${content.found ? '' : content.reason}`);
        assert.equal(content.source, 'convention', `${c.id} lives at Conductor's conventional path (${content.path})`);
      }
      const texts = contents.map((x) => (x.found ? x.bytes.toString('utf8') : ''));
      assert.equal(new Set(texts).size, texts.length, `every version of ${c.id} changes its content`);
    }
    const versionDates = snapshot.components.flatMap((c) => c.versions.map((v) => Date.parse(v.date ?? '')));
    assert.ok(versionDates.every((t) => t >= Date.parse('2026-11-10T00:00:00Z') && t <= Date.parse('2026-11-26T00:00:00Z')), 'versions over the two weeks before');
  });

  it('the timeline panel counts recorded, observed and not-yet-observed positions', () => {
    const positions = snapshot.components.reduce((n, c) => n + c.environments.length, 0);
    assert.equal(panelNow.cells.length, positions);
    assert.equal(panelNow.counts.unknown, 0, 'every position has evidence');
    assert.ok(panelNow.counts.recorded >= 25, `recorded: ${panelNow.counts.recorded}`);
    assert.ok(panelNow.counts.observed >= 2, `observed: ${panelNow.counts.observed}`);
    assert.ok(panelNow.counts['unchanged-since'] >= 1, `unchanged since: ${panelNow.counts['unchanged-since']}`);
    const canary = panelNow.cells.find((c) => c.componentId === 'prompts/extraction' && c.environment === 'canary');
    assert.equal(canary?.evidence, 'unchanged-since', 'the Edgit CLI move after the last recorded batch is not observed yet');
  });

  it('at Tuesday 14:47 production runs the broken analysis v2.0.0, as recorded by the 14:00 batch', () => {
    const at = JSON.parse(cli(sample.repo, 'at', PRODUCTION_BREAKS, '--json')) as AtJson;
    const broken = liveAt(at, 'prompts/analysis', 'production');
    assert.deepEqual([broken?.version, broken?.evidence], ['v2.0.0', 'recorded']);
    assert.equal(liveAt(at, 'prompts/extraction', 'production')?.version, 'v1.1.0');
    assert.equal(liveAt(at, 'configs/validation', 'production')?.version, 'v1.5.0');
    const before = JSON.parse(cli(sample.repo, 'at', '2026-11-24T13:59Z', '--json')) as AtJson;
    assert.equal(liveAt(before, 'prompts/analysis', 'production')?.version, 'v1.9.0');
    const after = JSON.parse(cli(sample.repo, 'at', '2026-11-24T14:53Z', '--json')) as AtJson;
    assert.deepEqual(
      ['prompts/analysis', 'prompts/extraction', 'configs/validation'].map((id) => liveAt(after, id, 'production')?.version),
      ['v1.9.0', 'v1.1.0', 'v1.5.0'],
      'the partial rollback moved only the broken one',
    );
  });

  it('history lists the recorded release, the 14:52 partial rollback by another person, and observed moves', () => {
    const events = JSON.parse(cli(sample.repo, 'history', '--json')) as EventJson[];
    const recorded = events.filter((e) => e.kind === 'recorded');
    const observed = events.filter((e) => e.kind === 'observed');
    assert.ok(recorded.length >= 50, `recorded: ${recorded.length}`);
    assert.ok(observed.length >= 3, `observed: ${observed.length}`);
    assert.ok(new Set(recorded.map((e) => e.by)).size >= 3, 'several people deployed');
    assert.ok(events.every((e) => e.at >= '2026-11-12' && e.at < '2026-11-27'), 'over two weeks');

    const release = recorded.filter((e) => e.at === TUESDAY_RELEASE);
    assert.deepEqual(release.map((e) => [e.component, e.environment, e.toVersion]).sort(), [
      ['configs/validation', 'production', 'v1.5.0'],
      ['prompts/analysis', 'production', 'v2.0.0'],
      ['prompts/extraction', 'production', 'v1.1.0'],
    ]);
    assert.equal(new Set(release.map((e) => e.batch)).size, 1, 'deployed together, in one batch');
    assert.ok(!events.some((e) => e.at === PRODUCTION_BREAKS), 'nothing moves when production breaks');

    const rollback = events.filter((e) => e.at === PARTIAL_ROLLBACK);
    assert.deepEqual(
      rollback.map((e) => [e.component, e.environment, e.fromVersion, e.toVersion, e.kind, e.reason, e.by]),
      [['prompts/analysis', 'production', 'v2.0.0', 'v1.9.0', 'recorded', INCIDENT_REASON, 'Bea Novak <bea@example.com>']],
    );
    assert.notEqual(release[0].by, rollback[0].by, 'rolled back by another person');

    assert.deepEqual(
      observed.map((e) => [e.component, e.environment, e.toVersion]).sort(),
      [
        ['configs/rate-limits', 'production', 'v1.0.1'],
        ['prompts/extraction', 'canary', 'v1.2.0-rc.1'],
        ['queries/search', 'staging', 'v0.10.0'],
      ],
    );
  });

  it('moves by the Edgit CLI are nested annotated tags, by git tag -f lightweight', async () => {
    const git = new Git(sample.repo);
    const type = async (ref: string) => (await git.line(['cat-file', '-t', ref])).trim();
    assert.equal(await type('refs/tags/components/configs/rate-limits/production'), 'tag');
    const target = (await git.text(['cat-file', 'tag', 'refs/tags/components/configs/rate-limits/production'])).split('\n')[1];
    assert.equal(target, 'type tag', 'the env tag points at the version tag object');
    assert.equal(await type('refs/tags/components/queries/search/staging'), 'commit');
  });

  it("a teammate's rollback is on the remote and not fetched here (drift)", async () => {
    const git = new Git(sample.repo);
    const drift = (await environmentDrift(git, await loadSnapshot(git), 'origin')).filter((d) => d.kind !== 'in-sync');
    assert.deepEqual(drift.map((d) => [d.ref, d.kind]), [['refs/tags/components/prompts/summary/staging', 'remote-moved']]);
    const remote = new Git(sample.remote);
    const remoteStaging = await remote.line(['rev-parse', 'refs/tags/components/prompts/summary/staging^{commit}']);
    assert.equal(remoteStaging, await remote.line(['rev-parse', 'refs/tags/components/prompts/summary/v1.1.0^{commit}']));
    const remoteHistory = await remote.text(['log', '-1', '--format=%cn%n%B', 'refs/edgit/history']);
    assert.match(remoteHistory, /^Dev Patel\n/);
    assert.match(remoteHistory, /summary v1\.2 cuts Japanese tickets/);
  });

  it('rollback suggestions: the version before the 14:00 release, and below v1.9.0 for the rolled-back analysis', async () => {
    const git = new Git(sample.repo);
    const fresh = await loadSnapshot(git);
    const history = await loadHistory(git);
    // What the editor's rollback quick pick suggests first (recorded and observed moves, bad marks).
    const suggestion = async (id: string) => (await planRollbackFromHistory(git, fresh, history, id, 'production')).suggested;
    assert.equal(await suggestion('prompts/extraction'), 'v1.0.0');
    assert.equal(await suggestion('configs/validation'), 'v1.4.0');
    assert.equal(fresh.find('prompts/analysis').environments.find((e) => e.name === 'production')?.version, 'v1.9.0');
    assert.equal(await suggestion('prompts/analysis'), 'v1.8.0', 'never v2.0.0, the version rolled back from');
    // The CLI says the same.
    const r = spawnSync(process.execPath, [CLI_PATH, 'rollback', 'prompts/extraction', 'production', '--repo', sample.repo], { env: { ...process.env, CI: 'true' }, encoding: 'utf8', input: '' });
    assert.equal(r.status, 1, 'refused without --yes');
    assert.match(r.stdout, /^Last known good: v1\.0\.0 \(production was at v1\.0\.0 before v1\.1\.0\)/);
  });

  // Last: it moves a tag and joins the teammate's history into this clone.
  it('a routine rollback and push keeps every recorded answer at Tuesday 14:47, with its reason (the teammate’s history joined in)', () => {
    const evidence = () => {
      const at = JSON.parse(cli(sample.repo, 'at', PRODUCTION_BREAKS, '--json')) as AtJson & { components: { environments: { reason: string | null }[] }[] };
      const all = at.components.flatMap((c) => c.environments.map((e) => ({ ...e, id: c.id })));
      return { recorded: all.filter((e) => e.evidence === 'recorded').length, all };
    };
    const before = evidence();
    assert.ok(before.recorded >= 25, `recorded before: ${before.recorded}`);
    cli(sample.repo, 'rollback', 'templates/invoice-email', 'staging', '--reason', 'routine', '--push', '--yes');
    const after = evidence();
    assert.equal(after.recorded, before.recorded, 'no recorded answer turned observed');
    const release = after.all.find((e) => e.id === 'prompts/extraction' && e.name === 'production') as { reason: string | null } | undefined;
    assert.match(release?.reason ?? '', /^CHG-1852/);
  });
});
