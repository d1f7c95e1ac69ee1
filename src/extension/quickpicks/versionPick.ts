import * as vscode from 'vscode';
import { BadMark, ComponentInfo, VersionInfo, compareVersions, describeMark, escapeUntrusted } from '../../engine';
import { iconSafeName, iconSafeText } from '../untrustedLabels';
import { RolledBackFrom, shortReason, spokenMoment } from '../tree/moveStory';
import { ACCEPT_ITEM, BACK, Back, pickOne } from './asyncQuickPick';
import { versionDetail, withNameWarnings } from './format';

/** One version offered in a pick (the engine's RollbackCandidate fits). */
interface VersionCandidate {
  readonly version: VersionInfo;
  readonly isCurrent: boolean;
  readonly isSuggested: boolean;
  /** Environments holding this version now. */
  readonly environments: readonly string[];
  /** Its bad mark, when the deployment history has one. */
  readonly bad?: BadMark | null;
}

/** The user pressed a version's "Mark Version Bad…" / "Clear Bad Mark" button. */
export interface MarkToggle {
  readonly toggleMark: VersionInfo;
  /** Whether it is marked bad now (the button then clears the mark). */
  readonly marked: boolean;
}

export interface CandidateList {
  readonly candidates: readonly VersionCandidate[];
  /** Why the suggested candidate is suggested (`last known good: production was at v1.0.0 before v1.1.0`). */
  readonly suggestionReason?: string;
  /** Mark the versions above the current one as a roll forward (a rollback's list: going there is a deploy). */
  readonly markForward?: boolean;
  /** The versions the environment was rolled back from (deployment history): when, by whom, why. */
  readonly rolledBackFrom?: ReadonlyMap<string, RolledBackFrom>;
}

interface VersionItem extends vscode.QuickPickItem {
  readonly version?: VersionInfo;
  readonly isCurrent?: boolean;
  readonly bad?: BadMark | null;
}

export interface VersionPickOptions {
  readonly title: string;
  readonly component: ComponentInfo;
  readonly step?: number;
  readonly totalSteps?: number;
  readonly canGoBack?: boolean;
  /** Candidate lists as they become known: each replaces the previous (first from tags, then with the history's suggestion). */
  readonly candidates: () => AsyncIterable<CandidateList>;
  /** An item button comparing the version with what is live, e.g. `production`. */
  readonly preview?: { readonly against: string; readonly open: (version: VersionInfo) => Promise<unknown> };
  /** Offer "Mark Version Bad…" / "Clear Bad Mark" on each version: pressing it resolves with a MarkToggle. */
  readonly markButtons?: boolean;
}

const MARK_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('error'), tooltip: 'Mark Version Bad…' };
const CLEAR_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('pass'), tooltip: 'Clear Bad Mark' };

/** A version of a component: suggested first, the current one marked, each with when, who, message and where it is live. */
export async function pickVersion(options: Omit<VersionPickOptions, 'markButtons'>): Promise<VersionInfo | Back | undefined> {
  const picked = await pickVersionOrMark({ ...options, markButtons: false });
  return picked && picked !== BACK && 'toggleMark' in picked ? undefined : picked;
}

/** pickVersion, where each version also has a "Mark Version Bad…" / "Clear Bad Mark" button (`markButtons`). */
export async function pickVersionOrMark(options: VersionPickOptions): Promise<VersionInfo | MarkToggle | Back | undefined> {
  const button: vscode.QuickInputButton | undefined = options.preview
    ? { iconPath: new vscode.ThemeIcon('diff'), tooltip: `Compare with what is live in ${options.preview.against}` }
    : undefined;
  async function* items(): AsyncIterable<readonly VersionItem[]> {
    for await (const list of options.candidates()) yield toItems(list, button, !!options.markButtons);
  }
  let toggle: MarkToggle | undefined;
  const picked = await pickOne<VersionItem>({
    title: options.title,
    placeholder: `Pick a version of ${escapeUntrusted(options.component.id)}`,
    step: options.step,
    totalSteps: options.totalSteps,
    canGoBack: options.canGoBack,
    ignoreFocusOut: !!options.preview,
    items,
    active: (list) => list.find((i) => i.version && !i.isCurrent) ?? list.find((i) => i.version),
    onItemButton: (item, pressed) => {
      if (!item.version) return undefined;
      if (pressed === MARK_BUTTON || pressed === CLEAR_BUTTON) {
        toggle = { toggleMark: item.version, marked: pressed === CLEAR_BUTTON };
        return ACCEPT_ITEM;
      }
      return options.preview ? options.preview.open(item.version) : undefined;
    },
    emptyMessage: `${escapeUntrusted(options.component.id)} has no versions yet: create one first.`,
  });
  if (picked === BACK || picked === undefined) return picked;
  return toggle ?? picked.version;
}

