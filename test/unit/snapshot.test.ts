import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Git, loadSnapshot } from '../../src/engine';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';

const KEY = 'components/prompts/extraction';

describe('repository snapshot', () => {
  after(cleanupTempDirs);

  it('reads versions highest first and peels CLI-written nested env tags to their version', async () => {
    const repo = TestRepo.init();
    repo.clock = '2026-01-01T10:00:00Z';
    const c1 = repo.commitFile('components/prompts/extraction.md', 'one');
    repo.tagVersion(KEY, 'v1.2.0');
    repo.clock = '2026-01-02T10:00:00Z';
    const c2 = repo.commitFile('components/prompts/extraction.md', 'two');
    repo.tagVersion(KEY, 'v1.10.0');
    repo.tagVersion(KEY, 'v1.2.0-rc.1', c1);
    repo.tagVersion(KEY, 'v1.2.0-rc.2', c1);
    repo.clock = '2026-01-03T09:30:00Z';
    repo.who = { name: 'Ben', email: 'ben@example.com' };
    repo.setEnvLikeCli(KEY, 'production', 'v1.2.0');
    repo.setEnvLikeCli(KEY, 'staging', 'v1.10.0');

    const snap = await loadSnapshot(new Git(repo.dir));
    const c = snap.find('prompts/extraction');
    assert.deepEqual(
      c.versions.map((v) => v.version),
      ['v1.10.0', 'v1.2.0', 'v1.2.0-rc.2', 'v1.2.0-rc.1'],
    );
    const v110 = c.versions[0];
    assert.equal(v110.commit, c2);
    assert.equal(v110.tagger, 'Ana');
    assert.equal(v110.message, 'Release extraction v1.10.0');
    assert.equal(Date.parse(v110.date ?? ''), Date.parse('2026-01-02T10:00:00Z'));
    const prod = c.environments.find((e) => e.name === 'production');
    assert.ok(prod);
    assert.equal(prod.commit, c1, 'peeled through the nested version tag to the commit');
    assert.equal(prod.version, 'v1.2.0', 'the version tag it targets, though rc.1 and rc.2 share the commit');
    assert.equal(prod.targetsVersionTag, true);
    assert.deepEqual(prod.versionsAtCommit, ['v1.2.0', 'v1.2.0-rc.2', 'v1.2.0-rc.1']);
    assert.equal(prod.movedBy, 'Ben');
    assert.equal(Date.parse(prod.movedAt ?? ''), Date.parse('2026-01-03T09:30:00Z'));
    assert.equal(c.environments.find((e) => e.name === 'staging')?.version, 'v1.10.0');
  });

  it('reads lightweight tags, env tags moved by `git tag -f`, and several versions on one commit', async () => {
    const repo = TestRepo.init();
    const c1 = repo.commitFile('components/configs/limits.json', '{}');
    repo.tagVersionLightweight('components/configs/limits', 'v1.0.0');
    repo.tagVersion('components/configs/limits', 'v1.0.1');
    repo.setEnvWithTagForce('components/configs/limits', 'production', c1);
    const snap = await loadSnapshot(new Git(repo.dir));
    const c = snap.find('configs/limits');
    const v100 = c.versions.find((v) => v.version === 'v1.0.0');
    assert.equal(v100?.annotated, false);
    assert.equal(v100?.commit, c1);
    const prod = c.environments[0];
    assert.equal(prod.annotated, false);
    assert.equal(prod.movedAt, null, 'a lightweight tag has no move date');
    assert.equal(prod.version, 'v1.0.1', 'highest of the versions at that commit');
    assert.deepEqual(prod.versionsAtCommit, ['v1.0.1', 'v1.0.0']);
  });

  it('peels tags nested deeper than one level whose inner tag is no longer a ref', async () => {
    const repo = TestRepo.init();
    const c1 = repo.commitFile('components/prompts/a.md', 'x');
    repo.tagVersion('components/prompts/a', 'v1.0.0');
    repo.git('tag', '-a', '-m', 'temp', 'tmp-inner', 'components/prompts/a/v1.0.0');
    repo.git('tag', '-a', '-m', 'Set a to canary', 'components/prompts/a/canary', 'tmp-inner');
    repo.git('tag', '-d', 'tmp-inner');
    const snap = await loadSnapshot(new Git(repo.dir));
    const canary = snap.find('prompts/a').environments[0];
    assert.equal(canary.commit, c1);
    assert.equal(canary.version, 'v1.0.0');
  });

  it('marks legacy layouts, counts unrecognized tags, and resolves ambiguous ids by layout', async () => {
    const repo = TestRepo.init();
    repo.commitFile('prompts/extraction.md', 'x');
    repo.git('tag', '-a', '-m', 'old', 'prompts/extraction/1.0.0');
    repo.git('tag', '-a', '-m', 'old', 'components/summary/v2.0.0');
    repo.tagVersion(KEY, 'v1.0.0');
    repo.git('tag', 'v3.0.0');
    repo.git('tag', 'components/prompts/a/b/v1.0.0');
    const snap = await loadSnapshot(new Git(repo.dir));
    assert.deepEqual(snap.unrecognizedTags, ['components/prompts/a/b/v1.0.0', 'v3.0.0']);
    const legacy = snap.get('prompts/extraction');
    assert.equal(legacy?.legacy, true);
    assert.equal(legacy?.versions[0].version, '1.0.0');
    assert.equal(snap.get('components/summary')?.legacy, true);
    assert.equal(snap.find('prompts/extraction').key, KEY, 'the current layout wins over the legacy one');
    assert.throws(() => snap.find('prompts/nothing'), /No component "prompts\/nothing"/);
  });

  it('loads with one names-and-ids listing and one length-prefixed read of the objects when no deep nesting exists', async () => {
    const repo = TestRepo.init();
    repo.commitFile('components/prompts/a.md', 'x');
    repo.tagVersion('components/prompts/a', 'v1.0.0');
    repo.setEnvLikeCli('components/prompts/a', 'production', 'v1.0.0');
    const calls: string[] = [];
    const off = Git.onCommand((e) => calls.push(e.args[0]));
    try {
      await loadSnapshot(new Git(repo.dir), { cache: false });
    } finally {
      off();
    }
    assert.deepEqual(calls, ['for-each-ref', 'cat-file']);
  });
});

