// Drives code-server's web workbench the way a person does: clicks, keys, what is on screen.
// Every wait has a deadline and says what it was waiting for when it fails.
import { FrameLocator, Locator, Page } from 'playwright-core';
import { inspect } from 'util';

/** A row of the Components tree as shown: label, description, depth. */
export interface TreeRow {
  /** Position in the list (`data-index`). */
  readonly index: number;
  readonly level: number;
  readonly expanded: boolean | null;
  readonly label: string;
  readonly description: string;
}

/** A row of the open quick pick. */
export interface QuickRow {
  readonly ariaLabel: string;
  readonly focused: boolean;
  /** In a multi-select pick: whether its checkbox is checked (null: no checkbox). */
  readonly checked: boolean | null;
}

export const WAIT_MS = 20_000;
/** How long a person looks at a confirmation before answering it (more than VS Code's 800 ms toast window). */
const READING_MS = 1_000;

/** Polls `probe` until it returns something other than undefined/false; fails naming `what`. */
export async function waitUntil<T>(what: string | (() => string), probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}${lastError ? ` (last error: ${lastError instanceof Error ? lastError.message : inspect(lastError)})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export class Workbench {
  constructor(readonly page: Page) {}

  /** Opens the workbench and (unless told not to) waits until the Edgit icon is in the activity bar (extensions registered). */
  async open(url: string, options: { waitForEdgit?: boolean } = {}): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    if (options.waitForEdgit !== false) await this.activityBarIcon().waitFor({ timeout: 60_000 });
  }

  /**
   * Drags the sash between the side bar and the editor so the side bar is `width` px wide (the
   * default 300 px cuts the tree's descriptions short in the pictures).
   */
  async setSideBarWidth(width: number): Promise<void> {
    const sideBar = this.page.locator('.part.sidebar');
    await sideBar.waitFor({ state: 'visible', timeout: WAIT_MS });
    const box = await sideBar.boundingBox();
    if (!box) throw new Error('the side bar has no size');
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width - 1, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + width, y, { steps: 8 });
    await this.page.mouse.up();
    await waitUntil(`the side bar to be ${width} px wide`, async () => {
      const now = await sideBar.boundingBox();
      return !!now && Math.abs(now.width - width) <= 8;
    });
  }

  /** Waits until no notification shows progress and the toasts have finished sliding in (for pictures). */
  async settleNotifications(): Promise<void> {
    await waitUntil('the notifications to settle', async () => {
      const busy = await this.page.locator('.notifications-toasts .notification-toast .monaco-progress-container.active, .notifications-toasts .notification-toast .monaco-progress-container.infinite').count();
      if (busy) return false;
      return this.page.locator('.notifications-toasts .notification-toast-container').evaluateAll((toasts) =>
        toasts.every((t) => getComputedStyle(t.querySelector('.notification-toast') ?? t).opacity === '1'),
      );
    });
    await this.page.waitForTimeout(300); // the last frame of the slide-in
  }

  activityBarIcon(): Locator {
    return this.page.locator('.activitybar [aria-label^="Edgit"]').first();
  }

  /** The Components view pane (header + body). */
  componentsPane(): Locator {
    return this.page.locator('.pane').filter({ has: this.page.locator('.pane-header[aria-label^="Components"]') });
  }

  /** Clicks the Edgit activity-bar icon (unless its container is already showing). */
  async showEdgitView(): Promise<void> {
    if (!(await this.componentsPane().isVisible())) await this.activityBarIcon().click();
    await this.componentsPane().waitFor({ state: 'visible', timeout: WAIT_MS });
  }

  private treeRowLocator(): Locator {
    return this.componentsPane().locator('.pane-body .monaco-list-row');
  }

  /** Every visible row of the Components tree, top to bottom. */
  async treeRows(): Promise<TreeRow[]> {
    const rows = await this.treeRowLocator().evaluateAll((elements) =>
      elements.map((e) => ({
        index: Number(e.getAttribute('data-index')),
        level: Number(e.getAttribute('aria-level')),
        expanded: e.hasAttribute('aria-expanded') ? e.getAttribute('aria-expanded') === 'true' : null,
        label: (e.querySelector('.label-name')?.textContent ?? '').trim(),
        description: (e.querySelector('.label-description')?.textContent ?? '').trim(),
      })),
    );
    return rows.sort((a, b) => a.index - b.index);
  }

  /** The rows right under the row reached by following `labels` from the top (`['prompts', 'extraction']`). */
  async childrenOf(labels: readonly string[]): Promise<TreeRow[]> {
    const rows = await this.treeRows();
    const parent = findPath(rows, labels);
    const children: TreeRow[] = [];
    for (const row of rows.slice(rows.indexOf(parent) + 1)) {
      if (row.level <= parent.level) break;
      if (row.level === parent.level + 1) children.push(row);
    }
    return children;
  }

  /**
   * Waits until the Components tree has not re-rendered for `quietMs`. Each tag change repaints
   * the whole tree (twice: tags, then remote drift), and while it does VS Code has forgotten the
   * rows' handles: a row action clicked then reaches its command without the row (see scenario 6).
   */
  async settleTree(quietMs = 800): Promise<void> {
    await this.componentsPane().evaluate((pane) => {
      const w = window as unknown as { __edgitE2eTree?: { pane: Element; last: number } };
      if (w.__edgitE2eTree?.pane === pane) return;
      const state = { pane, last: performance.now() };
      w.__edgitE2eTree = state;
      new MutationObserver(() => {
        state.last = performance.now();
      }).observe(pane, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await waitUntil(`the Components tree to stay unchanged for ${quietMs} ms`, () =>
      this.page.evaluate((quiet) => {
        const w = window as unknown as { __edgitE2eTree: { last: number } };
        return performance.now() - w.__edgitE2eTree.last >= quiet;
      }, quietMs),
    );
  }

  /** The row reached by following `labels`; waits for it to appear (and, unless told not to, for the tree to settle). */
  async treeRow(labels: readonly string[], options: { settle?: boolean } = {}): Promise<Locator> {
    if (options.settle !== false) await this.settleTree();
    const row = await waitUntil(`the tree row ${labels.join(' › ')}`, async () => findPath(await this.treeRows(), labels));
    return this.treeRowLocator().and(this.page.locator(`[data-index="${row.index}"]`));
  }

  /** Expands the row reached by following `labels` with a click (unless expanded) and waits for its children. */
  async expand(labels: readonly string[]): Promise<void> {
    const row = await this.treeRow(labels);
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    await waitUntil(`${labels.join(' › ')} to expand and show its children`, async () => {
      if ((await row.getAttribute('aria-expanded')) !== 'true') return false;
      return (await this.childrenOf(labels)).length > 0;
    });
  }

  /** Right-clicks a tree row and clicks an entry of its context menu. */
  async contextMenu(labels: readonly string[], entry: string): Promise<void> {
    const row = await this.treeRow(labels);
    await row.click({ button: 'right' });
    const item = this.page.locator('.monaco-menu .action-label', { hasText: entry }).first();
    await item.waitFor({ state: 'visible', timeout: WAIT_MS });
    // VS Code's menu items start listening for mouse-up 100 ms after they render (so the mouse-up
    // of the right click that opened the menu is not a click); a faster click is silently lost.
    await this.page.waitForTimeout(250);
    await item.click();
  }

  /** Hovers a tree row and clicks one of its inline actions (by its title). */
  async inlineAction(labels: readonly string[], title: string, options: { settle?: boolean } = {}): Promise<void> {
    const row = await this.treeRow(labels, options);
    await row.hover();
    const action = row.locator(`.actions .action-label[aria-label="${title}"]`);
    await action.waitFor({ state: 'visible', timeout: WAIT_MS });
    await action.click();
  }

  quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  async quickTitle(): Promise<string> {
    return (await this.quickInput().locator('.quick-input-title').innerText()).trim();
  }

  async quickRows(): Promise<QuickRow[]> {
    return this.quickInput()
      .locator('.monaco-list-row')
      .evaluateAll((elements) =>
        elements.map((e) => {
          const box = e.querySelector('.quick-input-list-checkbox');
          const checked = e.hasAttribute('aria-checked')
            ? e.getAttribute('aria-checked') === 'true'
            : box
              ? box.getAttribute('aria-checked') === 'true' || box.classList.contains('checked') || (box as HTMLInputElement).checked === true
              : null;
          return { ariaLabel: e.getAttribute('aria-label') ?? '', focused: e.classList.contains('focused'), checked };
        }),
      );
  }

  /** Waits until the open quick pick shows a row whose aria-label matches (items may arrive late). */
  async waitForQuickRow(row: RegExp): Promise<QuickRow> {
    return waitUntil(`a quick-pick row matching ${row}`, async () => (await this.quickRows()).find((r) => row.test(r.ariaLabel)));
  }

  /** Waits for the quick input to show `title` (a prefix or a pattern). */
  async waitForQuickTitle(title: string | RegExp): Promise<string> {
    return waitUntil(`a quick input titled ${String(title)}`, async () => {
      if (!(await this.quickInput().isVisible())) return undefined;
      const shown = await this.quickTitle();
      return (typeof title === 'string' ? shown.startsWith(title) : title.test(shown)) ? shown : undefined;
    });
  }

  /**
   * Picks a quick-pick row with the keyboard: optionally types `filter`, then moves the focus with
   * the arrow keys to the row whose aria-label matches `row`, checks it stays focused, and presses
   * Enter. Fails when no such row shows up.
   */
  async pickWithKeyboard(row: RegExp, filter?: string, options: { paste?: boolean } = {}): Promise<string> {
    const input = this.quickInput().locator('.quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: WAIT_MS });
    if (filter !== undefined) {
      // Typing a long text key by key re-filters the list at every key; pasting it is one input event.
      if (options.paste) await this.page.keyboard.insertText(filter);
      else await this.page.keyboard.type(filter);
    }
    const chosen = await this.focusQuickRow(row);
    await this.page.keyboard.press('Enter');
    return chosen;
  }

  /** Moves the focus with the arrow keys to the row whose aria-label matches `row` (it must stay focused). */
  private async focusQuickRow(row: RegExp): Promise<string> {
    let seen: QuickRow[] = [];
    return waitUntil(() => `a quick-pick row matching ${row} to hold the focus (rows: ${seen.map((r) => JSON.stringify(r.ariaLabel)).join(', ') || 'none'})`, async () => {
      const rows = (seen = await this.quickRows());
      const target = rows.findIndex((r) => row.test(r.ariaLabel));
      if (target < 0) return undefined;
      const focused = rows.findIndex((r) => r.focused);
      if (focused === target) {
        // Items may still be replaced as data arrives: only a focus that stays is picked.
        await this.page.waitForTimeout(300);
        const still = (await this.quickRows()).find((r) => r.focused);
        return still && row.test(still.ariaLabel) ? still.ariaLabel : undefined;
      }
      await this.page.keyboard.press(focused < target ? 'ArrowDown' : 'ArrowUp');
      return undefined;
    });
  }

  /** In a multi-select pick: sets the checkbox of the row matching `row` with the keyboard (Space toggles the focused row). */
  async setQuickRowChecked(row: RegExp, checked: boolean): Promise<void> {
    const current = await this.waitForQuickRow(row);
    if (current.checked === null) throw new Error(`the quick-pick row "${current.ariaLabel}" has no checkbox`);
    if (current.checked === checked) return;
    await this.focusQuickRow(row);
    await this.page.keyboard.press('Space');
    await waitUntil(`the row matching ${row} to be ${checked ? 'checked' : 'unchecked'}`, async () => (await this.waitForQuickRow(row)).checked === checked);
  }

  /** F1, the command's title, then Enter on exactly that command (not a longer one that also matches). */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('F1');
    await this.quickInput().waitFor({ state: 'visible', timeout: WAIT_MS });
    const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await this.pickWithKeyboard(new RegExp(`^${escaped}(,|$)`), title, { paste: true });
  }

  /** The input box (showInputBox) open with `title`: types `text` (may be empty) and presses Enter. */
  async answerInputBox(title: string | RegExp, text: string): Promise<void> {
    await this.waitForQuickTitle(title);
    if (text) await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
    await waitUntil('the input box to close', async () => !(await this.quickInput().isVisible()));
  }

  dialog(): Locator {
    return this.page.locator('.monaco-dialog-box');
  }

  /** Waits for a modal dialog; returns its message and detail as shown. */
  async waitForDialog(): Promise<{ message: string; detail: string; buttons: string[] }> {
    const dialog = this.dialog();
    await dialog.waitFor({ state: 'visible', timeout: WAIT_MS });
    return {
      message: (await dialog.locator('.dialog-message-text').innerText()).trim(),
      detail: (await dialog.locator('.dialog-message-detail').innerText().catch(() => '')).trim(),
      buttons: (await dialog.locator('.dialog-buttons .monaco-button').allInnerTexts()).map((t) => t.trim()),
    };
  }

  /**
   * Clicks a button of the modal dialog, after the time a person takes to read it. That pause
   * matters: VS Code shows at most 3 notification toasts per 800 ms and sends the rest silently to
   * the notification center (NotificationsToasts' spam protection), and a flow clicked through at
   * machine speed (progress, result, Undo, progress, result) would lose its result toast.
   */
  async clickDialogButton(label: string): Promise<void> {
    const button = this.dialog().locator('.dialog-buttons .monaco-button', { hasText: new RegExp(`^${label}$`) });
    await button.waitFor({ state: 'visible', timeout: WAIT_MS });
    await this.page.waitForTimeout(READING_MS);
    await button.click();
    await this.dialog().waitFor({ state: 'hidden', timeout: WAIT_MS });
  }

  /** A notification toast whose message matches. */
  toast(message: string | RegExp): Locator {
    return this.page.locator('.notifications-toasts .notification-toast').filter({ has: this.page.locator('.notification-list-item-message', { hasText: message }) });
  }

  async waitForToast(message: string | RegExp): Promise<{ locator: Locator; text: string; buttons: string[] }> {
    const locator = this.toast(message).first();
    await locator.waitFor({ state: 'visible', timeout: WAIT_MS }).catch(async (error: unknown) => {
      // Say what was there instead (toasts, hidden ones too, and the notification center's count).
      const shown = await this.page.locator('.notifications-toasts .notification-list-item-message').allTextContents();
      const container = await this.page.evaluate(() => {
        const c = document.querySelector('.notifications-toasts');
        return c ? `${c.className} children=${c.children.length} display=${getComputedStyle(c).display} focus=${document.activeElement?.className}` : 'no container';
      });
      const bell = await this.page.locator('.statusbar [aria-label*="otification"]').first().getAttribute('aria-label').catch(() => null);
      const center = await this.notificationCenterTexts().catch((e: unknown) => [`? ${String(e)}`]);
      throw new Error(
        `no notification matching ${String(message)} (toasts container: ${container}; toasts: ${shown.map((t) => JSON.stringify(t)).join(', ') || 'none'}; ` +
          `status bar: ${bell ?? '?'}; notification center: ${center.map((t) => JSON.stringify(t)).join(', ') || 'empty'}): ${String(error)}`,
      );
    });
    return {
      locator,
      text: (await locator.locator('.notification-list-item-message').innerText()).trim(),
      buttons: (await locator.locator('.notification-list-item-buttons-container .monaco-button').allInnerTexts()).map((t) => t.trim()),
    };
  }

  /** Opens the notification center and returns its messages (for a failure's explanation). */
  async notificationCenterTexts(): Promise<string[]> {
    await this.runCommand('Notifications: Show Notifications');
    const center = this.page.locator('.notifications-center');
    await center.waitFor({ state: 'visible', timeout: 5_000 });
    return center.locator('.notification-list-item-message').allTextContents();
  }

  /** The editor tabs of the active group: titles as shown. */
  async tabTitles(): Promise<string[]> {
    return (await this.page.locator('.tabs-container .tab .label-name').allInnerTexts()).map((t) => t.trim());
  }

  async activeTabTitle(): Promise<string | undefined> {
    const active = this.page.locator('.tabs-container .tab.active .label-name').first();
    return (await active.count()) ? (await active.innerText()).trim() : undefined;
  }

  /** The text of the active editor as rendered (empty lines are dropped by the renderer). */
  async activeEditorText(): Promise<string> {
    return this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText();
  }

  /** The buttons of a welcome view in the Components view (what it shows instead of a tree). */
  welcomeView(): Locator {
    return this.componentsPane().locator('.welcome-view-content');
  }

  /** The page of the visible webview panel (its content frame inside its host frame). */
  webview(): FrameLocator {
    // Each webview is an iframe (class "webview") hosting the page in #active-frame; only the
    // active panel's is visible.
    return this.page.locator('iframe.webview.ready:visible').contentFrame().locator('#active-frame').contentFrame();
  }

  /** The entries of the multi-file diff editor open in the active group: each header's file name and description. */
  async multiDiffEntries(): Promise<string[]> {
    const headers = this.page.locator('.editor-group-container.active .multiDiffEditor .multiDiffEntry .header');
    return headers.evaluateAll((elements) =>
      elements.map((h) =>
        [h.querySelector('.label-name')?.textContent, h.querySelector('.label-description')?.textContent]
          .map((t) => (t ?? '').replace(/\s+/g, ' ').trim())
          .filter(Boolean)
          .join(' '),
      ),
    );
  }

  /**
   * Opens the Output panel on the channel `name` (through "Output: Show Output Channels…") and
   * returns the text it shows (the lines in view; the panel follows the end of the log).
   */
  async outputChannelText(name: string): Promise<string> {
    await this.runCommand('Output: Show Output Channels...');
    await this.pickWithKeyboard(new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(,|$)`), name, { paste: true });
    const lines = this.page.locator('.part.panel .monaco-editor .view-lines');
    await lines.first().waitFor({ state: 'visible', timeout: WAIT_MS });
    return waitUntil(`text in the ${name} output channel`, async () => {
      const text = (await lines.first().innerText()).replace(/\u00a0/g, ' ');
      return text.trim() ? text : undefined;
    });
  }

  /** The label of the modal dialog's default button (the one Enter presses: not styled secondary). */
  async dialogDefaultButton(): Promise<string> {
    const primary = this.dialog().locator('.dialog-buttons .monaco-button:not(.secondary)').first();
    await primary.waitFor({ state: 'visible', timeout: WAIT_MS });
    return (await primary.innerText()).trim();
  }

  /**
   * Hovers a tree row's label and waits for its tooltip (the workbench's hover card); returns the
   * card's text. The mouse stays there: the card stays for a picture.
   */
  async hoverTreeRow(labels: readonly string[], expect?: RegExp): Promise<{ text: string; card: Locator }> {
    const row = await this.treeRow(labels);
    await this.page.mouse.move(0, 0);
    await row.locator('.label-name').first().hover();
    const card = this.page.locator('.workbench-hover, .monaco-hover').filter({ visible: true }).last();
    const text = await waitUntil(`the tooltip of ${labels.join(' › ')}${expect ? ` matching ${expect}` : ''}`, async () => {
      if (!(await card.isVisible())) return undefined;
      const shown = (await card.innerText()).trim();
      return shown && (!expect || expect.test(shown)) ? shown : undefined;
    });
    return { text, card };
  }

  /**
   * Switches between the light and the dark theme through the browser's color scheme (the user
   * settings follow it: window.autoDetectColorScheme, see test/harness/codeServer.ts), so an open
   * quick pick, dialog or hover stays open (the theme picker would close them).
   */
  async setColorScheme(kind: 'light' | 'dark'): Promise<void> {
    const workbench = this.page.locator('.monaco-workbench');
    await this.page.emulateMedia({ colorScheme: kind });
    await waitUntil(`the ${kind} theme`, () => workbench.evaluate((e, k) => e.classList.contains(k === 'dark' ? 'vs-dark' : 'vs'), kind));
    await this.page.waitForTimeout(500); // the last repaint
  }

  /** How many of the elements `what` finds (the visible ones) lie under `cover` (a notification, a quick input). */
  async coveredBy(what: Locator, cover: Locator): Promise<{ covered: number; total: number }> {
    const over = await cover.boundingBox();
    const boxes = await what.evaluateAll((elements) => elements.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height })));
    const visible = boxes.filter((b) => b.width > 0 && b.height > 0);
    if (!over) return { covered: 0, total: visible.length };
    const overlaps = (b: { x: number; y: number; width: number; height: number }) =>
      b.x < over.x + over.width && b.x + b.width > over.x && b.y < over.y + over.height && b.y + b.height > over.y;
    return { covered: visible.filter(overlaps).length, total: visible.length };
  }

  /** The text of the status bar entries (left and right). */
  async statusBarTexts(): Promise<string[]> {
    return (await this.page.locator('.statusbar .statusbar-item').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
  }

  /** Closes dialogs, quick inputs, menus, notifications and editors left by a scenario. */
  async reset(): Promise<void> {
    for (let i = 0; i < 3; i++) await this.page.keyboard.press('Escape');
    if (await this.dialog().isVisible()) await this.dialog().locator('.dialog-buttons .monaco-button', { hasText: /^Cancel$/ }).click();
    if (await this.page.locator('.notifications-toasts .notification-toast').count()) {
      await this.runCommand('Notifications: Clear All Notifications');
    }
    if (await this.page.locator('.tabs-container .tab').count()) await this.runCommand('View: Close All Editors');
  }
}

function findPath(rows: readonly TreeRow[], labels: readonly string[]): TreeRow {
  let from = 0;
  let level = 0;
  let found: TreeRow | undefined;
  for (const label of labels) {
    found = undefined;
    for (const row of rows.slice(from)) {
      if (row.level <= level) break;
      if (row.level === level + 1 && row.label === label) {
        found = row;
        break;
      }
    }
    if (!found) {
      throw new Error(`no row "${label}" at level ${level + 1} (rows: ${rows.map((r) => `${'  '.repeat(r.level - 1)}${r.label}`).join(' | ')})`);
    }
    from = rows.indexOf(found) + 1;
    level = found.level;
  }
  if (!found) throw new Error('empty path');
  return found;
}
