import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Git, ReferenceIndex } from '../../src/engine';
import { checkCacheBytes } from '../../src/engine/cache/cacheStore';
import { readReferenceCache } from '../../src/engine/references/referenceCache';
import { requireBuiltCli, runCli, succeeded } from '../helpers/cliRun';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';

/**
 * The reference index's cache between sessions: a new session (a new Git, so a new CacheStore
 * that reads the file) gives exactly what parsing every file gives, parses again the files that
 * changed, drops the files gone, ignores a damaged file, and keeps nothing with EDGIT_CACHE=off.
 */

const FILES: Record<string, string> = {
  'ensembles/follow.yaml': 'name: follow\nagents:\n  - config:\n      prompt: prompts/analysis@production\n      config: \'configs/validation@v1.0.0\'\n',
  'ensembles/deep/pinned.yml': 'agents:\n  - config:\n      prompt: "prompts/analysis@v2.0.0"\n      schema: schemas/invoice@v1\n',
  'ensembles/odd.yaml': 'a: prompt://analysis@v1.9.0\nb: { prompt: prompts/x@latest, template: templates/email/welcome@latest }\nc: |\n  prompts/a@v1 prose\nd: prompts/analysis@^2.0.0\n---\n- prompts/c@staging\n',
  'agents/broken.yaml': 'prompt: [prompts/a@v1.0.0\n',
  'agents/duplicate.yaml': 'a: 1\na: prompts/a@v1.0.0\n',
  'agents/plain.yaml': 'name: no reference at all\n',
};

/** An hour ago: files this old are kept (a file modified within the last seconds is parsed again next time). */
const AN_HOUR_AGO = new Date(Date.now() - 3600_000);