describe('repository snapshot: objects read length-prefixed', () => {
  after(cleanupTempDirs);

  it('say on ordinary tags exactly what git for-each-ref says of them (dates in their own zone, multi-line subjects, lightweight tags)', async () => {
    const repo = TestRepo.init();
    repo.clock = '2026-03-02T09:00:00+05:30';
    repo.commitFile('components/prompts/a.md', 'a1\n\nbody');
    repo.tagVersion(KEY, 'v1.0.0');
    repo.tagVersionLightweight(KEY, 'v1.0.1');
    // A tag dated in its tagger's own zone (git prints it in that zone).
    execFileSync('git', ['tag', '-a', '-m', 'a subject\nspanning lines\n\nand a body', `${KEY}/v2.0.0`], { cwd: repo.dir, env: { ...repo.env(), GIT_COMMITTER_DATE: '1772576107 -0130' } });
    repo.git('tag', '-a', '-m', '\n\nleading blank lines', `${KEY}/v2.1.0`);
    repo.who = { name: 'Zoë Ünïcode', email: 'zoe@example.com' };
    repo.setEnvLikeCli(KEY, 'production', 'v1.0.0');
    repo.git('tag', `${KEY}/preview`, 'HEAD');
    const format = ['%(refname)', '%(creatordate:iso-strict)', '%(taggername)', '%(taggeremail)', '%(authorname)', '%(authoremail)', '%(contents:subject)'].join('%1f') + '%1e';
    const byGit = new Map(
      repo
        .git('for-each-ref', `--format=${format}`, 'refs/tags')
        // eslint-disable-next-line no-control-regex
        .split(/\x1e\n?/)
        .filter(Boolean)
        .map((record) => {
          const [ref, date, tagger, taggerEmail, author, authorEmail, subject] = record.split('\x1f');
          return [ref.slice('refs/tags/'.length), { date, who: tagger || author, email: (taggerEmail || authorEmail).replace(/^<|>$/g, ''), subject }];
        }),
    );
    const c = (await loadSnapshot(new Git(repo.dir), { cache: false })).get(KEY)!;
    const seen = [
      ...c.versions.map((v) => [v.tag, { date: v.date, who: v.tagger, email: v.taggerEmail, subject: v.message }] as const),
      ...c.environments.map((e) => [e.tag, e.annotated ? { date: e.movedAt, who: e.movedBy, email: e.movedByEmail, subject: e.message } : { date: byGit.get(e.tag)?.date, who: byGit.get(e.tag)?.who, email: byGit.get(e.tag)?.email, subject: e.message }] as const),
    ];
    assert.equal(seen.length, 6);
    for (const [tag, facts] of seen) assert.deepEqual(facts, byGit.get(tag), tag);
  });
});

describe('repository snapshot: layouts that interleave in sorted order', () => {
  after(cleanupTempDirs);

  it('keeps one component per key when a legacy key sorts around current-layout tags', async () => {
    const repo = TestRepo.init();
    repo.commitFile('x.md', 'x');
    for (const t of ['components/extraction/aaa/v1.0.0', 'components/extraction/production', 'components/extraction/qqq/v1.0.0', 'components/extraction/v1.0.0', 'components/extraction/zzz/v1.0.0']) {
      repo.git('tag', '-a', '-m', 't', t);
    }
    const snap = await loadSnapshot(new Git(repo.dir));
    assert.deepEqual(snap.components.map((c) => c.key).sort(), ['components/extraction', 'components/extraction/aaa', 'components/extraction/qqq', 'components/extraction/zzz']);
    const legacy = snap.get('components/extraction');
    assert.deepEqual([legacy?.versions.map((v) => v.version), legacy?.environments.map((e) => e.name)], [['v1.0.0'], ['production']]);
  });
});
