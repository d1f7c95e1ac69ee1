// Editor pushes over the repository's tag-event limit (git config edgit.tagEventLimit): the
// confirmation says so before pushing and offers push in groups or one push; a stopped push in
// groups says what landed and offers to finish or put back. Real repositories, a real bare remote
// whose post-receive hook records what each push carried; only the dialogs are answered by the test.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { planEnvironmentMove } from '../../src/engine';
import { MoveOutcome, runMoveFlow } from '../../src/extension/commands/moveFlow';
import { FINISH_PUSH, PUT_BACK, PartialPushFailed } from '../../src/extension/commands/partialPush';
import type { PushOutcome } from '../../src/extension/commands/pushEnvironmentTags';
import { ONE_PUSH } from '../../src/extension/commands/tagPushChoice';
import type { CommandResult } from '../../src/extension/commands/results';
import { cleanupTempDirs } from '../helpers/gitRepo';
import { RecordingRemote, recordingRemote } from '../helpers/recordingRemote';
import { CommandsSetup, EXTRACTION, LIMITS, commandsSetup, expectDone } from './support/commandsSetup';
import { Answered, withDialogs } from './support/dialogs';

const tag = (key: string, slot: string) => `${key}/${slot}`;
const ref = (key: string, slot: string) => `refs/tags/${key}/${slot}`;
/** The tags a recorded push carried (its refs under refs/tags/), in the hook's order. */
const tagsOf = (push: { ref: string }[]) => push.map((u) => u.ref).filter((r) => r.startsWith('refs/tags/')).sort();

