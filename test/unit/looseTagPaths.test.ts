import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { looseTagsOfPaths } from '../../src/engine';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';

describe('looseTagsOfPaths (what a file watcher reported, as tags)', () => {
  after(cleanupTempDirs);

  it('names the tags of loose ref files, present or deleted, and nothing else', async () => {
    const repo = TestRepo.init();
    repo.commitFile('a.md', 'one');
    repo.tagVersion('components/prompts/a', 'v1.0.0');
    const gitDir = path.join(repo.dir, '.git');
    const ref = (tag: string) => path.join(gitDir, 'refs', 'tags', ...tag.split('/'));
    const present = ref('components/prompts/a/v1.0.0');
    const deleted = ref('components/prompts/a/production');
    assert.deepEqual(await looseTagsOfPaths(gitDir, [present, `${deleted}.lock`, deleted]), ['components/prompts/a/v1.0.0', 'components/prompts/a/production']);
    assert.equal(await looseTagsOfPaths(gitDir, [`${deleted}.lock`]), undefined, 'a lock file alone names no tag');
    assert.equal(await looseTagsOfPaths(gitDir, [present, path.join(gitDir, 'packed-refs')]), undefined, 'packed-refs needs the listing');
    assert.equal(await looseTagsOfPaths(gitDir, [ref('components/prompts/a')]), undefined, 'a folder needs the listing');
    assert.equal(await looseTagsOfPaths(gitDir, [path.join(gitDir, 'refs', 'edgit', 'history')]), undefined, 'another kind of ref');
    const odd = ref('components/prompts/a/bad*name');
    mkdirSync(path.dirname(odd), { recursive: true });
    writeFileSync(odd, '0'.repeat(40));
    assert.equal(await looseTagsOfPaths(gitDir, [odd]), undefined, 'a name git would refuse');
    assert.equal(await looseTagsOfPaths(gitDir, [path.join(repo.dir, 'refs', 'tags', 'x')]), undefined, 'outside the git directory');
  });
});
