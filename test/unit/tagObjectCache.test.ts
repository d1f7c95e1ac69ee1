import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Git, REF_LIST_ARGS, RepositorySnapshot, cachedSnapshot, confirmSnapshot, loadSnapshot, refreshSnapshot, rememberedComponentNames } from '../../src/engine';
import { cacheFileParts, checkCacheBytes } from '../../src/engine/cache/cacheStore';
import { TAG_OBJECTS_FILE, decodeTagFacts, encodeTagFacts } from '../../src/engine/cache/tagObjectCache';
import { requireBuiltCli, runCli, succeeded } from '../helpers/cliRun';
import { TestRepo, cleanupTempDirs, twoVersionRepo } from '../helpers/gitRepo';
import { prng } from '../helpers/prng';

const CHILD = path.resolve(__dirname, '..', 'helpers', 'snapshotLoader.js');
const A = 'components/prompts/a';
const B = 'components/agents/b';

function cacheFile(repo: TestRepo): string {
  return path.join(repo.dir, '.git', 'edgit', 'cache', 'tag-objects');
}

/** Everything a snapshot says, without the moment it was loaded. */
function plain(s: RepositorySnapshot): unknown {
  return { root: s.root, components: s.components, unrecognized: s.unrecognizedTags };
}

/** Asserts that a load with the cache (as the file and this process left it) equals a load without. */
/** The body of the repository's tag-object cache file (checked), or undefined. */
function fileBody(repo: TestRepo): Buffer | undefined {
  return checkCacheBytes(readFileSync(cacheFile(repo)), TAG_OBJECTS_FILE.kind, TAG_OBJECTS_FILE.version);
}

/** A whole cache file holding `body`. */
function fileOf(body: Buffer): Buffer {
  return Buffer.concat(cacheFileParts(TAG_OBJECTS_FILE.kind, TAG_OBJECTS_FILE.version, [body]));
}

/** `git` (default: a new one, which reads the cache file again as a new process would). */
async function assertSameAsWithout(repo: TestRepo, what: string, git = new Git(repo.dir)): Promise<void> {
  const without = plain(await loadSnapshot(new Git(repo.dir), { cache: false }));
  const withCache = plain(await loadSnapshot(git));
  assert.deepEqual(withCache, without, `${what}: the cached snapshot differs`);
}

function statusJson(repo: TestRepo, cache: 'on' | 'off'): string {
  return succeeded(runCli(repo, null, ['status', '--json'], { EDGIT_CACHE: cache })).stdout;
}

/** Every shape the snapshot tests know, in one repository. */
function everyShape(): TestRepo {
  const repo = TestRepo.init();
  repo.clock = '2026-03-01T09:00:00Z';
  repo.commitFile('components/prompts/a.md', 'a1');
  repo.tagVersion(A, 'v1.0.0');
  repo.tagVersionLightweight(A, 'v1.0.1');
  repo.clock = '2026-03-02T09:00:00+05:30';
  repo.commitFile('components/prompts/a.md', 'a2\r\nwith CRLF');
  repo.git('tag', '-a', '-m', 'Release a v2.0.0\n\nwith a body\nof lines', `${A}/v2.0.0`);
  repo.git('tag', '-a', '-m', 'a subject\nspanning lines', `${A}/v2.1.0-rc.1`);
  repo.setEnvLikeCli(A, 'production', 'v1.0.0');
  repo.setEnvLikeCli(A, 'staging', 'v2.0.0');
  repo.setEnvWithTagForce(A, 'canary', 'HEAD');
  repo.git('tag', `${A}/preview`, `${A}/v2.0.0`); // lightweight ref to a version tag object
  // Nested deeper than one level, the inner tag no longer a ref.
  repo.git('tag', '-a', '-m', 'temp', 'tmp-inner', `${A}/v1.0.0`);
  repo.git('tag', '-a', '-m', 'Set a to edge', `${A}/edge`, 'tmp-inner');
  repo.git('tag', '-d', 'tmp-inner');
  // Case twins, legacy layouts, unrecognized tags, a tag of a tree.
  repo.setEnvLikeCli(A, 'Production', 'v2.0.0');
  repo.commitFile('components/agents/b.md', 'b');
  repo.tagVersion(B, 'v0.1.0');
  repo.git('tag', '-a', '-m', 'old', 'prompts/extraction/1.0.0');
  repo.git('tag', '-a', '-m', 'old', 'components/summary/v2.0.0');
  repo.git('tag', '-a', '-m', 'old', 'components/summary/production', 'components/summary/v2.0.0');
  repo.git('tag', 'v3.0.0');
  repo.git('tag', 'components/prompts/a/b/v1.0.0');
  repo.git('tag', `${B}/treeish`, 'HEAD^{tree}');
  repo.git('tag', '-a', '-m', 'points at a tree', `${B}/production`, 'HEAD^{tree}');
  return repo;
}