describe('Editor pushes over the tag-event limit (recording remote)', function () {
  this.timeout(90_000);
  const open: CommandsSetup[] = [];
  afterEach(async () => {
    open.splice(0).forEach((s) => s.dispose());
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(() => cleanupTempDirs());

  /** The team repository published to a recording remote, with `git config edgit.tagEventLimit limit`; the publishing pushes forgotten. */
  async function setup(limit: number): Promise<{ t: CommandsSetup; rec: RecordingRemote }> {
    const rec = recordingRemote();
    const t = await commandsSetup({}, `limit${limit}`, rec.remote);
    open.push(t);
    t.repo.git('config', 'edgit.tagEventLimit', String(limit));
    rec.clear();
    return { t, rec };
  }

  /** A new version v1.3.0 of extraction, made here and not pushed: deploying it pushes 2 tags (the version and the environment). */
  async function localVersion(t: CommandsSetup, rec: RecordingRemote): Promise<void> {
    expectDone(await t.run('edgit.createVersion', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, version: 'v1.3.0', push: false }));
    assert.strictEqual(t.remote.refValue(tag(EXTRACTION, 'v1.3.0')), null);
    assert.deepStrictEqual(rec.pushes(), []);
  }

  const deployStaging = (t: CommandsSetup, extra: Record<string, unknown> = {}) =>
    t.run<MoveOutcome>('edgit.deployVersion', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, environment: 'staging', version: 'v1.3.0', ...extra });

  it('says how many tags and that no tag-triggered workflow starts, before pushing, with the two choices; cancel or no choice changes nothing', async () => {
    const { t, rec } = await setup(1);
    await localVersion(t, rec);
    const local = t.repo.allRefs();
    const remote = t.remote.allRefs();

    const { result, modals } = await withDialogs(() => undefined, () => deployStaging(t));
    assert.deepStrictEqual(result, { status: 'cancelled' });
    assert.strictEqual(modals.length, 1);
    const [dialog] = modals;
    assert.match(dialog.detail, /This push carries 2 tags \(1 version tag, 1 environment tag\): the limit is 1 tags a push \(git config edgit\.tagEventLimit\), so origin starts no tag-triggered workflow for a push of more\./);
    assert.match(dialog.detail, /"Push in groups of 1": 2 atomic pushes of at most 1 tags, versions before the environments that point at them/);
    assert.match(dialog.detail, /"One push \(start the deploy by hand\)": one atomic push of all 2 tags; no tag-triggered workflow starts/);
    assert.ok(dialog.buttons.includes('Push in groups of 1') && dialog.buttons.includes(ONE_PUSH), dialog.buttons.join(' | '));
    assert.ok(!dialog.buttons.some((b) => / and Push$/.test(b)), `no plain push button: ${dialog.buttons.join(' | ')}`);
    assert.deepStrictEqual(rec.pushes(), [], 'nothing was pushed');
    assert.deepStrictEqual(t.repo.allRefs(), local);
    assert.deepStrictEqual(t.remote.allRefs(), remote);

    // Answered by arguments without a choice: refused, nothing changed anywhere.
    const refused = await deployStaging(t, { confirm: true, push: true });
    assert.deepStrictEqual([refused.status, refused.status === 'failed' && refused.code], ['failed', 'bad-usage']);
    assert.match(refused.status === 'failed' ? refused.message : '', /carries 2 tags, more than 1.*nothing was changed.*tagPush: "groups".*tagPush: "one-push"/s);
    assert.deepStrictEqual(rec.pushes(), []);
    assert.deepStrictEqual(t.repo.allRefs(), local);
    assert.deepStrictEqual(t.remote.allRefs(), remote);
  });

  it('"Push in groups" lands the groups in order: the version first, then the environment that points at it with its history', async () => {
    const { t, rec } = await setup(1);
    await localVersion(t, rec);
    const { result, notices } = await withDialogs((q) => (q.modal ? q.buttons.find((b) => b === 'Push in groups of 1') : undefined), () => deployStaging(t));
    const outcome = expectDone(result);
    assert.strictEqual(outcome.pushedTo, 'origin');
    assert.deepStrictEqual(outcome.pushes, [[tag(EXTRACTION, 'v1.3.0')], [tag(EXTRACTION, 'staging')]]);
    const pushes = rec.pushes();
    assert.strictEqual(pushes.length, 2, JSON.stringify(pushes));
    assert.deepStrictEqual(pushes.map(tagsOf), [[ref(EXTRACTION, 'v1.3.0')], [ref(EXTRACTION, 'staging')]]);
    assert.ok(pushes[1].some((u) => u.ref === 'refs/edgit/history'), 'the history travels with the push of the move it records');
    assert.strictEqual(t.remote.refValue(tag(EXTRACTION, 'staging')), t.repo.refValue(tag(EXTRACTION, 'staging')));
    assert.strictEqual(t.remote.refValue(tag(EXTRACTION, 'v1.3.0')), t.repo.refValue(tag(EXTRACTION, 'v1.3.0')));
    assert.strictEqual(t.remote.refValue('refs/edgit/history'), t.repo.refValue('refs/edgit/history'));
    assert.ok(notices.some((n) => /Pushed to origin in 2 atomic pushes\./.test(n)), notices.join('\n'));
    assert.strictEqual(outcome.startDeployByHand, false);
  });

  it('"One push" goes as one atomic push, and the notification says the deploy must be started by hand', async () => {
    const { t, rec } = await setup(1);
    await localVersion(t, rec);
    const { result, notices } = await withDialogs((q) => (q.modal ? ONE_PUSH : undefined), () => deployStaging(t));
    const outcome = expectDone(result);
    assert.strictEqual(outcome.startDeployByHand, true);
    const pushes = rec.pushes();
    assert.strictEqual(pushes.length, 1, JSON.stringify(pushes));
    assert.deepStrictEqual(tagsOf(pushes[0]), [ref(EXTRACTION, 'staging'), ref(EXTRACTION, 'v1.3.0')].sort());
    assert.ok(pushes[0].some((u) => u.ref === 'refs/edgit/history'));
    assert.strictEqual(t.remote.refValue(tag(EXTRACTION, 'staging')), t.repo.refValue(tag(EXTRACTION, 'staging')));
    assert.ok(
      notices.some((n) => /2 tags went to origin in one push, more than 1: no tag-triggered workflow started for it\. Start the deploy by hand\./.test(n)),
      notices.join('\n'),
    );
  });

  it('under the limit nothing changes in the dialog, and the push is one push', async () => {
    const { t, rec } = await setup(2);
    await localVersion(t, rec);
    let dialog: Answered | undefined;
    const { result } = await withDialogs(
      (q) => {
        if (q.modal) dialog = q;
        return q.modal ? q.buttons.find((b) => / and Push$/.test(b)) : undefined;
      },
      () => deployStaging(t),
    );
    expectDone(result);
    assert.ok(dialog);
    assert.deepStrictEqual(dialog.buttons, ['Deploy and Push', 'Deploy Locally', 'Preview Changes']);
    assert.doesNotMatch(dialog.detail, /tag-triggered|groups/);
    assert.match(dialog.detail, /Push to origin now \(one atomic push\), or move the tag here only and push later\./);
    assert.strictEqual(rec.pushes().length, 1);
    assert.deepStrictEqual(tagsOf(rec.pushes()[0]), [ref(EXTRACTION, 'staging'), ref(EXTRACTION, 'v1.3.0')].sort());
  });

  /**
   * Rolls extraction and limits back in production in one batch, pushed in groups of 1, while a
   * teammate moves limits/production on the remote right after the first push (its tag there
   * then names the version tag object itself): the second push is refused.
   */
  async function stoppedRollback(t: CommandsSetup, rec: RecordingRemote, answer: (q: Answered, seen: { historyOnRemote?: string }) => string | undefined) {
    const repository = t.registry.repositories()[0];
    const teammates = t.repo.refValue(tag(LIMITS, 'v1.1.0'))!;
    rec.moveAfterPushes(1, ref(LIMITS, 'production'), teammates);
    const seen: { historyOnRemote?: string } = {};
    const dialogs = await withDialogs(
      (q) => answer(q, seen),
      () =>
        runMoveFlow(t.ctx, {
          repository,
          plan: (s) => [planEnvironmentMove(s, EXTRACTION, 'production', 'v1.0.0'), planEnvironmentMove(s, LIMITS, 'production', 'v1.0.0')],
          action: 'rollback',
          words: { title: 'Partial Rollback', verb: 'Roll Back', past: 'Rolled back' },
          runChecks: true,
          confirm: 'always',
        }),
    );
    return { ...dialogs, seen, teammates };
  }

  it('a stopped push in groups says exactly what landed and what did not; "Put the landed moves back" moves them back here and there', async () => {
    const { t, rec } = await setup(1);
    const before = { extraction: t.repo.peeled(tag(EXTRACTION, 'production')), v100: t.repo.peeled(tag(EXTRACTION, 'v1.0.0')) };
    const { result, modals, seen, teammates } = await stoppedRollback(t, rec, (q, s) => {
      if (!q.modal) return undefined;
      if (q.kind === 'error') {
        // The remote's history as the stopped push left it: exactly the move that landed.
        s.historyOnRemote = t.remote.git('log', '-1', '--format=%B', 'refs/edgit/history');
        return PUT_BACK;
      }
      return q.buttons.find((b) => b === 'Push in groups of 1' || / and Push$/.test(b));
    });
    const partial = result as PartialPushFailed;
    assert.deepStrictEqual([partial.status, partial.code], ['failed', 'push-refused']);
    assert.deepStrictEqual(partial.landed, [tag(EXTRACTION, 'production')]);
    assert.deepStrictEqual(partial.notLanded, [tag(LIMITS, 'production')]);
    // The report: which landed, which did not, and the two follow-ups.
    const report = modals.find((q) => q.kind === 'error');
    assert.ok(report, modals.map((q) => q.message).join('\n'));
    assert.match(report.message, /Push 2 of 2 to "origin" was refused/);
    assert.match(report.detail, /Landed on origin \(push 1 of 2\):\n\s*components\/prompts\/extraction\/production: v1\.1\.0 → v1\.0\.0\nDid not land \(push 2 refused\):\n\s*components\/configs\/limits\/production: v1\.1\.0 → v1\.0\.0\n/);
    assert.match(report.detail, /The deployment history on origin records exactly the moves that landed\./);
    assert.deepStrictEqual(report.buttons, [FINISH_PUSH, PUT_BACK]);
    assert.strictEqual(seen.historyOnRemote?.match(/Edgit-Event: /g)?.length, 1, seen.historyOnRemote);
    assert.match(seen.historyOnRemote ?? '', /"component":"components\/prompts\/extraction".*"environment":"production"/);
    // Put back: one more confirmation (1 tag, within the limit), then extraction is where it was, here and on the remote.
    const putBack = modals.filter((q) => q.kind === 'warning');
    assert.strictEqual(putBack.length, 2, 'the rollback, then the put back');
    assert.match(putBack[1].message, /^Put Back prompts\/extraction · production: v1\.0\.0 → v1\.1\.0\?$/);
    const followUp = expectDone(partial.followUp as CommandResult<MoveOutcome>);
    assert.strictEqual(followUp.pushedTo, 'origin');
    assert.strictEqual(t.repo.peeled(tag(EXTRACTION, 'production')), before.extraction);
    assert.strictEqual(t.remote.refValue(tag(EXTRACTION, 'production')), t.repo.refValue(tag(EXTRACTION, 'production')));
    // limits was moved neither here nor there: the teammate's tag stays on the remote.
    assert.strictEqual(t.remote.refValue(tag(LIMITS, 'production')), teammates);
    assert.strictEqual(t.repo.peeled(tag(LIMITS, 'production')), t.repo.peeled(tag(LIMITS, 'v1.1.0')));
    assert.notStrictEqual(before.extraction, before.v100);
  });

  it('"Finish the push" fetches the teammate\'s move, plans the moves that did not land again and pushes them', async () => {
    const { t, rec } = await setup(1);
    const { result, modals } = await stoppedRollback(t, rec, (q) => {
      if (!q.modal) return undefined;
      if (q.kind === 'error') return FINISH_PUSH;
      return q.buttons.find((b) => b === 'Push in groups of 1' || / and Push$/.test(b));
    });
    const partial = result as PartialPushFailed;
    assert.deepStrictEqual(partial.notLanded, [tag(LIMITS, 'production')]);
    const again = modals.filter((q) => q.kind === 'warning');
    assert.strictEqual(again.length, 2, modals.map((q) => q.message).join('\n'));
    assert.match(again[1].detail, /^Finishes batch [0-9a-f]+: the moves whose push was refused\./);
    assert.match(again[1].message, /configs\/limits · production: v1\.1\.0 → v1\.0\.0/);
    const followUp = expectDone(partial.followUp as CommandResult<MoveOutcome>);
    assert.deepStrictEqual(followUp.moves, ['configs/limits · production: v1.1.0 → v1.0.0']);
    for (const key of [EXTRACTION, LIMITS]) {
      assert.strictEqual(t.repo.peeled(tag(key, 'production')), t.repo.peeled(tag(key, 'v1.0.0')), key);
      assert.strictEqual(t.remote.refValue(tag(key, 'production')), t.repo.refValue(tag(key, 'production')), key);
    }
    assert.strictEqual(rec.pushes().length, 2, 'the first push of the batch (the refused one is not logged), then the finishing one');
  });

  it('Push Environment Tags over the limit: says so, and pushes the pending moves in groups in order, or refuses without a choice', async () => {
    const { t, rec } = await setup(1);
    expectDone(await t.run('edgit.rollback', { repositoryRoot: t.repo.dir, componentKey: LIMITS, environment: 'production', version: 'v1.0.0', push: false, confirm: true }));
    expectDone(await t.run('edgit.rollback', { repositoryRoot: t.repo.dir, componentKey: EXTRACTION, environment: 'staging', version: 'v1.0.0', push: false, confirm: true }));
    assert.deepStrictEqual(rec.pushes(), []);
    const local = t.repo.allRefs();
    const remote = t.remote.allRefs();

    const refused = await t.run('edgit.pushEnvironmentTags', { repositoryRoot: t.repo.dir, confirm: true });
    assert.deepStrictEqual([refused.status, refused.status === 'failed' && refused.code], ['failed', 'bad-usage']);
    assert.deepStrictEqual(rec.pushes(), []);
    assert.deepStrictEqual(t.repo.allRefs(), local);
    assert.deepStrictEqual(t.remote.allRefs(), remote);

    const { result, modals, notices } = await withDialogs((q) => (q.modal ? 'Push in groups of 1' : undefined), () =>
      t.run<PushOutcome>('edgit.pushEnvironmentTags', { repositoryRoot: t.repo.dir }),
    );
    assert.strictEqual(modals.length, 1);
    assert.match(modals[0].detail, /This push carries 2 tags \(0 version tags, 2 environment tags\).*starts no tag-triggered workflow/);
    assert.deepStrictEqual(modals[0].buttons, ['Push in groups of 1', ONE_PUSH]);
    const pushed = expectDone(result);
    const pushes = rec.pushes();
    assert.strictEqual(pushes.length, 2, JSON.stringify(pushes));
    assert.deepStrictEqual(pushes.map(tagsOf), pushed.pushes.map((g) => g.map((x) => `refs/tags/${x}`)));
    assert.deepStrictEqual(pushed.pushes.flat().sort(), [tag(EXTRACTION, 'staging'), tag(LIMITS, 'production')].sort());
    for (const [key, env] of [[LIMITS, 'production'], [EXTRACTION, 'staging']] as const) {
      assert.strictEqual(t.remote.refValue(tag(key, env)), t.repo.refValue(tag(key, env)), `${key} ${env}`);
    }
    assert.strictEqual(t.remote.refValue('refs/edgit/history'), t.repo.refValue('refs/edgit/history'));
    assert.ok(notices.some((n) => /in 2 atomic pushes\./.test(n)), notices.join('\n'));
  });
});
