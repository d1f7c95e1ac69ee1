// The UI end-to-end scenarios: real clicks and keys in the workbench, outcomes read back with git.
// They run in this order against one workbench and one fixture repository (see fixture.ts);
// each leaves the tags it does not assert on as it found them.
import * as assert from 'assert';
import * as path from 'path';
import type { Page } from 'playwright-core';
import {
  CONTENT,
  E2eFixture,
  EXTRACTION,
  EXTRACTION_FILE,
  LOOKUP,
  LOOKUP_FILE,
  PAST_MOMENT,
  ROUTER,
  ROUTER_FILE,
  SUMMARY,
  SUMMARY_FILE,
  environmentVersions,
} from './fixture';
import { TestRepo } from '../helpers/gitRepo';
import type { ReadmePicture } from './screenshots';
import { timelineScenarios } from './timelineScenarios';
import { TreeRow, Workbench, waitUntil } from './workbench';
import { SIDE_BAR_WIDTH, WindowOptions } from './workbenchWindow';
import { confirmationScenarios } from './confirmationScenarios';

export interface ScenarioContext {
  readonly wb: Workbench;
  readonly fixture: E2eFixture;
  readonly log: (message: string) => void;
  /**
   * Saves a picture of `page` (default: the main window) now, as `<name>.png`: a README picture
   * (published by --screenshots-to) or another name (kept under .vscode-test/e2e/screenshots/).
   */
  readonly screenshot: (name: ReadmePicture | `extra-${string}`, page?: Page) => Promise<void>;
  /** Another VS Code window on its own code-server (the extension installed there too); closed after the scenario. */
  readonly openWindow: (options: WindowOptions) => Promise<Workbench>;
}

export interface Scenario {
  readonly name: string;
  /** Set (with the reason) to list the scenario as pending instead of running it. */
  readonly pending?: string;
  /** How long it may take (default: the runner's 120 s). */
  readonly timeoutMs?: number;
  run(ctx: ScenarioContext): Promise<void>;
}

const labels = (rows: readonly TreeRow[]) => rows.map((r) => r.label);