/** The tags whose value differs between two `%(refname) %(objectname)` listings. */
function changedTags(before: string, after: string): string[] {
  const parse = (text: string) => new Map(text.split('\n').filter(Boolean).map((l) => [l.slice('refs/tags/'.length, l.lastIndexOf(' ')), l.slice(l.lastIndexOf(' ') + 1)]));
  const a = parse(before);
  const b = parse(after);
  return [...new Set([...a.keys(), ...b.keys()])].filter((t) => a.get(t) !== b.get(t));
}

describe('tag object cache: the snapshot is the same with and without it', () => {
  requireBuiltCli();
  after(cleanupTempDirs);

  it('on every repository shape: cold, then warm from the file, then warm in memory', async () => {
    const repo = everyShape();
    await assertSameAsWithout(repo, 'cold');
    assert.ok(existsSync(cacheFile(repo)), 'the cache file is written');
    const git = new Git(repo.dir);
    await assertSameAsWithout(repo, 'warm from the file', git);
    await assertSameAsWithout(repo, 'warm in memory', git);
  });

  it('status --json is byte for byte the same with and without the cache', () => {
    const repo = everyShape();
    const off = statusJson(repo, 'off');
    assert.equal(statusJson(repo, 'on'), off, 'cold');
    assert.equal(statusJson(repo, 'on'), off, 'warm');
    repo.setEnvWithTagForce(A, 'production', `${A}/v2.0.0`);
    assert.equal(statusJson(repo, 'on'), statusJson(repo, 'off'), 'after a git tag -f between two loads');
  });

  it('a warm load reads names and ids only, and reads just the objects that are new', async () => {
    const repo = everyShape();
    await loadSnapshot(new Git(repo.dir));
    const calls: string[][] = [];
    // A new process's Git asks for the git directory once (the CLI asks it with the repository's root).
    const off = Git.onCommand((e) => e.args[0] !== 'rev-parse' && calls.push([...e.args]));
    try {
      await loadSnapshot(new Git(repo.dir));
      assert.deepEqual(calls.map((c) => c[0]), ['for-each-ref'], 'warm: one listing');
      assert.equal(calls[0][1], '--format=%(refname) %(objectname)');
      calls.length = 0;
      repo.setEnvLikeCli(A, 'staging', 'v1.0.0');
      const snap = await loadSnapshot(new Git(repo.dir));
      assert.deepEqual(calls, [[...REF_LIST_ARGS], ['cat-file', '--batch', '--buffer']], 'the listing, then the new object');
      assert.equal(snap.get(A)?.environments.find((e) => e.name === 'staging')?.version, 'v1.0.0');
    } finally {
      off();
    }
  });

  it('on randomized repositories (nested, lightweight, deleted, re-created, legacy, case twins, git tag -f), also when refreshed or confirmed from the previous snapshot', async function () {
    this.timeout(240_000);
    for (const seed of [1, 2, 3]) {
      const random = prng(seed);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
      const repo = TestRepo.init();
      const keys = ['components/prompts/x', 'components/prompts/y', 'components/agents/z', 'components/legacy', 'prompts/old'];
      const envs = ['production', 'staging', 'Staging', 'canary'];
      const versionsOf = new Map<string, string[]>();
      let n = 0;
      let host = new Git(repo.dir);
      let shown = await loadSnapshot(host);
      let listing = '';
      for (let step = 0; step < 40; step++) {
        const key = pick(keys);
        const legacy = key === 'prompts/old';
        const r = random();
        const versions = versionsOf.get(key) ?? [];
        repo.clock = new Date(Date.UTC(2026, 0, 1) + step * 3_600_000).toISOString();
        if (r < 0.3 || !versions.length) {
          repo.commitFile(`${key}.md`, `content ${step}`);
          const v = legacy ? `${1 + n}.0.0` : `v${1 + n}.0.0`;
          n++;
          if (random() < 0.8) repo.tagVersion(key, v);
          else repo.tagVersionLightweight(key, v);
          versionsOf.set(key, [...versions, v]);
        } else if (r < 0.5) {
          repo.git('tag', '-f', '-a', '-m', `Set ${key} to ${pick(envs)}`, `${key}/${pick(envs)}`, `${key}/${pick(versions)}`);
        } else if (r < 0.65) {
          repo.setEnvWithTagForce(key, pick(envs), `${key}/${pick(versions)}`);
        } else if (r < 0.75) {
          const env = pick(envs);
          if (repo.refValue(`${key}/${env}`)) repo.git('tag', '-d', `${key}/${env}`);
        } else if (r < 0.85) {
          // Nested two deep through a tag that is then deleted.
          repo.git('tag', '-f', '-a', '-m', 'inner', 'inner-tmp', `${key}/${pick(versions)}`);
          repo.git('tag', '-f', '-a', '-m', 'outer', `${key}/${pick(envs)}`, 'inner-tmp');
          repo.git('tag', '-d', 'inner-tmp');
        } else {
          // A version deleted and re-created elsewhere (people do it), or an env re-created lightweight on a version tag object.
          const v = pick(versions);
          repo.git('tag', '-d', `${key}/${v}`);
          repo.commitFile(`${key}.md`, `recreated ${step}`);
          repo.tagVersion(key, v);
          repo.git('tag', '-f', `${key}/${pick(envs)}`, `${key}/${v}`);
        }
        // Now and then a new process: the caches read from the files again.
        if (random() < 0.3) host = new Git(repo.dir);
        await assertSameAsWithout(repo, `seed ${seed}, step ${step}`, host);
        // What a host does after an outside change: rebuild only the components of the refs that changed.
        const now = repo.git('for-each-ref', '--format=%(refname) %(objectname)', 'refs/tags');
        const changed = changedTags(listing, now);
        listing = now;
        const truth = plain(await loadSnapshot(new Git(repo.dir), { cache: false }));
        const refreshed = await refreshSnapshot(host, shown, changed);
        assert.deepEqual(plain(refreshed), truth, `seed ${seed}, step ${step}: refreshSnapshot(${changed.join(', ')})`);
        const confirmed = await confirmSnapshot(host, shown);
        assert.deepEqual(plain(confirmed), truth, `seed ${seed}, step ${step}: confirmSnapshot`);
        assert.equal(await confirmSnapshot(new Git(repo.dir), confirmed), confirmed, 'nothing changed: the same object');
        shown = random() < 0.5 ? refreshed : confirmed;
      }
    }
  });
});

