import * as vscode from 'vscode';
import { iconSafeName, iconSafeText } from '../untrustedLabels';
import { BACK, Back, once, pickOne } from './asyncQuickPick';

/** One planned move in the review list of a batch: text as read from tags and the history (the review escapes it). */
export interface ReviewEntry {
  /** `prompts/extraction` */
  readonly label: string;
  /** `v1.1.0 → v1.0.0`, or why there is no target yet. */
  readonly move: string;
  /** Why this target (`last known good: production was at v1.0.0 before v1.1.0`). */
  readonly why?: string;
  readonly ready: boolean;
}

interface ReviewItem extends vscode.QuickPickItem {
  readonly index: number | 'accept';
}

export interface ReviewOptions {
  readonly title: string;
  readonly step?: number;
  readonly totalSteps?: number;
  readonly canGoBack?: boolean;
  readonly acceptLabel: string;
}

/**
 * The review of a batch before its confirmation: accept all, or pick one entry to change its
 * target. Resolves with 'accept', the entry's index, BACK, or undefined (cancelled).
 */
export async function reviewTargets(entries: readonly ReviewEntry[], options: ReviewOptions): Promise<number | 'accept' | Back | undefined> {
  const ready = entries.every((e) => e.ready);
  const items: ReviewItem[] = [
    {
      label: ready ? `$(check) ${options.acceptLabel}` : '$(warning) Pick a target for every component first',
      description: `${entries.length} component${entries.length === 1 ? '' : 's'}, one atomic change`,
      index: ready ? 'accept' : entries.findIndex((e) => !e.ready),
      alwaysShow: true,
    },
    { label: 'targets (pick one to change it)', kind: vscode.QuickPickItemKind.Separator, index: -1 },
    ...entries.map<ReviewItem>((e, index) => ({
      label: `$(${e.ready ? 'arrow-right' : 'warning'}) ${iconSafeName(e.label)}`,
      description: iconSafeText(e.move),
      detail: e.why === undefined ? undefined : iconSafeText(e.why),
      index,
    })),
  ];
  const picked = await pickOne<ReviewItem>({ ...options, placeholder: 'Enter to accept, or pick a component to change its target', items: () => once(items) });
  return picked === BACK || picked === undefined ? picked : picked.index;
}
