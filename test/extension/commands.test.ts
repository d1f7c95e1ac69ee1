// Every Edgit command run with arguments over real repositories (git CLI fixtures, bare remotes,
// a teammate's clone, a rejecting pre-receive hook), outcomes read back from the tags with git.
import * as assert from 'assert';
import { chmodSync, writeFileSync } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { planEnvironmentMove } from '../../src/engine';
import type { MoveOutcome } from '../../src/extension/commands/moveFlow';
import type { MarkOutcome } from '../../src/extension/commands/markBad';
import { previewMoves } from '../../src/extension/commands/previewMoves';
import { TestRepo, cleanupTempDirs } from '../helpers/gitRepo';
import { CommandsSetup, EXTRACTION, LIMITS, commandsSetup, expectDone } from './support/commandsSetup';
import { edgitApi } from './support/edgitApi';

const tag = (key: string, slot: string) => `${key}/${slot}`;

describe('Commands (repositories built by the test)', function () {
  this.timeout(60_000);
  // The extension's edgit: file system serves the documents these commands open.
  before(() => edgitApi());
  let t: CommandsSetup;
  const open: CommandsSetup[] = [];
  const setup = async (...args: Parameters<typeof commandsSetup>) => {
    t = await commandsSetup(...args);
    open.push(t);
    return t;
  };
  afterEach(async () => {
    open.splice(0).forEach((s) => s.dispose());
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(() => cleanupTempDirs());

  const commitOf = (repo: TestRepo, key: string, slot: string) => repo.peeled(tag(key, slot));
  const versionCommit = (key: string, version: string) => t.repo.peeled(tag(key, version));

  describe('edgit.rollback', () => {
    it('moves the environment with arguments only, pushes atomically, and records the batch', async () => {
      await setup();
      const result = expectDone(
        await t.run<MoveOutcome>('edgit.rollback', {
          repositoryRoot: t.repo.dir,
          componentKey: EXTRACTION,
          environment: 'production',
          version: 'v1.0.0',
          reason: 'error rate up since v1.1.0',
          push: true,
          confirm: true,
        }),
      );
      assert.deepStrictEqual(result.moves, ['prompts/extraction · production: v1.1.0 → v1.0.0']);
      assert.strictEqual(result.pushedTo, 'origin');
      assert.strictEqual(result.action, 'rollback');
      const production = tag(EXTRACTION, 'production');
      assert.strictEqual(commitOf(t.repo, EXTRACTION, 'production'), versionCommit(EXTRACTION, 'v1.0.0'));
      // nested on the version tag object, first line as the CLI writes it, reason recorded
      const object = t.repo.git('cat-file', '-p', `refs/tags/${production}`);
      assert.match(object, new RegExp(`^object ${t.repo.refValue(tag(EXTRACTION, 'v1.0.0'))}\ntype tag\ntag ${production}\n`));
      assert.match(object, /\n\nSet extraction to production\n/);
      assert.match(object, /Reason: error rate up since v1\.1\.0/);
      // pushed: the remote holds exactly the local tag, and the history travelled with it
      assert.strictEqual(t.remote.refValue(production), t.repo.refValue(production));
      const history = t.repo.refValue('refs/edgit/history');
      assert.ok(history, 'a deployment history commit');
      assert.strictEqual(t.remote.refValue('refs/edgit/history'), history);
      assert.match(t.repo.git('log', '-1', '--format=%B', 'refs/edgit/history'), /Edgit-Event: .*"action":"rollback".*"environment":"production"/);
      // staging untouched
      assert.strictEqual(commitOf(t.repo, EXTRACTION, 'staging'), versionCommit(EXTRACTION, 'v1.1.0'));
    });

    it('offers the gradual rollback\'s next environment (edgit.rolloutOrder) with the same version', async () => {
      await setup();
      const staging = expectDone(
        await t.run<MoveOutcome>('edgit.rollback', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, environment: 'staging', version: 'v1.0.0', confirm: true }),
      );
      assert.deepStrictEqual(staging.next, { componentKey: EXTRACTION, environment: 'production', version: 'v1.0.0', from: 'v1.1.0' });
      // production is the last step: nothing follows it
      const production = expectDone(
        await t.run<MoveOutcome>('edgit.rollback', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, environment: 'production', version: 'v1.0.0', confirm: true }),
      );
      assert.strictEqual(production.next, null);
      const deploy = expectDone(
        await t.run<MoveOutcome>('edgit.deployVersion', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, environment: 'staging', version: 'v1.1.0', confirm: true }),
      );
      assert.strictEqual(deploy.next, null, 'a deploy offers no rollback step');
      // an environment outside the order has no next step
      t.host.setSettings({ rolloutOrder: ['canary', 'production'] });
      const outside = expectDone(
        await t.run<MoveOutcome>('edgit.rollback', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, environment: 'staging', version: 'v1.0.0', confirm: true }),
      );
      assert.strictEqual(outside.next, null);
    });

    it('refuses a move the safety checks fail, changing nothing', async () => {
      await setup();
      const before = t.repo.allRefs();
      const same = await t.run('edgit.rollback', { repositoryRoot: t.repo.dir, componentKey: 'prompts/extraction', environment: 'production', version: 'v1.1.0', confirm: true });
      assert.strictEqual(same.status, 'failed');
      assert.strictEqual(same.status === 'failed' && same.code, 'safety-check');
      assert.match(same.status === 'failed' ? same.message : '', /already at v1\.1\.0/);
      const prerelease = await t.run('edgit.rollback', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, environment: 'production', version: 'v1.2.0-rc.1', confirm: true });
      assert.strictEqual(prerelease.status, 'failed');
      assert.match(prerelease.status === 'failed' ? prerelease.message : '', /prerelease.*overrides: \['prerelease'\]/);
      assert.deepStrictEqual(t.repo.allRefs(), before);
      // an explicit override lets it through
      const forward = expectDone(
        await t.run<MoveOutcome>('edgit.rollback', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, environment: 'production', version: 'v1.2.0-rc.1', overrides: ['prerelease'], confirm: true }),
      );
      // v1.2.0-rc.1 is above v1.1.0: not a rollback but a deploy, recorded as one
      assert.strictEqual(forward.action, 'set');
      assert.strictEqual(commitOf(t.repo, EXTRACTION, 'production'), versionCommit(EXTRACTION, 'v1.2.0-rc.1'));
    });

    it('reports unknown components, versions and repositories as clear failures', async () => {
      await setup();
      const unknownComponent = await t.run('edgit.rollback', { repositoryRoot: t.repo.dir, componentKey: 'prompts/nope', environment: 'production', version: 'v1.0.0', confirm: true });
      assert.deepStrictEqual([unknownComponent.status, unknownComponent.status === 'failed' && unknownComponent.code], ['failed', 'unknown-component']);
      const unknownVersion = await t.run('edgit.rollback', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, environment: 'production', version: 'v9.9.9', confirm: true });
      assert.deepStrictEqual([unknownVersion.status, unknownVersion.status === 'failed' && unknownVersion.code], ['failed', 'unknown-version']);
      assert.match(unknownVersion.status === 'failed' ? unknownVersion.message : '', /Known versions: v1\.2\.0-rc\.1, v1\.1\.0, v1\.0\.0/);
      const unknownRoot = await t.run('edgit.rollback', { repositoryRoot: path.join(t.repo.dir, 'elsewhere'), componentKey: EXTRACTION, environment: 'production', version: 'v1.0.0', confirm: true });
      assert.deepStrictEqual([unknownRoot.status, unknownRoot.status === 'failed' && unknownRoot.code], ['failed', 'not-a-repository']);
    });

    it('accepts a tree node as its argument', async () => {
      await setup();
      const repository = t.registry.repositories()[0];
      const component = (await repository.snapshot()).get(EXTRACTION)!;
      const environment = component.environments.find((e) => e.name === 'staging')!;
      const version = component.versions.find((v) => v.version === 'v1.0.0')!;
      const node = { repository, component, environment, version, confirm: true };
      const result = expectDone(await t.run<MoveOutcome>('edgit.rollback', node));
      assert.deepStrictEqual(result.moves, ['prompts/extraction · staging: v1.1.0 → v1.0.0']);
      assert.strictEqual(result.pushedTo, null, 'pushMode "ask" without an answer stays local');
      assert.strictEqual(t.remote.peeled(tag(EXTRACTION, 'staging')), versionCommit(EXTRACTION, 'v1.1.0'));
    });
  });

  describe('edgit.partialRollback', () => {
    it('rolls several components back in one atomic batch, defaulting to the last known good', async () => {
      await setup();
      const result = expectDone(
        await t.run<MoveOutcome>('edgit.partialRollback', {
          repositoryRoot: t.repo.dir,
          environment: 'production',
          targets: [{ componentKey: EXTRACTION }, { componentKey: 'configs/limits', version: 'v1.0.0' }],
          reason: 'incident 42',
          push: true,
          confirm: true,
        }),
      );
      assert.deepStrictEqual(result.moves, ['prompts/extraction · production: v1.1.0 → v1.0.0', 'configs/limits · production: v1.1.0 → v1.0.0']);
      assert.strictEqual(commitOf(t.repo, EXTRACTION, 'production'), versionCommit(EXTRACTION, 'v1.0.0'));
      assert.strictEqual(commitOf(t.repo, LIMITS, 'production'), versionCommit(LIMITS, 'v1.0.0'));
      assert.strictEqual(commitOf(t.remote, LIMITS, 'production'), versionCommit(LIMITS, 'v1.0.0'));
      // one history commit for the whole batch
      const message = t.repo.git('log', '-1', '--format=%B', 'refs/edgit/history');
      assert.strictEqual(message.match(/Edgit-Event: /g)?.length, 2);
      assert.strictEqual(new Set([...message.matchAll(/"batch":"([0-9a-f]+)"/g)].map((m) => m[1])).size, 1);
    });

    it('changes nothing when one of its moves is refused', async () => {
      await setup();
      const before = t.repo.allRefs();
      const remoteBefore = t.remote.allRefs();
      const result = await t.run('edgit.partialRollback', {
        repositoryRoot: t.repo.dir,
        environment: 'production',
        targets: [{ componentKey: EXTRACTION, version: 'v1.0.0' }, { componentKey: LIMITS, version: 'v1.1.0' }],
        push: true,
        confirm: true,
      });
      assert.strictEqual(result.status, 'failed');
      assert.match(result.status === 'failed' ? result.message : '', /configs\/limits: production is already at v1\.1\.0/);
      assert.deepStrictEqual(t.repo.allRefs(), before);
      assert.deepStrictEqual(t.remote.allRefs(), remoteBefore);
    });
  });

  describe('edgit.deployVersion', () => {
    it('creates a new environment and validates environment names', async () => {
      await setup();
      const result = expectDone(await t.run<MoveOutcome>('edgit.deployVersion', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, environment: 'canary', version: 'v1.1.0', confirm: true }));
      assert.deepStrictEqual(result.moves, ['prompts/extraction · canary: (none) → v1.1.0']);
      assert.strictEqual(commitOf(t.repo, EXTRACTION, 'canary'), versionCommit(EXTRACTION, 'v1.1.0'));
      const before = t.repo.allRefs();
      for (const bad of ['v2.0.0', '1.0.0', '-x', 'a b']) {
        const r = await t.run('edgit.deployVersion', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, environment: bad, version: 'v1.0.0', confirm: true });
        assert.deepStrictEqual([bad, r.status, r.status === 'failed' && r.code], [bad, 'failed', 'invalid-name']);
      }
      assert.deepStrictEqual(t.repo.allRefs(), before);
    });

    it('pushes by default when edgit.pushMode is "always"', async () => {
      await setup({ pushMode: 'always' });
      const result = expectDone(await t.run<MoveOutcome>('edgit.deployVersion', { repositoryRoot: t.repo.dir, componentKey: LIMITS, environment: 'staging', version: 'v1.0.0', confirm: true }));
      assert.strictEqual(result.pushedTo, 'origin');
      assert.strictEqual(t.remote.refValue(tag(LIMITS, 'staging')), t.repo.refValue(tag(LIMITS, 'staging')));
    });
  });

  describe('edgit.createVersion', () => {
    it('bumps or takes a typed version, on HEAD or a given commit, and never overwrites one', async () => {
      await setup();
      const minor = expectDone(await t.run<{ tag: string; version: string; commit: string; reference: string }>('edgit.createVersion', { repositoryRoot: t.repo.dir, componentKey: 'configs/limits', bump: 'minor' }));
      assert.deepStrictEqual([minor.tag, minor.reference], [tag(LIMITS, 'v1.2.0'), 'configs/limits@v1.2.0']);
      assert.strictEqual(t.repo.peeled(minor.tag), t.repo.git('rev-parse', 'HEAD'));
      assert.match(t.repo.git('cat-file', '-p', `refs/tags/${minor.tag}`), /^object [0-9a-f]+\ntype commit\n[\s\S]*\n\nRelease limits v1\.2\.0$/);
      const first = t.repo.git('rev-list', '--max-parents=0', 'HEAD');
      const typed = expectDone(await t.run<{ tag: string; commit: string }>('edgit.createVersion', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, version: 'v0.9.0', commit: first }));
      assert.strictEqual(typed.commit, first);
      const before = t.repo.allRefs();
      const again = await t.run('edgit.createVersion', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, version: 'v1.0.0' });
      assert.deepStrictEqual([again.status, again.status === 'failed' && again.code], ['failed', 'version-exists']);
      const invalid = await t.run('edgit.createVersion', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, version: '1.3.0' });
      assert.deepStrictEqual([invalid.status, invalid.status === 'failed' && invalid.code], ['failed', 'invalid-name']);
      assert.deepStrictEqual(t.repo.allRefs(), before);
    });

    it('creates the first version of a new component and pushes it when asked', async () => {
      await setup();
      const created = expectDone(await t.run<{ tag: string; pushedTo: string | null }>('edgit.createVersion', { repositoryRoot: t.repo.dir, componentKey: 'schemas/invoice', bump: 'patch', push: true }));
      assert.deepStrictEqual([created.tag, created.pushedTo], ['components/schemas/invoice/v0.0.1', 'origin']);
      assert.strictEqual(t.remote.refValue(created.tag), t.repo.refValue(created.tag));
    });
  });

  describe('edgit.undo', () => {
    it('puts every pointer of the last batch back, pushed like the batch was', async () => {
      await setup();
      const original = t.repo.refValue(tag(EXTRACTION, 'production'));
      expectDone(await t.run('edgit.partialRollback', { repositoryRoot: t.repo.dir, environment: 'production', targets: [{ componentKey: EXTRACTION }, { componentKey: LIMITS }], push: true, confirm: true }));
      const undone = expectDone(await t.run<MoveOutcome>('edgit.undo', { repositoryRoot: t.repo.dir, reason: 'false alarm', confirm: true }));
      assert.strictEqual(undone.action, 'undo');
      assert.deepStrictEqual(undone.moves, ['prompts/extraction · production: v1.0.0 → v1.1.0', 'configs/limits · production: v1.0.0 → v1.1.0']);
      assert.strictEqual(undone.pushedTo, 'origin');
      for (const key of [EXTRACTION, LIMITS]) {
        assert.strictEqual(commitOf(t.repo, key, 'production'), versionCommit(key, 'v1.1.0'));
        assert.strictEqual(t.remote.refValue(tag(key, 'production')), t.repo.refValue(tag(key, 'production')));
      }
      assert.notStrictEqual(t.repo.refValue(tag(EXTRACTION, 'production')), original, 'a new tag object records the undo');
      assert.match(t.repo.git('log', '-1', '--format=%B', 'refs/edgit/history'), /"action":"undo"/);
    });

    it('deletes an environment the batch created, and works from workspace memory without a history', async () => {
      await setup();
      const deployed = expectDone(await t.run<MoveOutcome>('edgit.deployVersion', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, environment: 'canary', version: 'v1.0.0', confirm: true }));
      t.repo.git('update-ref', '-d', 'refs/edgit/history');
      const undone = expectDone(await t.run<MoveOutcome>('edgit.undo', { repositoryRoot: t.repo.dir, batchId: deployed.batchId, confirm: true }));
      assert.deepStrictEqual(undone.moves, ['prompts/extraction · canary: v1.0.0 → (none)']);
      assert.strictEqual(t.repo.refValue(tag(EXTRACTION, 'canary')), null);
    });

    it('refuses when an environment moved since, or when the batch is no longer the last', async () => {
      await setup();
      const first = expectDone(await t.run<MoveOutcome>('edgit.rollback', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, environment: 'staging', version: 'v1.0.0', confirm: true }));
      expectDone(await t.run('edgit.rollback', { repositoryRoot: t.repo.dir, componentKey: LIMITS, environment: 'production', version: 'v1.0.0', confirm: true }));
      const stale = await t.run('edgit.undo', { repositoryRoot: t.repo.dir, batchId: first.batchId, confirm: true });
      assert.deepStrictEqual([stale.status, stale.status === 'failed' && stale.code], ['failed', 'conflict']);
      t.repo.setEnvLikeCli(LIMITS, 'production', 'v1.1.0'); // someone moved it with the CLI
      t.registry.refreshAll();
      const before = t.repo.allRefs();
      const moved = await t.run('edgit.undo', { repositoryRoot: t.repo.dir, confirm: true });
      assert.strictEqual(moved.status, 'failed');
      assert.match(moved.status === 'failed' ? moved.message : '', /configs\/limits · production moved since/);
      assert.deepStrictEqual(t.repo.allRefs(), before);
    });
  });

  describe('pushing and fetching environment tags', () => {
    it('a remote whose pre-receive hook rejects: the move is refused and nothing changes on either side', async () => {
      await setup();
      const hook = path.join(t.remote.dir, 'hooks', 'pre-receive');
      writeFileSync(hook, '#!/bin/sh\necho "production is frozen" >&2\nexit 1\n');
      chmodSync(hook, 0o755);
      const local = t.repo.allRefs();
      const remote = t.remote.allRefs();
      const result = await t.run('edgit.rollback', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, environment: 'production', version: 'v1.0.0', push: true, confirm: true });
      assert.deepStrictEqual([result.status, result.status === 'failed' && result.code], ['failed', 'push-refused']);
      assert.match(result.status === 'failed' ? result.message : '', /refused the push, so nothing changed there/);
      assert.deepStrictEqual(t.repo.allRefs(), local);
      assert.deepStrictEqual(t.remote.allRefs(), remote);
    });

    it("a teammate's concurrent move is refused, not overwritten; fetch brings it", async () => {
      await setup();
      const ben = TestRepo.clone(t.remote);
      ben.git('fetch', '-q', 'origin', '+refs/tags/*:refs/tags/*');
      ben.setEnvLikeCli(EXTRACTION, 'production', 'v1.0.0');
      ben.git('push', '-q', '--force', 'origin', `refs/tags/${tag(EXTRACTION, 'production')}`);
      const bens = t.remote.refValue(tag(EXTRACTION, 'production'));
      const local = t.repo.allRefs();
      // drift may or may not be known yet: override it so the lease is what refuses
      const result = await t.run('edgit.deployVersion', {
        repositoryRoot: t.repo.dir,
        componentKey: EXTRACTION,
        environment: 'production',
        version: 'v1.2.0-rc.1',
        overrides: ['prerelease', 'remote-drift'],
        push: true,
        confirm: true,
      });
      assert.deepStrictEqual([result.status, result.status === 'failed' && result.code], ['failed', 'push-refused']);
      assert.strictEqual(t.remote.refValue(tag(EXTRACTION, 'production')), bens);
      assert.deepStrictEqual(t.repo.allRefs(), local);

      const fetched = expectDone(await t.run<{ updated: string[]; keptLocal: string[] }>('edgit.fetchEnvironmentTags', { repositoryRoot: t.repo.dir }));
      assert.deepStrictEqual(fetched.updated, [tag(EXTRACTION, 'production')]);
      assert.strictEqual(t.repo.refValue(tag(EXTRACTION, 'production')), bens);
    });

    it('pushes pending local moves with the versions the remote lacks, and skips what moved there', async () => {
      await setup();
      expectDone(await t.run('edgit.createVersion', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, version: 'v1.3.0' }));
      expectDone(await t.run('edgit.deployVersion', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, environment: 'staging', version: 'v1.3.0', push: false, confirm: true }));
      // a teammate moves configs/limits · production meanwhile
      const ben = TestRepo.clone(t.remote);
      ben.git('fetch', '-q', 'origin', '+refs/tags/*:refs/tags/*');
      ben.setEnvLikeCli(LIMITS, 'production', 'v1.0.0');
      ben.git('push', '-q', '--force', 'origin', `refs/tags/${tag(LIMITS, 'production')}`);
      // and we had moved it locally too
      expectDone(await t.run('edgit.rollback', { repositoryRoot: t.repo.dir, componentKey: LIMITS, environment: 'production', version: 'v1.0.0', push: false, overrides: ['remote-drift'], confirm: true }));

      const pushed = expectDone(await t.run<{ pushed: string[]; skipped: { tag: string; kind: string }[] }>('edgit.pushEnvironmentTags', { repositoryRoot: t.repo.dir, confirm: true }));
      assert.deepStrictEqual(pushed.pushed.sort(), [tag(EXTRACTION, 'staging'), tag(EXTRACTION, 'v1.3.0'), 'refs/edgit/history'].sort());
      assert.deepStrictEqual(pushed.skipped.map((s) => s.tag), [tag(LIMITS, 'production')]);
      assert.strictEqual(t.remote.refValue(tag(EXTRACTION, 'staging')), t.repo.refValue(tag(EXTRACTION, 'staging')));
      assert.strictEqual(t.remote.refValue(tag(EXTRACTION, 'v1.3.0')), t.repo.refValue(tag(EXTRACTION, 'v1.3.0')));
      assert.notStrictEqual(t.remote.refValue(tag(LIMITS, 'production')), t.repo.refValue(tag(LIMITS, 'production')));

      const nothing = expectDone(await t.run<{ pushed: string[] }>('edgit.pushEnvironmentTags', { repositoryRoot: t.repo.dir, confirm: true }));
      assert.deepStrictEqual(nothing.pushed, []);
    });

    it('fetch keeps a local move not pushed yet', async () => {
      await setup();
      expectDone(await t.run('edgit.rollback', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, environment: 'staging', version: 'v1.0.0', confirm: true }));
      const mine = t.repo.refValue(tag(EXTRACTION, 'staging'));
      const fetched = expectDone(await t.run<{ updated: string[]; keptLocal: string[] }>('edgit.fetchEnvironmentTags', { repositoryRoot: t.repo.dir }));
      assert.deepStrictEqual(fetched.keptLocal, [tag(EXTRACTION, 'staging')]);
      assert.strictEqual(t.repo.refValue(tag(EXTRACTION, 'staging')), mine);
    });
  });

  describe('bad marks (edgit.markVersionBad, edgit.clearBadMark)', () => {
    it('marks a version bad in the shared history, never suggests it, refuses deploying it unless overridden, and clears it', async () => {
      await setup();
      const marked = expectDone(
        await t.run<MarkOutcome>('edgit.markVersionBad', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, version: 'v1.0.0', reason: 'drops totals', push: true, confirm: true }),
      );
      assert.deepStrictEqual([marked.componentId, marked.version, marked.action, marked.pushedTo], ['prompts/extraction', 'v1.0.0', 'mark-bad', 'origin']);
      assert.strictEqual(t.remote.refValue('refs/edgit/history'), t.repo.refValue('refs/edgit/history'), 'the mark travelled to the remote');
      assert.match(t.repo.git('log', '-1', '--format=%B', 'refs/edgit/history'), /"kind":"mark".*"action":"mark-bad"/);
      // marking twice says so
      const again = await t.run('edgit.markVersionBad', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, version: 'v1.0.0', reason: 'x', confirm: true });
      assert.strictEqual(again.status, 'failed');
      // never suggested: production (v1.1.0) has no lower good version left
      const repository = t.registry.repositories()[0];
      const plan = await t.ctx.history.rollbackPlan(repository, EXTRACTION, 'production');
      assert.strictEqual(plan.suggested, null, plan.suggestionReason);
      assert.strictEqual(plan.candidates.find((c) => c.version.version === 'v1.0.0')?.bad?.reason, 'drops totals');
      // deploying it is refused, naming the mark, unless the check is overridden
      const before = t.repo.allRefs();
      const refused = await t.run('edgit.rollback', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, environment: 'production', version: 'v1.0.0', confirm: true });
      assert.strictEqual(refused.status, 'failed');
      assert.match(refused.status === 'failed' ? refused.message : '', /v1\.0\.0 is marked bad by .*: "drops totals"/);
      assert.deepStrictEqual(t.repo.allRefs(), before);
      expectDone(await t.run('edgit.rollback', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, environment: 'staging', version: 'v1.0.0', overrides: ['marked-bad'], confirm: true }));
      assert.strictEqual(commitOf(t.repo, EXTRACTION, 'staging'), versionCommit(EXTRACTION, 'v1.0.0'));
      // cleared: suggested again
      const cleared = expectDone(await t.run<MarkOutcome>('edgit.clearBadMark', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, version: 'v1.0.0', confirm: true }));
      assert.strictEqual(cleared.action, 'unmark-bad');
      assert.strictEqual((await t.ctx.history.rollbackPlan(repository, EXTRACTION, 'production')).suggested, 'v1.0.0');
    });

    it('a rollback marks the version it leaves bad in the same batch', async () => {
      await setup();
      const result = expectDone(
        await t.run<MoveOutcome>('edgit.rollback', {
          repositoryRoot: t.repo.dir,
          componentKey: LIMITS,
          environment: 'production',
          version: 'v1.0.0',
          reason: 'INC-7 limits too high',
          markBad: true,
          push: true,
          confirm: true,
        }),
      );
      assert.deepStrictEqual(result.markedBad, ['configs/limits@v1.1.0']);
      const message = t.repo.git('log', '-1', '--format=%B', 'refs/edgit/history');
      assert.match(message, /"kind":"recorded".*"environment":"production"/);
      assert.match(message, /"kind":"mark".*"version":"v1\.1\.0".*"reason":"INC-7 limits too high"/);
      assert.strictEqual(t.remote.refValue('refs/edgit/history'), t.repo.refValue('refs/edgit/history'));
      const marks = await t.ctx.history.marks(t.registry.repositories()[0]);
      assert.strictEqual(marks.get(LIMITS, 'v1.1.0')?.reason, 'INC-7 limits too high');
    });
  });

  describe('Preview Changes (the confirmation\'s multi-file diff)', () => {
    it('opens every moved component as it is now against what it would be, and changes no ref', async () => {
      await setup();
      const before = t.repo.allRefs();
      const repository = t.registry.repositories()[0];
      const snapshot = await repository.snapshot();
      const moves = [planEnvironmentMove(snapshot, EXTRACTION, 'production', 'v1.0.0'), planEnvironmentMove(snapshot, LIMITS, 'production', 'v1.0.0')];
      const outcome = await previewMoves(repository, snapshot, moves);
      assert.strictEqual(outcome.opened, 'changes', JSON.stringify(outcome));
      assert.deepStrictEqual(
        outcome.entries.map((e) => [e.componentId, e.environment, e.from, e.to]),
        [
          ['prompts/extraction', 'production', 'v1.1.0', 'v1.0.0'],
          ['configs/limits', 'production', 'v1.1.0', 'v1.0.0'],
        ],
      );
      const read = async (uri: string) => new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.parse(uri)));
      assert.strictEqual(await read(outcome.entries[0].left!), '# Extraction v2\n');
      assert.strictEqual(await read(outcome.entries[0].right!), '# Extraction v1\n');
      assert.strictEqual(await read(outcome.entries[1].right!), 'max: 1\n');
      const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
      const deadline = Date.now() + 10_000;
      while (!tabs().some((x) => x.label.startsWith(outcome.title)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.ok(tabs().some((x) => x.label.startsWith(outcome.title)), `a tab titled ${outcome.title}: ${tabs().map((x) => x.label).join(', ')}`);
      assert.deepStrictEqual(t.repo.allRefs(), before);
    });
  });

  describe('read-only commands', () => {
    it('edgit.copyReference copies namespace/name@slot', async () => {
      await setup();
      const r = expectDone(await t.run<{ reference: string }>('edgit.copyReference', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, version: 'v1.0.0' }));
      assert.strictEqual(r.reference, 'prompts/extraction@v1.0.0');
      assert.strictEqual(await vscode.env.clipboard.readText(), 'prompts/extraction@v1.0.0');
      const env = expectDone(await t.run<{ reference: string }>('edgit.copyReference', { repositoryRoot: t.repo.dir, componentKey: LIMITS, environment: 'production' }));
      assert.strictEqual(env.reference, 'configs/limits@production');
    });

    it('edgit.openVersion and edgit.openEnvironment open read-only documents titled with the ref', async () => {
      await setup();
      const version = expectDone(await t.run<{ uri: string; label: string }>('edgit.openVersion', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, version: 'v1.0.0' }));
      assert.strictEqual(version.label, 'v1.0.0');
      assert.strictEqual((await vscode.workspace.openTextDocument(vscode.Uri.parse(version.uri))).getText(), '# Extraction v1\n');
      const env = expectDone(await t.run<{ uri: string; label: string }>('edgit.openEnvironment', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, environment: 'production' }));
      assert.strictEqual(env.label, 'production → v1.1.0');
      assert.strictEqual((await vscode.workspace.openTextDocument(vscode.Uri.parse(env.uri))).getText(), '# Extraction v2\n');
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      assert.strictEqual(tab?.label, 'extraction.md (production → v1.1.0)');
    });

    it('edgit.compareWith diffs two refs; edgit.compareWithWorkingFile diffs one with the working tree', async () => {
      await setup();
      const diff = expectDone(await t.run<{ left: string; right: string; title: string }>('edgit.compareWith', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, environment: 'production', with: 'v1.0.0' }));
      assert.strictEqual(diff.title, 'extraction.md (production ↔ v1.0.0)');
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      assert.ok(input instanceof vscode.TabInputTextDiff, 'a diff editor is active');
      assert.strictEqual(input.original.toString(), diff.left);
      assert.strictEqual((await vscode.workspace.openTextDocument(input.modified)).getText(), '# Extraction v1\n');

      const working = expectDone(await t.run<{ left: string; right: string }>('edgit.compareWithWorkingFile', vscode.Uri.parse(diff.left)));
      assert.strictEqual(working.left, diff.left);
      assert.strictEqual(vscode.Uri.parse(working.right).fsPath, path.join(t.repo.dir, 'components/prompts/extraction.md'));
      const opened = expectDone(await t.run<{ uri: string }>('edgit.openWorkingFile', vscode.Uri.parse(diff.left)));
      assert.strictEqual(vscode.Uri.parse(opened.uri).fsPath, path.join(t.repo.dir, 'components/prompts/extraction.md'));
    });

    it('asks with a quick pick for what the arguments leave out', async () => {
      await setup();
      const pending = t.run<{ reference: string }>('edgit.copyReference', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION });
      await new Promise((r) => setTimeout(r, 800)); // the pick opens and fills
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      const r = expectDone(await pending);
      assert.strictEqual(r.reference, 'prompts/extraction@production', 'environments are listed first');

      const cancelled = t.run('edgit.openVersion', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION });
      await new Promise((r2) => setTimeout(r2, 800));
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      assert.deepStrictEqual(await cancelled, { status: 'cancelled' });
    });
  });
});
