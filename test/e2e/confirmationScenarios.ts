// "The incident, readable": the tree telling what happened, the rollback pick saying what was
// rolled back from, a preview read before confirming, an undo that stays local, and a partial
// rollback that marks the release moved together — in the real workbench, pictures in light and
// dark at 1280×800 with the side bar open. Registered after the other scenarios (scenarios.ts):
// the story starts from whatever they left, brought back to what the remote holds.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Git, fetchEnvironmentTags, loadSnapshot } from '../../src/engine';
import { E2eFixture, EXTRACTION, LOOKUP, ROUTER, SUMMARY } from './fixture';
import { TestRepo } from '../helpers/gitRepo';
import { ANA, BEA, CARL, DEV, minutesAgo, moveWithEdgitCli, recordAs } from '../helpers/recordedMoves';
import type { Scenario, ScenarioContext } from './scenarios';
import type { ReadmePicture } from './screenshots';
import { TreeRow, Workbench, waitUntil } from './workbench';

const RELEASE_REASON = 'CHG-1852 weekly release: extraction totals, lookup currencies';
const INCIDENT_REASON = 'INC-311 lookups time out since the currency join';

/** When the story's moves happened (set by the first scenario; the others read them). */
const story = { release: '', rollback: '', cliMove: '' };

/** `14:52 today` (or `yesterday 14:52` just after midnight): how the editor says a moment of the last hours, in this machine's zone. */
function spoken(iso: string): string {
  const d = new Date(iso);
  const clock = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  return `(?:${clock} today|yesterday ${clock})`;
}

const row = (rows: readonly TreeRow[], label: string) => {
  const found = rows.find((r) => r.label === label);
  assert.ok(found, `no row "${label}" among ${rows.map((r) => r.label).join(', ')}`);
  return found;
};

/** A picture in the light theme (the README's, or an extra) and the same in the dark theme. */
async function lightAndDark(wb: Workbench, screenshot: ScenarioContext['screenshot'], name: ReadmePicture | `extra-${string}`, restore?: () => Promise<void>): Promise<void> {
  await screenshot(name);
  await wb.setColorScheme('dark');
  await restore?.();
  await screenshot(`extra-${name.replace(/^extra-/, '')}-dark`);
  await wb.setColorScheme('light');
  await restore?.();
}

/**
 * The incident, written into the fixture the way a team makes it: every environment tag brought
 * back to what the remote holds; three days ago a first release (CHG-1790); 52 minutes ago
 * extraction and lookup released together (CHG-1852); 7 minutes ago Bea rolls lookup back
 * (INC-311); two hours ago Carl moved router's staging with the Edgit CLI (no record).
 */
async function writeTheIncident(fixture: E2eFixture): Promise<void> {
  const repo = fixture.repo;
  repo.git('fetch', '-q', '--force', 'origin', '+refs/tags/*:refs/tags/*');
  // A deployment history of its own, here and on the remote: the moves the earlier scenarios made
  // (a minute or two ago, in real time) would otherwise be newer than the story's back-dated ones.
  if (repo.git('ls-remote', 'origin', 'refs/edgit/history')) repo.git('push', '-q', 'origin', ':refs/edgit/history');
  for (const ref of repo.git('for-each-ref', '--format=%(refname)', 'refs/edgit/').split('\n').filter(Boolean)) repo.git('update-ref', '-d', ref);
  // And no tag reflogs: they date the positions the earlier scenarios moved through (in real time).
  fs.rmSync(path.join(repo.dir, '.git', 'logs', 'refs', 'tags'), { recursive: true, force: true });
  const now = Date.now();
  await recordAs(repo, ANA, minutesAgo(3 * 24 * 60, now), [
    [EXTRACTION, 'production', 'v1.0.0'],
    [LOOKUP, 'production', 'v1.1.0'],
  ], { reason: 'CHG-1790 invoices in production', push: false });
  story.cliMove = minutesAgo(120, now);
  moveWithEdgitCli(repo, CARL, story.cliMove, ROUTER, 'staging', 'v0.2.0');
  story.release = minutesAgo(52, now);
  await recordAs(repo, ANA, story.release, [
    [EXTRACTION, 'production', 'v1.1.0'],
    [LOOKUP, 'production', 'v2.0.0'],
  ], { reason: RELEASE_REASON, push: false });
  story.rollback = minutesAgo(7, now);
  await recordAs(repo, BEA, story.rollback, [[LOOKUP, 'production', 'v1.1.0']], { action: 'rollback', reason: INCIDENT_REASON, push: false });
  // The story written here, then published as it is (whatever the earlier scenarios left on the
  // remote), and what this clone knows of the remote brought up to date.
  repo.git('push', '-q', '--force', 'origin', `refs/tags/${EXTRACTION}/production`, `refs/tags/${LOOKUP}/production`, 'refs/edgit/history:refs/edgit/history');
  const git = new Git(repo.dir);
  await fetchEnvironmentTags(git, await loadSnapshot(git), 'origin');
}

