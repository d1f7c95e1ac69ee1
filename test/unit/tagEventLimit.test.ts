import * as assert from 'node:assert/strict';
import { EdgitError, Git, TagEventLimit, isGitHubUrl, needsPushChoice, planTagPush, resolveTagEventLimit, tagsCarried } from '../../src/engine';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';

/** A clone with a bare remote named origin (pushing there works), and `url` set as the remote's URL when given. */
function cloneWithOrigin(url?: string): { repo: TestRepo; git: Git } {
  const remote = TestRepo.init(undefined, { bare: true });
  const repo = TestRepo.init();
  repo.commitFile('a.md', 'a');
  repo.publishTo(remote);
  if (url) repo.git('remote', 'set-url', 'origin', url);
  return { repo, git: new Git(repo.dir) };
}

const usageError = (what: RegExp) => (e: unknown) => e instanceof EdgitError && e.code === 'bad-usage' && what.test(e.message);

const update = (ref: string) => ({ ref, expectedRemote: null, newValue: 'a'.repeat(40) });

describe('the tag-event limit: how many tags one push may carry before the host starts no tag-triggered workflow', () => {
  after(cleanupTempDirs);

  it('is 3 when the push URL is on github.com, in every URL form, and none for other hosts and local paths', async () => {
    const github = [
      'https://github.com/acme/deploys.git',
      'https://ci-bot@github.com/acme/deploys',
      'http://GitHub.com/acme/deploys.git',
      'git@github.com:acme/deploys.git',
      'github.com:acme/deploys.git',
      'ssh://git@github.com/acme/deploys.git',
      'ssh://git@github.com:22/acme/deploys.git',
      'git://github.com/acme/deploys.git',
    ];
    const elsewhere = [
      'https://gitlab.com/acme/deploys.git',
      'https://github.company.com/acme/deploys.git',
      'https://github.com.evil.example/acme/deploys.git',
      'git@notgithub.com:acme/deploys.git',
      'ssh://git@git.example.com/github.com/deploys.git',
      '/srv/git/github.com/deploys.git',
      'file:///srv/github.com:deploys.git',
    ];
    for (const url of github) assert.equal(isGitHubUrl(url), true, url);
    for (const url of elsewhere) assert.equal(isGitHubUrl(url), false, url);

    // The same, read from real remotes' configuration.
    for (const url of ['https://github.com/acme/deploys.git', 'git@github.com:acme/deploys.git', 'ssh://git@github.com/acme/deploys.git']) {
      const { git } = cloneWithOrigin(url);
      assert.deepEqual(await resolveTagEventLimit(git, 'origin'), { limit: 3, source: 'github', url } satisfies TagEventLimit, url);
    }
    const { git: local } = cloneWithOrigin();
    assert.deepEqual(await resolveTagEventLimit(local, 'origin'), { limit: null, source: 'none' });
    const { git: gitlab } = cloneWithOrigin('https://gitlab.com/acme/deploys.git');
    assert.deepEqual(await resolveTagEventLimit(gitlab, 'origin'), { limit: null, source: 'none' });
  });

  it('reads the URL pushes go to: pushurl over url, insteadOf and pushInsteadOf applied', async () => {
    const { repo, git } = cloneWithOrigin('https://github.com/acme/deploys.git');
    repo.git('remote', 'set-url', '--push', 'origin', '/srv/mirror/deploys.git');
    assert.equal((await resolveTagEventLimit(git, 'origin')).limit, null, 'fetched from GitHub, pushed elsewhere');

    const other = cloneWithOrigin('/srv/git/deploys.git');
    other.repo.git('remote', 'set-url', '--push', 'origin', 'git@github.com:acme/deploys.git');
    assert.equal((await resolveTagEventLimit(other.git, 'origin')).limit, 3, 'pushed to GitHub');

    const short = cloneWithOrigin('gh:acme/deploys.git');
    short.repo.git('config', 'url.git@github.com:.insteadOf', 'gh:');
    assert.deepEqual(await resolveTagEventLimit(short.git, 'origin'), { limit: 3, source: 'github', url: 'git@github.com:acme/deploys.git' });

    const rewritten = cloneWithOrigin('https://github.com/acme/deploys.git');
    rewritten.repo.git('config', 'url./srv/mirror/.pushInsteadOf', 'https://github.com/acme/');
    assert.equal((await resolveTagEventLimit(rewritten.git, 'origin')).limit, null, 'pushInsteadOf sends pushes elsewhere');
  });

  it('takes git config edgit.tagEventLimit over the URL, and --tag-event-limit over both; 0 and none mean no limit', async () => {
    const { repo, git } = cloneWithOrigin('https://github.com/acme/deploys.git');
    repo.git('config', 'edgit.tagEventLimit', '5');
    assert.deepEqual(await resolveTagEventLimit(git, 'origin'), { limit: 5, source: 'config' });
    repo.git('config', 'edgit.tagEventLimit', '0');
    assert.deepEqual(await resolveTagEventLimit(git, 'origin'), { limit: null, source: 'config' });
    repo.git('config', 'edgit.tagEventLimit', 'none');
    assert.deepEqual(await resolveTagEventLimit(git, 'origin'), { limit: null, source: 'config' });
    assert.deepEqual(await resolveTagEventLimit(git, 'origin', '2'), { limit: 2, source: 'option' });
    repo.git('config', 'edgit.tagEventLimit', '4');
    assert.deepEqual(await resolveTagEventLimit(git, 'origin', 'none'), { limit: null, source: 'option' });
    assert.deepEqual(await resolveTagEventLimit(git, 'origin', '0'), { limit: null, source: 'option' });

    const local = cloneWithOrigin();
    local.repo.git('config', 'edgit.tagEventLimit', '3');
    assert.deepEqual(await resolveTagEventLimit(local.git, 'origin'), { limit: 3, source: 'config' }, 'a host that is not GitHub with the same rule');

    repo.git('config', 'edgit.tagEventLimit', 'three');
    await assert.rejects(resolveTagEventLimit(git, 'origin'), usageError(/edgit\.tagEventLimit is "three"/));
    await assert.rejects(resolveTagEventLimit(git, 'origin', '-1'), usageError(/--tag-event-limit is "-1"/));
  });

  it('counts tags only: refs/edgit/history and other refs do not count', () => {
    assert.equal(
      tagsCarried([update('refs/tags/components/prompts/a/v1.0.0'), update('refs/tags/components/prompts/a/production'), update('refs/edgit/history'), update('refs/heads/main')]),
      2,
    );
  });

  it('plans pushes over the limit only by choice: groups of at most N, version tags first, never more than the limit', () => {
    const limit: TagEventLimit = { limit: 3, source: 'config' };
    const versions = ['refs/tags/components/prompts/a/v2.0.0', 'refs/tags/components/prompts/b/v2.0.0'].map(update);
    const environments = ['a', 'b', 'c', 'd'].map((c) => `refs/tags/components/prompts/${c}/production`);
    const unchosen = planTagPush({ versions, environments }, limit, null);
    assert.equal(unchosen.overLimit, true);
    assert.equal(needsPushChoice(unchosen), true, 'six tags, limit three: a choice is needed');
    assert.deepEqual(unchosen.groups, [[...versions.map((v) => v.ref), ...environments]], 'unchosen, it would be one push');

    const grouped = planTagPush({ versions, environments }, limit, { mode: 'groups', perPush: 3 });
    assert.equal(needsPushChoice(grouped), false);
    assert.deepEqual(grouped.groups, [
      [versions[0].ref, versions[1].ref, environments[0]],
      [environments[1], environments[2], environments[3]],
    ]);
    const one = planTagPush({ versions, environments }, limit, { mode: 'one-push' });
    assert.equal(needsPushChoice(one), false);
    assert.equal(one.groups.length, 1);

    assert.throws(() => planTagPush({ versions, environments }, limit, { mode: 'groups', perPush: 4 }), usageError(/more than the limit of 3/));
    const within = planTagPush({ versions: [], environments: environments.slice(0, 3) }, limit, null);
    assert.equal(within.overLimit, false);
    assert.equal(needsPushChoice(within), false);
    const none = planTagPush({ versions, environments }, { limit: null, source: 'none' }, null);
    assert.equal(none.overLimit, false, 'no limit: any number of tags in one push');
  });
});