describe('tag object cache: a first paint without git', () => {
  after(cleanupTempDirs);

  it('cachedSnapshot tells the last listing a host read, runs no git, and is only a first paint', async () => {
    const repo = everyShape();
    const git = new Git(repo.dir);
    assert.equal(await cachedSnapshot(git), undefined, 'nothing remembered yet');
    await loadSnapshot(git, { rememberListing: true }); // cold: the listing and every object
    await loadSnapshot(git, { rememberListing: true }); // warm: the listing, remembered
    const calls: string[] = [];
    const off = Git.onCommand((e) => calls.push(e.args[0]));
    let painted: RepositorySnapshot | undefined;
    try {
      painted = await cachedSnapshot(git);
    } finally {
      off();
    }
    assert.ok(painted);
    assert.deepEqual(calls.filter((c) => c !== 'rev-parse'), [], 'no git but finding the git directory');
    assert.deepEqual(plain(painted), plain(await loadSnapshot(git, { cache: false })));
    // Tags moved while no host ran: the first paint shows the old position; loadSnapshot confirms the new one.
    repo.setEnvLikeCli(A, 'staging', 'v1.0.0');
    const stale = await cachedSnapshot(git);
    assert.equal(stale?.get(A)?.environments.find((e) => e.name === 'staging')?.version, 'v2.0.0');
    assert.equal((await loadSnapshot(git, { rememberListing: true })).get(A)?.environments.find((e) => e.name === 'staging')?.version, 'v1.0.0');
    assert.deepEqual(plain((await cachedSnapshot(git))!), plain(await loadSnapshot(git, { cache: false })), 'remembered again');
  });

  it('rememberedComponentNames tells the components of the remembered listing from the names alone, as the snapshot does', async () => {
    const repo = everyShape();
    const git = new Git(repo.dir);
    assert.equal(await rememberedComponentNames(git), undefined, 'nothing remembered yet');
    const snapshot = await loadSnapshot(git, { rememberListing: true });
    const calls: string[] = [];
    const off = Git.onCommand((e) => calls.push(e.args[0]));
    let names: Awaited<ReturnType<typeof rememberedComponentNames>>;
    try {
      names = await rememberedComponentNames(git);
    } finally {
      off();
    }
    assert.deepEqual(calls.filter((c) => c !== 'rev-parse'), [], 'no git but finding the git directory');
    assert.deepEqual(
      names,
      snapshot.components.map((c) => ({ key: c.key, id: c.id, namespace: c.namespace, name: c.name, legacy: c.legacy })),
    );
    assert.ok(names.some((n) => n.legacy) && snapshot.unrecognizedTags.length > 0, 'legacy components and unrecognized tags are in the fixture');
  });

  it('cachedSnapshot reads just the refs whose objects the cache lost (another process saw other tags)', async () => {
    const repo = everyShape();
    const git = new Git(repo.dir);
    await loadSnapshot(git, { rememberListing: true });
    await loadSnapshot(git, { rememberListing: true });
    // Another process (a CLI run after a move) rewrote the object cache without the object of A's production.
    const lost = repo.refValue(`${A}/production`)!;
    const body = fileBody(repo)!;
    const facts = decodeTagFacts(body);
    assert.ok(facts.delete(lost));
    writeFileSync(cacheFile(repo), fileOf(encodeTagFacts(facts)));
    // A new window: its repository reads the files.
    const window = new Git(repo.dir);
    window.knowCommonDir(path.join(repo.dir, '.git'));
    const calls: string[][] = [];
    const off = Git.onCommand((e) => calls.push([...e.args]));
    let painted: RepositorySnapshot | undefined;
    try {
      painted = await cachedSnapshot(window);
    } finally {
      off();
    }
    assert.ok(painted, 'still painted from the caches');
    assert.deepEqual(plain(painted), plain(await loadSnapshot(git, { cache: false })));
    assert.deepEqual(calls, [['cat-file', '--batch', '--buffer']], 'one read of the objects the cache lost');
  });

  it('a write deferred by one load keeps the objects the refs name at the latest load (a tag moved, then back)', () => {
    const repo = twoVersionRepo(A, 'a.md');
    const original = repo.refValue(`${A}/production`)!;
    const r = spawnSync(process.execPath, [path.resolve(__dirname, '..', 'helpers', 'deferredWriter.js'), repo.dir, `${A}/production`], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(repo.refValue(`${A}/production`), original, 'the helper put the tag back');
    const facts = decodeTagFacts(fileBody(repo)!);
    assert.ok(facts.has(original), 'the object the tag names again is kept');
  });
});

describe('tag object cache: where and how it is kept', () => {
  requireBuiltCli();
  after(cleanupTempDirs);

  for (const [name, spoil] of [
    ['truncated', (b: Buffer) => b.subarray(0, Math.floor(b.length / 2))],
    ['corrupt (one byte changed)', (b: Buffer) => Buffer.from(b.toString('latin1').replace('Release', 'Releaze'), 'latin1')],
    ['of another version', (b: Buffer) => Buffer.from(b.toString('latin1').replace(`tag-objects ${TAG_OBJECTS_FILE.version}`, `tag-objects ${TAG_OBJECTS_FILE.version + 1}`), 'latin1')],
    ['garbage', () => Buffer.from('not a cache at all\n')],
    ['empty', () => Buffer.alloc(0)],
  ] as const) {
    it(`a cache file that is ${name} is ignored, the answer is right, and the file is rebuilt`, async () => {
      const repo = everyShape();
      await loadSnapshot(new Git(repo.dir));
      const file = cacheFile(repo);
      const good = readFileSync(file);
      writeFileSync(file, spoil(good));
      await assertSameAsWithout(repo, name);
      const rebuilt = checkCacheBytes(readFileSync(file), TAG_OBJECTS_FILE.kind, TAG_OBJECTS_FILE.version);
      assert.ok(rebuilt, 'the file is valid again');
      assert.ok(decodeTagFacts(rebuilt).size > 10);
    });
  }

  it('a long-lived host writes later, and what is pending is written when it shuts down (flushCacheWrites)', () => {
    const repo = everyShape();
    const started = Date.now();
    const r = spawnSync(process.execPath, [path.resolve(__dirname, '..', 'helpers', 'deferredWriter.js'), repo.dir], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const { before, after } = JSON.parse(r.stdout) as { before: string[]; after: string[] };
    assert.deepEqual(before, [], 'nothing is written while the load is painted');
    assert.deepEqual(after, ['tag-objects', 'tag-refs'], 'the flush writes both files');
    assert.ok(Date.now() - started < 1400, 'the process did not wait for the deferred timers');
    assert.ok(fileBody(repo), 'the file is whole');
  });

  it('a well-formed file with a record that lies in its structure is refused as a whole', () => {
    const good = encodeTagFacts(new Map([['f'.repeat(40), { type: 'tag', target: 'e'.repeat(40), targetType: 'commit', commit: 'e'.repeat(40), fields: ['', '', '', '', '', '', ''] }]]));
    assert.equal(decodeTagFacts(good).size, 1);
    // The target's id (stored once) becomes 40 characters that are no object id: same length, well-formed file.
    const at = good.indexOf('e'.repeat(40));
    const lying = Buffer.concat([good.subarray(0, at), Buffer.from('z'.repeat(40)), good.subarray(at + 40)]);
    const checked = checkCacheBytes(fileOf(lying), TAG_OBJECTS_FILE.kind, TAG_OBJECTS_FILE.version);
    assert.ok(checked, 'the checksum is right');
    assert.equal(decodeTagFacts(checked).size, 0);
  });

  it('is bounded: objects no ref names any more are dropped when the file is rewritten', async () => {
    const repo = everyShape();
    await loadSnapshot(new Git(repo.dir));
    const gone = repo.refValue(`${A}/staging`)!;
    const before = decodeTagFacts(fileBody(repo)!);
    assert.ok(before.has(gone));
    repo.setEnvLikeCli(A, 'staging', 'v1.0.0');
    await loadSnapshot(new Git(repo.dir));
    const after = decodeTagFacts(fileBody(repo)!);
    assert.ok(!after.has(gone), 'the old staging tag object is dropped');
    assert.ok(after.has(repo.refValue(`${A}/staging`)!));
    const named = new Set(repo.git('for-each-ref', '--format=%(objectname)', 'refs/tags').split('\n'));
    for (const oid of after.keys()) assert.ok(named.has(oid), `${oid} is named by a ref`);
  });

  it('lives in the common git directory: worktrees share it', async () => {
    const repo = everyShape();
    const wt = path.join(path.dirname(repo.dir), `${path.basename(repo.dir)}-wt`);
    repo.git('worktree', 'add', '-q', '--detach', wt);
    await loadSnapshot(new Git(wt));
    assert.ok(existsSync(cacheFile(repo)), 'written under the main .git');
    assert.deepEqual(readdirSync(path.join(repo.dir, '.git', 'edgit', 'cache')).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
    repo.git('worktree', 'remove', '--force', wt);
  });

  it('two processes loading and rewriting at once never corrupt it (nor the history cache) nor each other’s answers', async function () {
    this.timeout(180_000);
    const repo = everyShape();
    const children = [0, 1].map(
      () =>
        new Promise<{ code: number | null; out: string }>((resolve) => {
          const child = spawn(process.execPath, [CHILD, repo.dir, '25'], { stdio: ['ignore', 'pipe', 'pipe'] });
          let out = '';
          child.stdout.on('data', (b: Buffer) => (out += b.toString()));
          child.stderr.on('data', (b: Buffer) => (out += b.toString()));
          child.on('close', (code) => resolve({ code, out }));
        }),
    );
    // Meanwhile, tags move and moves are recorded, so both children keep adding objects and rewriting both files.
    for (let i = 0; i < 8; i++) {
      repo.setEnvLikeCli(A, 'staging', i % 2 ? 'v1.0.0' : 'v2.0.0');
      repo.setEnvWithTagForce(A, 'canary', i % 2 ? `${A}/v1.0.0` : `${A}/v2.0.0`);
      succeeded(runCli(repo, null, ['set', 'prompts/a', 'qa', i % 2 ? 'v1.0.0' : 'v2.0.0', '--yes']));
    }
    for (const r of await Promise.all(children)) assert.equal(r.code, 0, r.out);
    assert.ok(fileBody(repo), 'the file is whole');
    await assertSameAsWithout(repo, 'after both');
  });
});