/** The items of a candidate list (exported for tests). */
export function toItems(list: CandidateList, preview: vscode.QuickInputButton | undefined, markButtons: boolean, now: number = Date.now()): VersionItem[] {
  const buttonsOf = (c: VersionCandidate) => [
    ...(preview && !c.isCurrent ? [preview] : []),
    ...(markButtons ? [c.bad ? CLEAR_BUTTON : MARK_BUTTON] : []),
  ];
  const suggested = list.candidates.filter((c) => c.isSuggested);
  const others = list.candidates.filter((c) => !c.isSuggested);
  const current = list.markForward ? list.candidates.find((c) => c.isCurrent)?.version.version : undefined;
  const forward = (c: VersionCandidate) => !!current && !c.isCurrent && compareVersions(c.version.version, current) > 0;
  const items: VersionItem[] = [];
  if (suggested.length) {
    items.push({ label: 'suggested', kind: vscode.QuickPickItemKind.Separator });
    items.push(...suggested.map((c) => item(c, list.suggestionReason, buttonsOf(c), forward(c), rolledBack(c), now)));
    items.push({ label: 'all versions', kind: vscode.QuickPickItemKind.Separator });
  }
  items.push(...others.map((c) => item(c, undefined, buttonsOf(c), forward(c), rolledBack(c), now)));
  return items;

  function rolledBack(c: VersionCandidate): RolledBackFrom | undefined {
    return c.isCurrent ? undefined : list.rolledBackFrom?.get(c.version.version);
  }
}

function item(c: VersionCandidate, reason: string | undefined, buttons: vscode.QuickInputButton[], forward: boolean, rolledBack: RolledBackFrom | undefined, now: number): VersionItem {
  const icon = c.bad ? 'error' : c.isCurrent ? 'check' : c.isSuggested ? 'star-full' : c.version.prerelease ? 'beaker' : 'tag';
  // The reason of a bad mark, the suggestion's reason, a rollback's reason and the names come from tags and the history.
  const back = rolledBack ? `rolled back from ${spokenMoment(rolledBack.atMs, now)}${rolledBack.reason ? `, ${iconSafeText(shortReason(rolledBack.reason))}` : ''}` : '';
  const parts = [
    c.bad ? `marked bad${c.bad.reason ? `: ${iconSafeText(c.bad.reason)}` : ''}` : '',
    c.isCurrent ? 'current' : '',
    back,
    forward ? (back ? 'roll forward' : 'roll forward: newer than the current version') : '',
    c.isSuggested ? iconSafeText(reason ?? 'suggested') : '',
    c.environments.length ? `in ${c.environments.map(iconSafeName).join(', ')}` : '',
    c.version.prerelease ? 'prerelease' : '',
  ];
  return {
    label: `$(${icon}) ${iconSafeName(c.version.version)}`,
    description: parts.filter(Boolean).join(' · '),
    detail: withNameWarnings(
      [
        c.bad ? iconSafeText(describeMark(c.bad)) : '',
        rolledBack ? iconSafeText(`rolled back${rolledBack.by ? ` by ${rolledBack.by}` : ''}${rolledBack.reason ? `: ${rolledBack.reason.replace(/\s+/g, ' ').trim()}` : ''}`) : '',
        versionDetail(c.version),
      ]
        .filter(Boolean)
        .join(' · '),
      [c.version.version, ...c.environments],
    ),
    buttons: buttons.length ? buttons : undefined,
    version: c.version,
    isCurrent: c.isCurrent,
    bad: c.bad ?? null,
  };
}