/** `Wed 5 Mar 2025, 14:47`: how the timeline page writes a moment, in UTC (the test browser's zone). */
function readableUtc(iso: string): string {
  const format = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });
  const p = Object.fromEntries(format.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute}`;
}
const row = (rows: readonly TreeRow[], label: string) => {
  const found = rows.find((r) => r.label === label);
  assert.ok(found, `no row "${label}" among ${labels(rows).join(', ')}`);
  return found;
};

const FILE_OF: Readonly<Record<string, string>> = { [EXTRACTION]: EXTRACTION_FILE, [SUMMARY]: SUMMARY_FILE, [ROUTER]: ROUTER_FILE, [LOOKUP]: LOOKUP_FILE };

/** The commit an environment tag points at, locally or on the bare remote. */
function commitOf(fixture: E2eFixture, tag: string, where: 'local' | 'remote' = 'local'): string | null {
  return (where === 'local' ? fixture.repo : fixture.remote).peeled(tag);
}

/** The annotated tag's full message (`git tag -l --format`). */
function tagMessage(fixture: E2eFixture, tag: string): string {
  return fixture.repo.git('tag', '-l', '--format=%(contents)', tag);
}

export const scenarios: Scenario[] = [
  {
    name: '1. the Edgit view from the activity bar: namespace → component → production at its version, versions highest first',
    async run({ wb, screenshot }) {
      await wb.showEdgitView();
      const top = await waitUntil('the namespaces', async () => {
        const rows = (await wb.treeRows()).filter((r) => r.level === 1);
        return rows.length >= 3 ? rows : undefined;
      });
      assert.deepStrictEqual(top.map((r) => [r.label, r.description]), [
        ['configs', '1'],
        ['prompts', '2'],
        ['queries', '1'],
      ]);
      const components = await wb.childrenOf(['prompts']);
      assert.deepStrictEqual(components.map((r) => [r.label, r.description]), [
        // what is live: the first environment of edgit.environmentOrder, with its version
        ['extraction', 'production v1.1.0'],
        ['summary', 'production v1.10.0'],
      ]);
      assert.ok(components.every((r) => r.expanded === false), 'components start collapsed');

      await wb.expand(['prompts', 'extraction']);
      const extraction = await waitUntil('the rows of extraction', async () => {
        const rows = await wb.childrenOf(['prompts', 'extraction']);
        return rows.length ? rows : undefined;
      });
      assert.deepStrictEqual(labels(extraction), ['production', 'v1.1.0', 'v1.0.0']);
      // Set with the Edgit CLI, not through the deployment history: marked, as `edgit-deploy verify` reports it.
      assert.match(row(extraction, 'production').description, /^v1\.1\.0 · not recorded · .+ ago by Ana$/);
      assert.strictEqual(row(extraction, 'v1.1.0').description, 'production');
      assert.strictEqual(row(extraction, 'v1.0.0').description, '');

      await wb.expand(['prompts', 'summary']);
      const summary = await waitUntil('the rows of summary', async () => {
        const rows = await wb.childrenOf(['prompts', 'summary']);
        return rows.length ? rows : undefined;
      });
      // Semver order, not string order (v1.9.0 < v1.10.0).
      assert.deepStrictEqual(labels(summary), ['production', 'staging', 'v1.10.0', 'v1.9.0', 'v1.2.0']);
      assert.match(row(summary, 'production').description, /^v1\.10\.0 · /);
      assert.match(row(summary, 'staging').description, /^v1\.9\.0 · /);
      // The picture: every component open, environments and versions.
      await wb.expand(['configs', 'router']);
      await wb.expand(['queries', 'lookup']);
      assert.deepStrictEqual(labels(await wb.childrenOf(['queries', 'lookup'])), ['production', 'v2.0.0', 'v1.1.0', 'v1.0.0']);
      await wb.settleTree();
      await wb.page.mouse.move(900, 600); // no hover card in the picture
      await screenshot('extra-tree-fixture'); // the README's picture: scenario 8a, with the incident
    },
  },

  {
    name: '2. F1 → "Edgit: Rollback…": quick picks by keyboard, modal naming the exact move, reason, tag moved and pushed; Undo puts it back',
    async run({ wb, fixture, screenshot }) {
      const tag = `${EXTRACTION}/production`;
      const v1 = fixture.commits[`${EXTRACTION}/v1.0.0`];
      const v2 = fixture.commits[`${EXTRACTION}/v1.1.0`];
      assert.strictEqual(commitOf(fixture, tag), v2, 'fixture: production starts at v1.1.0');
      await wb.showEdgitView();

      await wb.runCommand('Edgit: Rollback…');
      assert.strictEqual(await wb.waitForQuickTitle('Rollback'), 'Rollback (1/3)');
      await wb.pickWithKeyboard(/prompts\/extraction\b/, 'extraction');
      assert.strictEqual(await wb.waitForQuickTitle('Rollback: prompts/extraction'), 'Rollback: prompts/extraction (2/3)');
      await wb.pickWithKeyboard(/\bproduction\b/);
      assert.strictEqual(await wb.waitForQuickTitle('Rollback: prompts/extraction · production'), 'Rollback: prompts/extraction · production (3/3)');
      await wb.waitForQuickRow(/\bv1\.0\.0,/);
      await screenshot('extra-rollback-quick-pick-fixture'); // the README's picture: scenario 8b
      // The suggestion comes first and is focused; pick v1.0.0 (not the current v1.1.0).
      const picked = await wb.pickWithKeyboard(/\bv1\.0\.0,/);
      assert.match(picked, /last known good/);

      const dialog = await wb.waitForDialog();
      assert.strictEqual(dialog.message, 'Roll Back prompts/extraction · production: v1.1.0 → v1.0.0?');
      assert.match(dialog.detail, /production is protected/);
      assert.deepStrictEqual([...dialog.buttons].sort(), ['Also Mark v1.1.0 Bad', 'Cancel', 'Preview Changes', 'Roll Back Locally', 'Roll Back and Push']);
      await screenshot('extra-rollback-confirmation-fixture'); // the README's picture: scenario 8b
      assert.strictEqual(commitOf(fixture, tag), v2, 'nothing moves before the confirmation');
      await wb.clickDialogButton('Roll Back and Push');

      await wb.answerInputBox('Rollback: prompts/extraction · production: v1.1.0 → v1.0.0', 'e2e: error rate up');
      const toast = await wb.waitForToast('Rolled back prompts/extraction · production: v1.1.0 → v1.0.0.');
      assert.strictEqual(toast.text, 'Rolled back prompts/extraction · production: v1.1.0 → v1.0.0. Pushed to origin.');
      assert.deepStrictEqual(toast.buttons, ['Undo']);

      assert.strictEqual(commitOf(fixture, tag), v1, 'production moved to v1.0.0');
      assert.strictEqual(commitOf(fixture, tag, 'remote'), v1, 'production pushed to the remote');
      const message = tagMessage(fixture, tag);
      assert.match(message, /^Set extraction to production\n/);
      assert.match(message, /Reason: e2e: error rate up/);
      await wb.expand(['prompts', 'extraction']);
      await waitUntil('the production row to show v1.0.0', async () =>
        /^v1\.0\.0 · /.test(row(await wb.childrenOf(['prompts', 'extraction']), 'production').description),
      );

      await toast.locator.locator('.monaco-button', { hasText: /^Undo$/ }).click();
      const undo = await wb.waitForDialog();
      assert.strictEqual(undo.message, 'Restore prompts/extraction · production: v1.0.0 → v1.1.0?');
      assert.strictEqual(commitOf(fixture, tag), v1, 'nothing moves before the undo is confirmed');
      await wb.clickDialogButton('Restore and Push');
      await wb.answerInputBox('Undo Deployment Change', '');
      await wb.waitForToast('Restored prompts/extraction · production: v1.0.0 → v1.1.0.');
      assert.strictEqual(commitOf(fixture, tag), v2, 'the undo put production back at v1.1.0');
      assert.strictEqual(commitOf(fixture, tag, 'remote'), v2, 'the undo was pushed');
      await waitUntil('the production row to show v1.1.0 again', async () =>
        /^v1\.1\.0 · /.test(row(await wb.childrenOf(['prompts', 'extraction']), 'production').description),
      );
    },
  },

  {
    name: '3a. Rollback from the context menu of an environment row (right click), kept local',
    async run({ wb, fixture }) {
      const tag = `${SUMMARY}/production`;
      const from = fixture.commits[`${SUMMARY}/v1.10.0`];
      const to = fixture.commits[`${SUMMARY}/v1.9.0`];
      assert.strictEqual(commitOf(fixture, tag), from);
      await wb.showEdgitView();
      await wb.expand(['prompts', 'summary']);

      await wb.contextMenu(['prompts', 'summary', 'production'], 'Rollback…');
      // Component and environment come from the row: only the version is asked.
      assert.strictEqual(await wb.waitForQuickTitle('Rollback: prompts/summary · production'), 'Rollback: prompts/summary · production (1/1)');
      await wb.pickWithKeyboard(/\bv1\.9\.0,/);
      const dialog = await wb.waitForDialog();
      assert.strictEqual(dialog.message, 'Roll Back prompts/summary · production: v1.10.0 → v1.9.0?');
      await wb.clickDialogButton('Roll Back Locally');
      await wb.answerInputBox('Rollback: prompts/summary · production: v1.10.0 → v1.9.0', '');

      const toast = await wb.waitForToast('Rolled back prompts/summary · production: v1.10.0 → v1.9.0.');
      assert.strictEqual(toast.text, 'Rolled back prompts/summary · production: v1.10.0 → v1.9.0. Local only: not pushed yet.');
      assert.deepStrictEqual(toast.buttons, ['Undo', 'Push']);
      assert.strictEqual(commitOf(fixture, tag), to, 'production moved to v1.9.0 here');
      assert.strictEqual(commitOf(fixture, tag, 'remote'), from, 'the remote still has v1.10.0');
      assert.doesNotMatch(tagMessage(fixture, tag), /Reason:/, 'a skipped reason is not recorded');
      await waitUntil('the production row to show v1.9.0, not pushed', async () => {
        const production = row(await wb.childrenOf(['prompts', 'summary']), 'production');
        return /^v1\.9\.0 · /.test(production.description) && /not pushed/.test(production.description);
      });
    },
  },

  {
    name: '3b. Rollback from the inline action of an environment row',
    async run({ wb, fixture }) {
      const tag = `${SUMMARY}/staging`;
      assert.strictEqual(commitOf(fixture, tag), fixture.commits[`${SUMMARY}/v1.9.0`]);
      await wb.showEdgitView();
      await wb.expand(['prompts', 'summary']);

      await wb.inlineAction(['prompts', 'summary', 'staging'], 'Rollback…');
      await wb.waitForQuickTitle('Rollback: prompts/summary · staging');
      await wb.pickWithKeyboard(/\bv1\.2\.0,/);
      const dialog = await wb.waitForDialog();
      assert.strictEqual(dialog.message, 'Roll Back prompts/summary · staging: v1.9.0 → v1.2.0?');
      await wb.clickDialogButton('Roll Back Locally');
      await wb.answerInputBox('Rollback: prompts/summary · staging', '');
      await wb.waitForToast('Rolled back prompts/summary · staging: v1.9.0 → v1.2.0.');
      assert.strictEqual(commitOf(fixture, tag), fixture.commits[`${SUMMARY}/v1.2.0`], 'staging moved to v1.2.0');
      await waitUntil('the staging row to show v1.2.0', async () =>
        /^v1\.2\.0 · /.test(row(await wb.childrenOf(['prompts', 'summary']), 'staging').description),
      );
    },
  },

  {
    name: '4. Open Version from the tree: a tab titled "extraction.md (v1.0.0)" with the historical content',
    async run({ wb }) {
      await wb.showEdgitView();
      await wb.expand(['prompts', 'extraction']);
      await wb.inlineAction(['prompts', 'extraction', 'v1.0.0'], 'Open Version');
      await waitUntil('the tab "extraction.md (v1.0.0)"', async () => (await wb.activeTabTitle()) === 'extraction.md (v1.0.0)');
      // The renderer shows spaces as U+00A0.
      const nonEmptyLines = (text: string) => text.replace(/\u00a0/g, ' ').split('\n').map((l) => l.trim()).filter(Boolean);
      const shown = await waitUntil('the editor content', async () => {
        const text = await wb.activeEditorText();
        return text.trim() ? text : undefined;
      });
      // The renderer drops empty lines; the working file (v1.1.0) also extracts "the total".
      assert.deepStrictEqual(nonEmptyLines(shown), nonEmptyLines(CONTENT.extractionV1));
    },
  },

  {
    name: '5. an outside `git tag -f` refreshes the tree within a few seconds',
    async run({ wb, fixture, log }) {
      await wb.showEdgitView();
      await wb.expand(['configs', 'router']);
      const before = await wb.childrenOf(['configs', 'router']);
      assert.deepStrictEqual(labels(before), ['staging', 'v0.2.0', 'v0.1.0']);
      assert.match(row(before, 'staging').description, /^v0\.1\.0 · /);

      const started = Date.now();
      fixture.repo.setEnvWithTagForce(ROUTER, 'staging', `${ROUTER}/v0.2.0`);
      fixture.repo.git('tag', '-f', `${ROUTER}/canary`, `${ROUTER}/v0.1.0^{commit}`);
      const after = await waitUntil(
        'the tree to show staging at v0.2.0 and a canary row',
        async () => {
          const rows = await wb.childrenOf(['configs', 'router']);
          return rows.some((r) => r.label === 'canary') && /^v0\.2\.0\b/.test(row(rows, 'staging').description) ? rows : undefined;
        },
        5_000,
      );
      log(`tree refreshed ${Date.now() - started} ms after the outside git tag -f`);
      assert.deepStrictEqual(labels(after), ['staging', 'canary', 'v0.2.0', 'v0.1.0']);
      assert.match(row(after, 'canary').description, /^v0\.1\.0\b/);
    },
  },

  {
    name: '6. a row action clicked while the tree repaints after a tag change still acts on its row',
    // A whole-tree refresh (onDidChangeTreeData(undefined)) makes VS Code forget every row handle
    // until the rows are fetched again, so a row action clicked then ran with no argument. The tree
    // now repaints only the components whose tags or drift changed; this guards that.
    async run({ wb, fixture }) {
      await wb.showEdgitView();
      await wb.expand(['prompts', 'extraction']);
      const failures: string[] = [];
      for (let attempt = 0; attempt < 8; attempt++) {
        // An unrelated component changes (a teammate's fetch, a CLI run); the click lands 0.25-0.6 s later.
        fixture.repo.git('tag', '-f', `${ROUTER}/canary`, `${ROUTER}/v0.${1 + (attempt % 2)}.0^{commit}`);
        const delay = 250 + attempt * 50;
        await wb.page.waitForTimeout(delay);
        await wb.inlineAction(['prompts', 'extraction', 'v1.0.0'], 'Open Version', { settle: false });
        const outcome = await waitUntil('a tab or a picker', async () => {
          if (await wb.quickInput().isVisible()) return `picker "${await wb.quickTitle()}"`;
          const tab = await wb.activeTabTitle();
          return tab ? `tab "${tab}"` : undefined;
        });
        if (outcome !== 'tab "extraction.md (v1.0.0)"') failures.push(`click ${delay} ms after the tag change: ${outcome}`);
        await wb.reset();
      }
      assert.deepStrictEqual(failures, [], 'every click on Open Version opens that version');
    },
  },

  {
    name: '7a. Partial Rollback… from a component row: two of three production components in one batch, pushed; Undo restores both here and on the remote',
    async run({ wb, fixture, screenshot, log }) {
      const production = (key: string) => `${key}/production`;
      const before = { extraction: commitOf(fixture, production(EXTRACTION)), lookup: commitOf(fixture, production(LOOKUP)), summary: commitOf(fixture, production(SUMMARY)) };
      assert.strictEqual(before.extraction, fixture.commits[`${EXTRACTION}/v1.1.0`], 'extraction starts at v1.1.0 in production');
      assert.strictEqual(before.lookup, fixture.commits[`${LOOKUP}/v2.0.0`], 'lookup starts at v2.0.0 in production');
      await wb.showEdgitView();

      await wb.contextMenu(['prompts', 'extraction'], 'Partial Rollback…');
      await wb.waitForQuickTitle('Partial Rollback');
      await wb.pickWithKeyboard(/\bproduction\b/);
      await wb.waitForQuickTitle('Partial Rollback: production');
      // The three components deployed to production; the row's component starts checked.
      const offered = await waitUntil('three components to choose from', async () => {
        const rows = await wb.quickRows();
        return rows.length >= 3 ? rows : undefined;
      });
      log(`offered: ${offered.map((r) => `${r.ariaLabel} [${r.checked ? 'x' : ' '}]`).join(' | ')}`);
      assert.deepStrictEqual(offered.map((r) => [r.ariaLabel.split(',')[0], r.checked]), [
        ['prompts/extraction', true],
        ['prompts/summary', false],
        ['queries/lookup', false],
      ]);
      await wb.setQuickRowChecked(/^queries\/lookup\b/, true);
      await screenshot('extra-partial-rollback-pick');
      await wb.page.keyboard.press('Enter');

      // The review: each target with why it was suggested; accept both.
      await wb.waitForQuickRow(/Roll back 2 components/);
      const review = (await wb.quickRows()).map((r) => r.ariaLabel);
      log(`review: ${review.join(' | ')}`);
      // Each target is the version production held before its current one, from the deployment history.
      assert.ok(review.some((l) => /prompts\/extraction, v1\.1\.0 → v1\.0\.0, last known good/.test(l)), 'extraction is offered back to v1.0.0');
      assert.ok(review.some((l) => /queries\/lookup, v2\.0\.0 → v1\.1\.0, last known good/.test(l)), 'lookup is offered back to v1.1.0');
      await wb.pickWithKeyboard(/Roll back 2 components/);

      const dialog = await wb.waitForDialog();
      log(`modal: ${dialog.message} / ${dialog.detail.replace(/\n/g, ' / ')}`);
      assert.strictEqual(dialog.message, 'Roll Back 2 components in production at once?');
      assert.match(dialog.detail, /prompts\/extraction · production: v1\.1\.0 → v1\.0\.0/);
      assert.match(dialog.detail, /queries\/lookup · production: v2\.0\.0 → v1\.1\.0/);
      assert.match(dialog.detail, /All moves happen together or none does\./);
      await screenshot('extra-partial-rollback-fixture'); // the README's picture: scenario 8c
      await wb.clickDialogButton('Roll Back and Push');
      await wb.answerInputBox(/^Partial Rollback: 2 components in production/, 'e2e: lookup and extraction broke the totals');

      const toast = await wb.waitForToast(/^Rolled back 2 components in production/);
      log(`toast: ${toast.text}`);
      assert.match(toast.text, /Pushed to origin\.$/);
      assert.deepStrictEqual(toast.buttons, ['Undo']);
      for (const where of ['local', 'remote'] as const) {
        assert.strictEqual(commitOf(fixture, production(EXTRACTION), where), fixture.commits[`${EXTRACTION}/v1.0.0`], `extraction at v1.0.0 (${where})`);
        assert.strictEqual(commitOf(fixture, production(LOOKUP), where), fixture.commits[`${LOOKUP}/v1.1.0`], `lookup at v1.1.0 (${where})`);
      }
      assert.strictEqual(commitOf(fixture, production(SUMMARY)), before.summary, 'the unchecked summary did not move');
      assert.match(tagMessage(fixture, production(LOOKUP)), /Reason: e2e: lookup and extraction broke the totals/);

      await toast.locator.locator('.monaco-button', { hasText: /^Undo$/ }).click();
      const undo = await wb.waitForDialog();
      log(`undo modal: ${undo.message} / ${undo.detail.replace(/\n/g, ' / ')}`);
      assert.strictEqual(undo.message, 'Restore 2 components in production at once?');
      assert.match(undo.detail, /prompts\/extraction · production: v1\.0\.0 → v1\.1\.0/);
      assert.match(undo.detail, /queries\/lookup · production: v1\.1\.0 → v2\.0\.0/);
      await wb.clickDialogButton('Restore and Push');
      await wb.answerInputBox('Undo Deployment Change', '');
      await wb.waitForToast(/^Restored 2 components in production/);
      for (const where of ['local', 'remote'] as const) {
        assert.strictEqual(commitOf(fixture, production(EXTRACTION), where), before.extraction, `the undo put extraction back at v1.1.0 (${where})`);
        assert.strictEqual(commitOf(fixture, production(LOOKUP), where), before.lookup, `the undo put lookup back at v2.0.0 (${where})`);
      }
      await wb.expand(['queries', 'lookup']);
      await waitUntil('the lookup production row to show v2.0.0 again', async () =>
        /^v2\.0\.0 · /.test(row(await wb.childrenOf(['queries', 'lookup']), 'production').description),
      );
    },
  },

  {
    name: '7b. the deployment timeline at a past moment shows what git held then; "Compare with now" opens the multi-file diff of what changed since',
    async run({ wb, fixture, screenshot, log }) {
      // Run alone, nothing has moved since the fixture's story: move staging as scenario 3b does (here with the CLI's annotated tag).
      if (JSON.stringify(environmentVersions(fixture.repo)) === JSON.stringify(fixture.environmentsAtPastMoment)) {
        fixture.repo.setEnvLikeCli(SUMMARY, 'staging', 'v1.2.0');
      }
      await wb.showEdgitView();
      await wb.runCommand('Edgit: Show Deployment Timeline');
      const page = wb.webview();
      const input = page.locator('#moment-input');
      await input.waitFor({ state: 'visible', timeout: 30_000 });
      await waitUntil('the timeline to show the current state', async () => (await page.locator('#moment-table tbody tr[data-component]').count()) > 0);

      // The browser runs in UTC (workbenchWindow.ts): the local moment typed is the fixture's.
      const moment = PAST_MOMENT.replace(/Z$/, '');
      await input.fill(moment);
      const summary = await waitUntil(`the moment ${moment}`, async () => {
        const text = await page.locator('#moment-summary').innerText();
        // The page writes moments readably in the reader's zone (UTC here): `Wed 5 Mar 2025, 14:47`.
        return text.startsWith(`At ${readableUtc(PAST_MOMENT)}`) ? text : undefined;
      });
      log(`summary: ${summary}`);

      // Then: what git showed at that moment (the fixture read it); now: what git shows now.
      const now = environmentVersions(fixture.repo);
      const cells = await page.locator('#moment-table tbody tr[data-component]').evaluateAll((rows) =>
        rows.map((r) => ({
          tag: `${r.getAttribute('data-component')}/${r.getAttribute('data-environment')}`,
          evidence: r.getAttribute('data-evidence'),
          then: (r.querySelector('td.then')?.textContent ?? '').trim(),
          now: (r.querySelector('td.now')?.textContent ?? '').trim(),
        })),
      );
      log(`cells: ${cells.map((c) => `${c.tag}=${c.then} [${c.evidence}] now ${c.now}`).join(' | ')}`);
      for (const [tag, version] of Object.entries(fixture.environmentsAtPastMoment)) {
        const cell = cells.find((c) => c.tag === tag);
        assert.ok(cell, `the timeline has a row for ${tag}`);
        if (cell.evidence === 'unknown') {
          // Moved since by a bare `git tag -f` (undated): the product may only narrow it down, and
          // what git held then must be among its candidates ("v0.1.0 or v0.2.0?").
          assert.ok(cell.then.replace(/\?$/, '').split(' or ').includes(version), `${tag} at ${PAST_MOMENT}: ${version} is among "${cell.then}"`);
        } else {
          assert.strictEqual(cell.then, version, `${tag} at ${PAST_MOMENT}`);
        }
        assert.strictEqual(cell.now.replace(/ \(changed\)$/, ''), now[tag], `${tag} now`);
      }
      // Each row under its part of the table: what is not known then is never listed as the same as now.
      const parts = await page.locator('#moment-table tbody tr').evaluateAll((rows) => {
        let heading = '';
        const out: { evidence: string | null; heading: string }[] = [];
        for (const r of rows) {
          if (r.classList.contains('tier-heading')) heading = (r.textContent ?? '').replace(/\s*\(\d+\)\s*$/, '').trim();
          else if (r.hasAttribute('data-component')) out.push({ evidence: r.getAttribute('data-evidence'), heading });
        }
        return out;
      });
      // (Run after scenarios 5 and 6, router's tags moved by git tag -f are not known then; run alone, none is.)
      log(`parts: ${[...new Set(parts.map((p) => p.heading))].join(' | ')}; ${parts.filter((p) => p.evidence === 'unknown').length} cell(s) not known then`);
      for (const p of parts) {
        if (p.heading === 'Same as now') assert.notStrictEqual(p.evidence, 'unknown', 'a cell not known then is listed as the same as now');
        if (p.evidence === 'unknown' && !/^(Differ from now|Moved within)/.test(p.heading)) assert.strictEqual(p.heading, 'Not known at that moment');
      }
      for (const cell of cells.filter((c) => !(c.tag in fixture.environmentsAtPastMoment))) {
        // Created after the moment (scenarios 5 and 6 made router's canary with git tag -f).
        assert.ok(cell.then === 'absent' || cell.evidence === 'unknown', `${cell.tag} did not exist at ${PAST_MOMENT}, shown as ${cell.then} (${cell.evidence})`);
      }
      await input.evaluate((e) => (e as HTMLInputElement).blur());
      await screenshot('extra-timeline-fixture');

      // What changed since, by git: every tag whose version then (absent: nothing) differs from now,
      // but those the timeline could only narrow down (unknown: nothing to compare with).
      const changed = Object.keys({ ...fixture.environmentsAtPastMoment, ...now })
        .filter((tag) => (fixture.environmentsAtPastMoment[tag] ?? 'nothing') !== (now[tag] ?? 'nothing'))
        .filter((tag) => cells.find((c) => c.tag === tag)?.evidence !== 'unknown')
        .sort();
      assert.ok(changed.length > 0, 'something changed since the moment');
      const expected = changed.map((tag) => {
        const key = tag.slice(0, tag.lastIndexOf('/'));
        const file = FILE_OF[key];
        const dir = file.slice(0, file.lastIndexOf('/'));
        const env = tag.slice(tag.lastIndexOf('/') + 1);
        return `${file.slice(dir.length + 1)} ${dir} (${env}: ${fixture.environmentsAtPastMoment[tag] ?? 'nothing'} then → ${now[tag] ?? 'nothing'} now)`;
      });

      await page.locator('#compare-now').click();
      const title = `Edgit: ${path.basename(fixture.repo.dir)} at ${moment.replace('T', ' ').slice(0, 16)} ↔ now (${expected.length} file${expected.length === 1 ? '' : 's'})`;
      await waitUntil(`the tab "${title}"`, async () => (await wb.activeTabTitle()) === title);
      const entries = await waitUntil(`the ${expected.length} entries of the multi-file diff`, async () => {
        const found = await wb.multiDiffEntries();
        return found.length >= expected.length ? found : undefined;
      });
      log(`multi-diff entries: ${entries.join(' | ')}`);
      assert.deepStrictEqual([...entries].sort(), expected.sort());
      await screenshot('multi-diff');
    },
  },

  {
    name: '7c. a push refused because a teammate moved the tag on the remote meanwhile: the explanation, Fetch and Retry, then the move lands on what the teammate left',
    async run({ wb, fixture, screenshot, log }) {
      const tag = `${LOOKUP}/production`;
      const v = (version: string) => fixture.commits[`${LOOKUP}/${version}`];
      assert.strictEqual(commitOf(fixture, tag), v('v2.0.0'), 'lookup starts at v2.0.0 in production');
      assert.strictEqual(commitOf(fixture, tag, 'remote'), v('v2.0.0'));
      await wb.showEdgitView();
      await wb.expand(['queries', 'lookup']);

      await wb.inlineAction(['queries', 'lookup', 'production'], 'Rollback…');
      await wb.waitForQuickTitle('Rollback: queries/lookup · production');
      await wb.pickWithKeyboard(/\bv1\.1\.0,/);
      const dialog = await wb.waitForDialog();
      assert.strictEqual(dialog.message, 'Roll Back queries/lookup · production: v2.0.0 → v1.1.0?');
      await wb.clickDialogButton('Roll Back and Push');

      // While the reason is being typed, Ben (a clone of the remote) rolls lookup back further and
      // pushes it, as the Edgit CLI and git push --force do.
      await wb.waitForQuickTitle('Rollback: queries/lookup · production');
      const ben = TestRepo.clone(fixture.remote, path.join(fixture.root, 'ben-7c'), { name: 'Ben', email: 'ben@example.com' });
      ben.setEnvLikeCli(LOOKUP, 'production', 'v1.0.0');
      ben.git('push', '-q', '--force', 'origin', `refs/tags/${tag}`);
      assert.strictEqual(commitOf(fixture, tag, 'remote'), v('v1.0.0'), "Ben's move is on the remote");
      await wb.answerInputBox('Rollback: queries/lookup · production', 'e2e: lookup v2.0.0 times out');

      const refused = await wb.waitForToast(/refused the push/);
      log(`refused: ${refused.text}`);
      assert.match(refused.text, /^The remote "origin" refused the push, so nothing changed there: /);
      // in people's words (the component and environment), git's reason kept in parentheses
      assert.match(refused.text, /queries\/lookup · production was moved on the remote since your last fetch \(git: stale info\)/);
      assert.match(refused.text, /Someone else moved these tags: fetch environment tags, review, and try again\./);
      assert.match(refused.text, /Your local tags were not changed either\.$/);
      assert.deepStrictEqual(refused.buttons, ['Fetch and Retry']);
      assert.strictEqual(commitOf(fixture, tag), v('v2.0.0'), 'nothing moved here');
      assert.strictEqual(commitOf(fixture, tag, 'remote'), v('v1.0.0'), "the remote keeps Ben's move");
      await wb.settleNotifications();
      await screenshot('refused-push');

      // Fetch and Retry: the teammate's move comes in, and the same rollback is planned again from
      // where Ben left it, confirmed anew.
      await refused.locator.locator('.monaco-button', { hasText: /^Fetch and Retry$/ }).click();
      const retry = await wb.waitForDialog();
      log(`retry modal: ${retry.message} / ${retry.detail.replace(/\n/g, ' / ')} / ${retry.buttons.join(', ')}`);
      // Planned again from where Ben left it, the move goes up: it is named a roll forward, not a rollback.
      assert.match(retry.message, /^Roll Forward queries\/lookup · production: v1\.0\.0 → v1\.1\.0\?$/);
      assert.strictEqual(commitOf(fixture, tag), v('v1.0.0'), "the fetch brought Ben's move here");
      const pushButton = retry.buttons.find((b) => / and Push$/.test(b));
      assert.ok(pushButton, `a button that pushes among ${retry.buttons.join(', ')}`);
      await wb.clickDialogButton(pushButton);
      await wb.answerInputBox('Roll Forward: queries/lookup · production', 'e2e: back to v1.1.0 after Ben');
      const moved = await wb.waitForToast(/queries\/lookup · production: v1\.0\.0 → v1\.1\.0\. Pushed to origin\.$/);
      log(`retried: ${moved.text}`);
      assert.strictEqual(commitOf(fixture, tag), v('v1.1.0'), 'lookup at v1.1.0 here');
      assert.strictEqual(commitOf(fixture, tag, 'remote'), v('v1.1.0'), 'and on the remote');
      ben.git('fetch', '-q', '--force', 'origin', `refs/tags/${tag}:refs/tags/${tag}`);
      assert.strictEqual(ben.peeled(tag), v('v1.1.0'), 'Ben sees it after a fetch');
      assert.match(tagMessage(fixture, tag), /Reason: e2e: back to v1\.1\.0 after Ben/);
    },
  },

  {
    name: '7d. a real untrusted window (workspace trust on, folder not trusted): the trust message, no git in the Edgit log; trusting the folder shows the tree',
    async run({ fixture, screenshot, openWindow, log }) {
      // A folder just cloned, opened by a VS Code whose workspace trust is on (its own code-server).
      const folder = TestRepo.clone(fixture.remote, path.join(fixture.root, 'cloned-7d'), { name: 'Cy', email: 'cy@example.com' }).dir;
      const wb = await openWindow({ name: 'untrusted', folder, workspaceTrust: true, waitForEdgit: false });

      // VS Code asks first; the answer "No" opens the folder in Restricted Mode.
      const ask = await wb.waitForDialog();
      log(`trust dialog: ${ask.message} / ${ask.buttons.join(', ')}`);
      assert.match(ask.message, /trust the authors/i);
      const no = ask.buttons.find((b) => /^No\b/.test(b));
      assert.ok(no, `a "No" button among ${ask.buttons.join(', ')}`);
      await wb.clickDialogButton(no);
      await wb.page.locator('.statusbar [aria-label*="Restricted Mode"]').first().waitFor({ state: 'visible', timeout: 20_000 });
      await wb.activityBarIcon().waitFor({ timeout: 60_000 });
      await wb.setSideBarWidth(SIDE_BAR_WIDTH);
      await wb.showEdgitView();

      const welcome = await waitUntil('the trust message in the Components view', async () => {
        const text = (await wb.welcomeView().innerText().catch(() => '')).trim();
        return text.includes('Edgit runs no git until you trust this workspace') ? text : undefined;
      });
      log(`welcome: ${welcome.replace(/\n/g, ' / ')}`);
      assert.strictEqual(await wb.componentsPane().locator('.pane-body .monaco-list-row').count(), 0, 'no tree while untrusted');
      await screenshot('untrusted', wb.page);

      // The Edgit log (every git command the extension runs is logged there): activated, no git.
      const gitLine = /\bgit \S.* → exit \d+/;
      const untrustedLog = await wb.outputChannelText('Edgit');
      log(`Edgit log while untrusted:\n${untrustedLog}`);
      assert.match(untrustedLog, /Workspace not trusted: Edgit runs no git until it is\./);
      assert.match(untrustedLog, /Edgit for VS Code activated/);
      assert.doesNotMatch(untrustedLog, gitLine, 'no git command while the folder is not trusted');

      // Trust it from the view's own button: the Workspace Trust editor, then "Trust".
      await wb.welcomeView().locator('a, .monaco-button', { hasText: 'Manage Workspace Trust' }).first().click();
      const trust = wb.page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust/ }).first();
      await trust.waitFor({ state: 'visible', timeout: 20_000 });
      await trust.click();
      await wb.page.locator('.statusbar [aria-label*="Restricted Mode"]').first().waitFor({ state: 'hidden', timeout: 20_000 });
      await wb.showEdgitView();
      const top = await waitUntil('the tree after trusting the folder', async () => {
        const rows = (await wb.treeRows()).filter((r) => r.level === 1);
        return rows.length >= 3 ? rows : undefined;
      });
      assert.deepStrictEqual(top.map((r) => r.label), ['configs', 'prompts', 'queries']);
      await screenshot('extra-trusted', wb.page);

      // Now git runs, and the log says so (the check above can fail).
      const trustedLog = await wb.outputChannelText('Edgit');
      assert.match(trustedLog, gitLine, 'git commands are logged once the folder is trusted');
    },
  },
  ...timelineScenarios,
  ...confirmationScenarios,
];