function write(root: string, file: string, text: string, mtime: Date = AN_HOUR_AGO): void {
  const full = path.join(root, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
  utimesSync(full, mtime, mtime);
}

function workspace(): TestRepo {
  const repo = TestRepo.init();
  for (const [file, text] of Object.entries(FILES)) write(repo.dir, file, text);
  write(repo.dir, 'ensembles/huge.yaml', `prompt: prompts/a@v1.0.0\n# ${'x'.repeat(3 << 20)}\n`);
  mkdirSync(path.join(repo.dir, 'agents/folder.yaml'));
  return repo;
}

function cacheFolder(repo: TestRepo): string {
  return path.join(repo.dir, '.git', 'edgit', 'cache');
}

/** The cache file of the references (one per working tree), or undefined. */
function cacheFile(repo: TestRepo): string | undefined {
  let names: string[];
  try {
    names = readdirSync(cacheFolder(repo));
  } catch {
    return undefined;
  }
  const found = names.filter((n) => n.startsWith('references-') && !n.endsWith('.tmp'));
  assert.ok(found.length <= 1, found.join(', '));
  return found[0] && path.join(cacheFolder(repo), found[0]);
}

/** A new session's index: a new Git, so its CacheStore reads the file again. */
function warm(repo: TestRepo): Promise<ReferenceIndex> {
  return ReferenceIndex.build(repo.dir, {}, { cache: new Git(repo.dir).caches });
}

/** Every file parsed, nothing kept or read. */
function parsed(repo: TestRepo): Promise<ReferenceIndex> {
  return ReferenceIndex.build(repo.dir);
}

/** What an index holds, scope included. */
function contents(index: ReferenceIndex) {
  return { files: index.allFiles(), scope: [index.scope.include, index.scope.exclude, index.scope.configProblem] };
}

/** The file's identity and time: a rewrite (temporary file renamed over it) changes them. */
function written(file: string): string {
  const s = statSync(file);
  return `${s.ino}:${s.mtimeMs}:${s.size}`;
}

describe('component references: the index kept between sessions', () => {
  after(cleanupTempDirs);

  it('a new session gives exactly what parsing every file gives (malformed and too large files included), from the kept file, which it leaves as it is', async () => {
    const repo = workspace();
    const truth = await parsed(repo);
    assert.equal(cacheFile(repo), undefined, 'an index without a cache keeps nothing');
    const first = await warm(repo);
    assert.deepEqual(contents(first), contents(truth));
    assert.ok(truth.problems().length >= 3, 'broken, duplicate and too large files each give a problem');
    const file = cacheFile(repo);
    assert.ok(file, 'the first session keeps what it found');
    const kept = await readReferenceCache(new Git(repo.dir).caches, repo.dir);
    assert.deepEqual([...(kept?.keys() ?? [])].sort(), truth.allFiles().map((f) => f.file));
    const before = written(file);
    const second = await warm(repo);
    assert.deepEqual(contents(second), contents(truth));
    assert.equal(written(file), before, 'nothing changed: every file was taken from the cache, and the file was not rewritten');
    // The threads that parse many files stamp them as this thread does.
    const many = await ReferenceIndex.build(repo.dir, {}, { threads: 3, cache: new Git(repo.dir).caches });
    assert.deepEqual(contents(many), contents(truth));
  });

  it('a file changed on disk is parsed again (other size; same size, other time), a file gone disappears, a new file appears', async () => {
    const repo = workspace();
    await warm(repo);
    write(repo.dir, 'ensembles/follow.yaml', 'agents:\n  - config:\n      prompt: prompts/changed@v9.0.0\n');
    const same = FILES['ensembles/deep/pinned.yml'].replace('v2.0.0', 'v3.0.0');
    write(repo.dir, 'ensembles/deep/pinned.yml', same, new Date(AN_HOUR_AGO.getTime() + 1000));
    assert.equal(same.length, FILES['ensembles/deep/pinned.yml'].length);
    write(repo.dir, 'agents/broken.yaml', 'prompt: prompts/fixed@v1.0.0\n');
    rmSync(path.join(repo.dir, 'ensembles/odd.yaml'));
    write(repo.dir, 'agents/new.yaml', 'prompt: prompts/new@production\n');
    const after = await warm(repo);
    assert.deepEqual(contents(after), contents(await parsed(repo)));
    assert.deepEqual(after.referencesTo('prompts/changed').map((s) => [s.file, s.line]), [['ensembles/follow.yaml', 3]]);
    assert.deepEqual(after.referencesTo('prompts/analysis').map((s) => s.reference.slot), ['v3.0.0']);
    assert.equal(after.get('agents/broken.yaml')?.problem, null);
    assert.equal(after.get('ensembles/odd.yaml'), undefined);
    assert.equal(after.referencesTo('prompts/new').length, 1);
    // The file now keeps what is on disk: the one gone is dropped from it too.
    const kept = await readReferenceCache(new Git(repo.dir).caches, repo.dir);
    assert.equal(kept?.has('ensembles/odd.yaml'), false);
    assert.deepEqual(kept?.get('ensembles/follow.yaml')?.indexed, after.get('ensembles/follow.yaml'));
    assert.deepEqual(contents(await warm(repo)), contents(after));
  });

  it('a file modified within the last seconds is indexed but not kept: it is parsed again next time', async () => {
    const repo = workspace();
    write(repo.dir, 'ensembles/now.yaml', 'prompt: prompts/now@production\n', new Date());
    const first = await warm(repo);
    assert.equal(first.referencesTo('prompts/now').length, 1);
    const kept = await readReferenceCache(new Git(repo.dir).caches, repo.dir);
    assert.equal(kept?.has('ensembles/now.yaml'), false);
    assert.equal(kept?.has('ensembles/follow.yaml'), true);
  });

  it('a damaged or foreign cache file is ignored (nothing throws) and written anew', async () => {
    const repo = workspace();
    const truth = contents(await parsed(repo));
    await warm(repo);
    const file = cacheFile(repo)!;
    const whole = readFileSync(file);
    for (const damaged of [Buffer.from('garbage'), whole.subarray(0, whole.length - 20), Buffer.concat([whole.subarray(0, 200), Buffer.from('x'), whole.subarray(201)])]) {
      writeFileSync(file, damaged);
      assert.deepEqual(contents(await warm(repo)), truth);
      const rewritten = readFileSync(file);
      assert.ok(checkCacheBytes(rewritten, 'references', 1), 'written anew, whole');
      assert.equal((await readReferenceCache(new Git(repo.dir).caches, repo.dir))?.size, truth.files.length);
    }
    // Whole (header and checksum right) but not ours: another body.
    await new Git(repo.dir).caches.write({ name: path.basename(file), kind: 'references', version: 1 }, [Buffer.from('{"not":"a table"}')]);
    assert.deepEqual(contents(await warm(repo)), truth);
    assert.equal((await readReferenceCache(new Git(repo.dir).caches, repo.dir))?.size, truth.files.length);
  });

  it('EDGIT_CACHE=off keeps nothing and reads nothing', async () => {
    const repo = workspace();
    const saved = process.env.EDGIT_CACHE;
    process.env.EDGIT_CACHE = 'off';
    try {
      const off = await warm(repo);
      assert.deepEqual(contents(off), contents(await parsed(repo)));
      assert.equal(cacheFile(repo), undefined);
    } finally {
      if (saved === undefined) delete process.env.EDGIT_CACHE;
      else process.env.EDGIT_CACHE = saved;
    }
    // With a kept file there, off still parses every file: a file changed without a new stamp is read as it is.
    await warm(repo);
    const file = cacheFile(repo)!;
    const before = written(file);
    process.env.EDGIT_CACHE = 'off';
    try {
      assert.deepEqual(contents(await warm(repo)), contents(await parsed(repo)));
      assert.equal(written(file), before);
    } finally {
      if (saved === undefined) delete process.env.EDGIT_CACHE;
      else process.env.EDGIT_CACHE = saved;
    }
  });

  describe('edgit-deploy refs', () => {
    requireBuiltCli();

    it('keeps the index in the repository, prints the same with and without it, and nothing is kept with EDGIT_CACHE=off', () => {
      const repo = workspace();
      const off = succeeded(runCli(repo, null, ['refs', '--json'], { EDGIT_CACHE: 'off' })).stdout;
      assert.equal(cacheFile(repo), undefined);
      const cold = succeeded(runCli(repo, null, ['refs', '--json'])).stdout;
      assert.ok(cacheFile(repo), 'refs keeps what it found');
      const warmRun = succeeded(runCli(repo, null, ['refs', '--json'])).stdout;
      assert.equal(cold, off);
      assert.equal(warmRun, off);
      assert.ok(JSON.parse(off).unreadable.length >= 3);
    });
  });
});
