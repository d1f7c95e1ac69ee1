import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { requireTestFixture } from '../harness/testEnvironment';

// The suites drive real git repositories: git must run from the extension host.
describe('Fixture repository', () => {
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
  const tag = (slot: string) => `components/prompts/extraction/${slot}`;

  it('is visible to git from the extension host, with its Edgit tags', () => {
    const { edgit } = requireTestFixture();
    const tags = git(edgit.repo, 'for-each-ref', '--format=%(refname:short)', 'refs/tags').split('\n');
    assert.deepStrictEqual(tags.sort(), Object.keys(edgit.tags).sort());
  });

  it('has the production env tag nested on the v1.0.0 tag object', () => {
    const { edgit } = requireTestFixture();
    const production = git(edgit.repo, 'cat-file', '-p', `refs/tags/${tag('production')}`);
    assert.match(production, new RegExp(`^object ${edgit.tags[tag('v1.0.0')]}\ntype tag\n`));
    assert.strictEqual(git(edgit.repo, 'rev-parse', `${tag('production')}^{commit}`), edgit.commits.v1);
  });

  it('has pushed everything to its bare remote', () => {
    const { edgit } = requireTestFixture();
    const remoteTags = git(edgit.repo, 'ls-remote', '--tags', '--refs', 'origin')
      .split('\n')
      .map((line) => line.split('\t')[1].replace('refs/tags/', ''));
    assert.deepStrictEqual(remoteTags.sort(), Object.keys(edgit.tags).sort());
  });
});
