import * as vscode from 'vscode';

/** Returned by `onItemButton` to accept the button's item (the pick closes with it). */
export const ACCEPT_ITEM = Symbol('accept-item');

/** Returned when the user pressed the Back button of a multi-step flow. */
export const BACK = Symbol('back');
export type Back = typeof BACK;

export interface AsyncPickOptions<I extends vscode.QuickPickItem> {
  readonly title: string;
  readonly placeholder?: string;
  readonly step?: number;
  readonly totalSteps?: number;
  /** Shows a Back button; pressing it resolves with BACK. */
  readonly canGoBack?: boolean;
  /** Keep the pick open while the user looks at something else (a diff opened by an item button). */
  readonly ignoreFocusOut?: boolean;
  /**
   * Produces the items as data arrives: each value yielded replaces the list. The pick is shown
   * at once, busy until the iterable ends.
   */
  readonly items: () => AsyncIterable<readonly I[]>;
  /** Which item is active once items arrive (default: the first). */
  readonly active?: (items: readonly I[]) => I | undefined;
  /** An item's button was pressed; resolving with ACCEPT_ITEM accepts that item. */
  readonly onItemButton?: (item: I, button: vscode.QuickInputButton) => unknown;
  /** Called when the list is empty once loading ended: say why (the pick then shows it as its placeholder). */
  readonly emptyMessage?: string;
}

function configure<I extends vscode.QuickPickItem>(pick: vscode.QuickPick<I>, options: AsyncPickOptions<I>): void {
  pick.title = options.title;
  pick.placeholder = options.placeholder;
  pick.step = options.step;
  pick.totalSteps = options.totalSteps;
  pick.ignoreFocusOut = !!options.ignoreFocusOut;
  pick.matchOnDescription = true;
  pick.matchOnDetail = true;
  pick.buttons = options.canGoBack ? [vscode.QuickInputButtons.Back] : [];
  pick.busy = true;
}

/** Streams items into an open pick; rejects the returned promise when loading fails. */
async function fill<I extends vscode.QuickPickItem>(
  pick: vscode.QuickPick<I>,
  options: AsyncPickOptions<I> & { readonly selected?: (item: I) => boolean },
  isOpen: () => boolean,
): Promise<void> {
  let last: readonly I[] = [];
  for await (const items of options.items()) {
    if (!isOpen()) return;
    last = items;
    pick.items = items;
    if (pick.canSelectMany && options.selected) pick.selectedItems = items.filter(options.selected);
    const active = options.active?.(items);
    if (active) pick.activeItems = [active];
  }
  if (!isOpen()) return;
  pick.busy = false;
  if (!last.length && options.emptyMessage) pick.placeholder = options.emptyMessage;
}

/**
 * One quick pick that opens at once (busy) and fills as data arrives. Resolves with the
 * accepted item, BACK, or undefined when dismissed; rejects when loading the items fails.
 */
export function pickOne<I extends vscode.QuickPickItem>(options: AsyncPickOptions<I>): Promise<I | Back | undefined> {
  return run(options, false).then((r) => (r === BACK || r === undefined ? r : r[0]));
}

/** A multi-select pick (`canPickMany`); `selected` says which items start checked. */
export function pickMany<I extends vscode.QuickPickItem>(
  options: AsyncPickOptions<I> & { readonly selected?: (item: I) => boolean },
): Promise<readonly I[] | Back | undefined> {
  return run(options, true);
}

function run<I extends vscode.QuickPickItem>(
  options: AsyncPickOptions<I> & { readonly selected?: (item: I) => boolean },
  many: boolean,
): Promise<readonly I[] | Back | undefined> {
  const pick = vscode.window.createQuickPick<I>();
  configure(pick, options);
  pick.canSelectMany = many;
  let open = true;
  return new Promise<readonly I[] | Back | undefined>((resolve, reject) => {
    /** Closes the pick once; false when it was already closed. */
    const close = () => {
      if (!open) return false;
      open = false;
      pick.dispose();
      return true;
    };
    const finish = (value: readonly I[] | Back | undefined) => {
      if (close()) resolve(value);
    };
    const fail = (error: unknown) => {
      if (close()) reject(error);
    };
    pick.onDidAccept(() => {
      const chosen = many ? pick.selectedItems : pick.activeItems.slice(0, 1);
      if (!many && !chosen.length) return;
      finish(chosen);
    });
    pick.onDidHide(() => finish(undefined));
    pick.onDidTriggerButton((b) => {
      if (b === vscode.QuickInputButtons.Back) finish(BACK);
    });
    pick.onDidTriggerItemButton((e) => {
      Promise.resolve(options.onItemButton?.(e.item, e.button)).then((r) => {
        if (r === ACCEPT_ITEM) finish([e.item]);
      }, fail);
    });
    pick.show();
    fill(pick, options, () => open).catch(fail);
  });
}

/** Wraps a promise of items as the single-yield iterable `items` expects. */
export async function* once<I>(items: Promise<readonly I[]> | readonly I[]): AsyncIterable<readonly I[]> {
  yield await items;
}