/** Dev, in his own clone, rolls summary's staging back and pushes it (this clone does not fetch it). */
function devMovesSummaryStagingOnTheRemote(fixture: E2eFixture): void {
  const dev = TestRepo.clone(fixture.remote, path.join(fixture.root, `dev-${Date.now()}`), DEV);
  dev.setEnvLikeCli(SUMMARY, 'staging', 'v1.2.0');
  dev.git('push', '-q', '--force', 'origin', `refs/tags/${SUMMARY}/staging`);
}

export const confirmationScenarios: Scenario[] = [
  {
    name: '9a. the tree tells what happened: the last move with who, when and why, the release of the last hours standing out, a move without a record and a move on the remote',
    async run({ wb, fixture, screenshot, log }) {
      await writeTheIncident(fixture);
      await wb.showEdgitView();
      await wb.runCommand('Edgit: Refresh');
      // What is live first: the rows of the last hours say when.
      const lookup = await waitUntil('lookup rolled back by Bea', async () => {
        const rows = await wb.childrenOf(['queries']);
        const r = rows.find((x) => x.label === 'lookup');
        return r && new RegExp(`^production v1\\.1\\.0 · moved ${spoken(story.rollback)}`).test(r.description) ? r : undefined;
      });
      log(`lookup: ${lookup.description}`);
      // Then Dev moves summary's staging on the remote, seen here by the drift check (after a first
      // one that saw it the same on both sides: that is how the tree tells a teammate's move from ours).
      await wb.settleTree();
      devMovesSummaryStagingOnTheRemote(fixture);
      await wb.runCommand('Edgit: Refresh');
      assert.match(row(await wb.childrenOf(['prompts']), 'extraction').description, new RegExp(`^production v1\\.1\\.0 · moved ${spoken(story.release)}$`));

      for (const path of [['configs', 'router'], ['prompts', 'extraction'], ['prompts', 'summary'], ['queries', 'lookup']]) {
        await wb.page.mouse.move(900, 700); // no tooltip over the next row
        await wb.expand(path);
      }
      const production = await waitUntil('lookup production to say who rolled it back', async () => {
        const r = row(await wb.childrenOf(['queries', 'lookup']), 'production');
        return new RegExp(`^v1\\.1\\.0 · ${spoken(story.rollback)} by Bea Novak$`).test(r.description) ? r : undefined;
      });
      log(`lookup production: ${production.description}`);
      const staging = await waitUntil('router staging marked not recorded', async () => {
        const r = row(await wb.childrenOf(['configs', 'router']), 'staging');
        return /not recorded/.test(r.description) ? r : undefined;
      });
      assert.match(staging.description, new RegExp(`^v0\\.2\\.0 · not recorded · ${spoken(story.cliMove)} by Carl Ortiz$`));
      // Dev's move on the remote: drift right after what is live, so the default side bar width still shows it.
      const summaryStaging = await waitUntil('summary staging moved on the remote', async () => {
        const r = row(await wb.childrenOf(['prompts', 'summary']), 'staging');
        return /^v1\.9\.0 · moved on remote\b/.test(r.description) ? r : undefined;
      });
      log(`summary staging: ${summaryStaging.description}`);
      // The component row says it too (its description is repainted when the drift arrives).
      await waitUntil('the summary row to name staging moved on the remote', async () => {
        const r = row(await wb.childrenOf(['prompts']), 'summary');
        return /^production v1\.10\.0 · staging moved on remote\b/.test(r.description) ? r : undefined;
      });

      // The story on hover: not the tag's message, what happened.
      const hover = await wb.hoverTreeRow(['queries', 'lookup', 'production'], /Rolled back from v2\.0\.0/);
      log(`tooltip: ${hover.text.replace(/\n+/g, ' / ')}`);
      assert.match(hover.text, new RegExp(`Rolled back from v2\\.0\\.0 by Bea Novak, ${spoken(story.rollback)} — INC-311 lookups time out since the currency join`));
      assert.match(hover.text, new RegExp(`v2\\.0\\.0 from ${spoken(story.release)}: deployed by Ana Lima \\(replacing v1\\.1\\.0\\), together with prompts/extraction — CHG-1852 weekly release`));
      assert.doesNotMatch(hover.text, /Set lookup to production/);
      await wb.page.waitForTimeout(300);
      await lightAndDark(wb, screenshot, 'tree', async () => {
        await wb.hoverTreeRow(['queries', 'lookup', 'production'], /Rolled back from v2\.0\.0/);
      });

      const cli = await wb.hoverTreeRow(['configs', 'router', 'staging'], /Not recorded/);
      assert.match(cli.text, /moved by another tool from v0\.1\.0 by Carl Ortiz/i);
      assert.match(cli.text, /edgit-deploy verify/);
      await screenshot('extra-tree-not-recorded');
      await wb.page.mouse.move(900, 700);
    },
  },

  {
    name: '9b. the preview readable before confirming: the rollback pick says what was rolled back from, the dialog sums up the change, Preview Changes shows the diff with the question beside it; the local rollback\'s Undo stays local and leaves production the same as the remote',
    async run({ wb, fixture, screenshot, log }) {
      const tag = `${LOOKUP}/production`;
      if (!story.rollback) await writeTheIncident(fixture);
      const pushed = fixture.repo.refValue(tag);
      assert.strictEqual(fixture.remote.refValue(tag), pushed, 'lookup production starts as the remote has it');
      await wb.showEdgitView();
      await wb.page.mouse.move(900, 700);
      await wb.expand(['queries', 'lookup']);

      await wb.contextMenu(['queries', 'lookup', 'production'], 'Rollback…');
      await wb.waitForQuickTitle('Rollback: queries/lookup · production');
      const rolledBack = await wb.waitForQuickRow(/\bv2\.0\.0, rolled back from /);
      log(`v2.0.0 row: ${rolledBack.ariaLabel}`);
      assert.match(rolledBack.ariaLabel, new RegExp(`v2\\.0\\.0, rolled back from ${spoken(story.rollback)}, INC-311 · roll forward`));
      await wb.waitForQuickRow(/\bv1\.0\.0, .*last known good/);
      await wb.page.mouse.move(900, 700); // no tooltip of the row the menu came from
      await wb.page.waitForTimeout(300);
      await lightAndDark(wb, screenshot, 'rollback-quick-pick');
      await wb.pickWithKeyboard(/\bv1\.0\.0, .*last known good/);

      const dialog = await wb.waitForDialog();
      log(`dialog: ${dialog.message} / ${dialog.detail.replace(/\n/g, ' / ')}`);
      assert.strictEqual(dialog.message, 'Roll Back queries/lookup · production: v1.1.0 → v1.0.0?');
      assert.match(dialog.detail, /Changes \(Preview Changes shows the diff\):\n\s*components\/queries\/lookup\.sql: \+1 −1 lines/);
      assert.match(dialog.detail, /production is protected/);
      await lightAndDark(wb, screenshot, 'rollback-confirmation');

      // Preview first: the dialog closes, the diff opens, and the question comes back beside it, not over it.
      await wb.clickDialogButton('Preview Changes');
      const question = await wb.waitForToast(/^Roll Back queries\/lookup · production: v1\.1\.0 → v1\.0\.0\? The changes are open in the editor/);
      log(`question: ${question.text} [${question.buttons.join(', ')}]`);
      assert.strictEqual(
        question.text,
        'Roll Back queries/lookup · production: v1.1.0 → v1.0.0? The changes are open in the editor: read them, then answer (× cancels). production is protected: your answer confirms this exact move.',
      );
      assert.deepStrictEqual(question.buttons, ['Roll Back and Push', 'Roll Back Locally', 'Show Checks']);
      assert.strictEqual(await wb.dialog().isVisible(), false, 'no dialog over the diff');
      assert.strictEqual(await wb.quickInput().isVisible(), false, 'no quick input over the diff');
      assert.ok((await wb.statusBarTexts()).some((t) => t.includes('Roll Back queries/lookup · production?')), 'the status bar says a question waits');
      const entries = await waitUntil('the diff of lookup.sql', async () => {
        const found = await wb.multiDiffEntries();
        return found.length ? found : undefined;
      });
      log(`preview: ${entries.join(' | ')}`);
      assert.ok(entries.some((e) => /^lookup\.sql components\/queries \(production/.test(e)), `the preview shows lookup.sql: ${entries.join(', ')}`);
      const lines = wb.page.locator('.editor-group-container.active .multiDiffEditor .view-line');
      await waitUntil('both sides of the diff', async () => {
        const text = (await lines.allInnerTexts()).join('\n').replace(/\u00a0/g, ' ');
        return text.includes('SELECT id, total FROM invoices;') && text.includes('SELECT id FROM invoices;');
      });
      const { covered, total } = await wb.coveredBy(lines, question.locator);
      log(`diff lines under the question: ${covered} of ${total}`);
      assert.ok(total >= 2 && covered === 0, `the question covers none of the ${total} diff lines (${covered} covered)`);
      await question.locator.hover(); // a notification under the mouse stays
      await wb.page.waitForTimeout(300);
      await lightAndDark(wb, screenshot, 'extra-preview-before-confirming');

      await question.locator.locator('.monaco-button', { hasText: /^Roll Back Locally$/ }).click();
      await wb.answerInputBox('Rollback: queries/lookup · production: v1.1.0 → v1.0.0', 'e2e: INC-311 still slow');
      assert.ok(!(await wb.statusBarTexts()).some((t) => t.includes('Roll Back queries/lookup · production?')), 'the status bar entry is gone once answered');
      const toast = await wb.waitForToast('Rolled back queries/lookup · production: v1.1.0 → v1.0.0.');
      assert.strictEqual(toast.text, 'Rolled back queries/lookup · production: v1.1.0 → v1.0.0. Local only: not pushed yet.');
      assert.strictEqual(fixture.remote.refValue(tag), pushed, 'the remote keeps v1.1.0');
      await waitUntil('production not pushed', async () => /^v1\.0\.0 · not pushed\b/.test(row(await wb.childrenOf(['queries', 'lookup']), 'production').description));

      // Undo: its default answer follows what it reverts (local), and production is the same as the remote again.
      await toast.locator.locator('.monaco-button', { hasText: /^Undo$/ }).click();
      const undo = await wb.waitForDialog();
      log(`undo: ${undo.message} / ${undo.buttons.join(', ')} / ${undo.detail.replace(/\n/g, ' / ')}`);
      assert.strictEqual(undo.message, 'Restore queries/lookup · production: v1.0.0 → v1.1.0?');
      assert.strictEqual(await wb.dialogDefaultButton(), 'Restore Locally');
      assert.match(undo.detail, /What it reverts was not pushed, so by default this stays local too/);
      await screenshot('extra-undo-stays-local');
      await wb.clickDialogButton('Restore Locally');
      await wb.answerInputBox('Undo Deployment Change', '');
      await wb.waitForToast('Restored queries/lookup · production: v1.0.0 → v1.1.0.');
      assert.strictEqual(fixture.repo.refValue(tag), pushed, 'the very tag object is back: the same as the remote');
      const same = await waitUntil('production the same as the remote', async () => {
        const r = row(await wb.childrenOf(['queries', 'lookup']), 'production');
        return /^v1\.1\.0 · /.test(r.description) && !/not pushed/.test(r.description) ? r : undefined;
      });
      log(`after the undo: ${same.description}`);
      const hover = await wb.hoverTreeRow(['queries', 'lookup', 'production'], /Same as the remote/);
      assert.match(hover.text, /Restored \(undo\) from v1\.0\.0/);
      await wb.page.mouse.move(900, 700);

      // The next rollback does not warn of an unpushed move that no longer exists.
      await wb.contextMenu(['queries', 'lookup', 'production'], 'Rollback…');
      await wb.waitForQuickTitle('Rollback: queries/lookup · production');
      await wb.pickWithKeyboard(/\bv1\.0\.0, .*last known good/);
      const next = await wb.waitForDialog();
      assert.match(next.detail, /✓ production matches the remote/);
      assert.doesNotMatch(next.detail, /not pushed/);
      await wb.clickDialogButton('Cancel');
    },
  },

  {
    name: '9c. Partial Rollback…: the release moved together marked first, every check per component in the confirmation, the result counted in components; Undo stays local',
    async run({ wb, fixture, screenshot, log }) {
      if (!story.rollback) await writeTheIncident(fixture);
      const production = (key: string) => `${key}/production`;
      const before = { extraction: fixture.repo.refValue(production(EXTRACTION)), lookup: fixture.repo.refValue(production(LOOKUP)) };
      await wb.showEdgitView();
      await wb.contextMenu(['prompts', 'extraction'], 'Partial Rollback…');
      await wb.waitForQuickTitle('Partial Rollback');
      await wb.pickWithKeyboard(/\bproduction\b/);
      await wb.waitForQuickTitle('Partial Rollback: production');
      const offered = await waitUntil('the components of production', async () => {
        const rows = await wb.quickRows();
        return rows.filter((r) => r.checked !== null).length >= 3 ? rows : undefined;
      });
      log(`offered: ${offered.map((r) => `${r.ariaLabel} [${r.checked === null ? '-' : r.checked ? 'x' : ' '}]`).join(' | ')}`);
      const together = new RegExp(`deployed together ${spoken(story.release)} · CHG-1852`);
      const components = offered.filter((r) => r.checked !== null);
      assert.deepStrictEqual(
        components.map((r) => [r.ariaLabel.split(',')[0], together.test(r.ariaLabel)]),
        [
          ['prompts/extraction', true],
          ['queries/lookup', true],
          ['prompts/summary', false],
        ],
      );
      await wb.setQuickRowChecked(/^queries\/lookup\b/, true);
      await wb.page.mouse.move(900, 700); // no tooltip of the row the menu came from
      await wb.page.waitForTimeout(300);
      await screenshot('extra-partial-rollback-together');
      await wb.page.keyboard.press('Enter');

      await wb.waitForQuickRow(/Roll back 2 components/);
      await wb.pickWithKeyboard(/Roll back 2 components/);
      const dialog = await wb.waitForDialog();
      log(`dialog: ${dialog.message} / ${dialog.detail.replace(/\n/g, ' / ')}`);
      assert.strictEqual(dialog.message, 'Roll Back 2 components in production at once?');
      for (const line of ['a release version', 'production is protected: confirm this exact move', 'production matches the remote']) {
        assert.strictEqual(dialog.detail.split(line).length - 1, 2, `"${line}" once per component`);
      }
      assert.match(dialog.detail, /Changes \(Preview Changes shows the diff\):/);
      await lightAndDark(wb, screenshot, 'partial-rollback');
      await wb.clickDialogButton('Roll Back Locally');
      await wb.answerInputBox(/^Partial Rollback: 2 components in production/, 'e2e: INC-311 back to the last release');
      const toast = await wb.waitForToast(/^Rolled back 2 components in production/);
      log(`toast: ${toast.text}`);
      assert.match(toast.text, /^Rolled back 2 components in production \(prompts\/extraction v1\.1\.0 → v1\.0\.0; queries\/lookup v1\.1\.0 → v1\.0\.0\)\. Local only: not pushed yet\.$/);

      await toast.locator.locator('.monaco-button', { hasText: /^Undo$/ }).click();
      const undo = await wb.waitForDialog();
      assert.strictEqual(undo.message, 'Restore 2 components in production at once?');
      assert.strictEqual(await wb.dialogDefaultButton(), 'Restore Locally');
      await wb.clickDialogButton('Restore Locally');
      await wb.answerInputBox('Undo Deployment Change', '');
      await wb.waitForToast(/^Restored 2 components in production/);
      assert.deepStrictEqual({ extraction: fixture.repo.refValue(production(EXTRACTION)), lookup: fixture.repo.refValue(production(LOOKUP)) }, before, 'both tags are back, as the remote has them');
      assert.strictEqual(fixture.remote.refValue(production(LOOKUP)), before.lookup);
    },
  },
];
