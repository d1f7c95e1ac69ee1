import * as vscode from 'vscode';
import { ComponentInfo } from '../../engine';
import { SlotRef } from '../documents';
import { BACK, Back, once, pickOne } from './asyncQuickPick';
import { escapeUntrusted } from '../../engine';
import { iconSafeName } from '../untrustedLabels';
import { environmentDetail, environmentPosition, versionDetail, withNameWarnings } from './format';
import { StepPosition } from './multiStep';

interface SlotItem extends vscode.QuickPickItem {
  readonly slot?: SlotRef;
}

export interface SlotPickOptions extends Partial<StepPosition> {
  readonly title: string;
  readonly placeholder: string;
  /** Leave this one out (the other side of a comparison). */
  readonly exclude?: SlotRef;
  readonly environments?: boolean;
  readonly versions?: boolean;
}

/** An environment or a version of a component (environments first, versions highest first). */
export async function pickSlot(component: ComponentInfo, options: SlotPickOptions): Promise<SlotRef | Back | undefined> {
  const same = (s: SlotRef) => options.exclude?.kind === s.kind && options.exclude.ref === s.ref;
  const items: SlotItem[] = [];
  if (options.environments !== false && component.environments.length) {
    items.push({ label: 'environments', kind: vscode.QuickPickItemKind.Separator });
    for (const e of component.environments) {
      const slot: SlotRef = { kind: 'environment', ref: e.name };
      if (!same(slot)) {
        items.push({ label: `$(server-environment) ${iconSafeName(e.name)}`, description: environmentPosition(e), detail: withNameWarnings(environmentDetail(e), [e.name, e.version]), slot });
      }
    }
  }
  if (options.versions !== false && component.versions.length) {
    items.push({ label: 'versions', kind: vscode.QuickPickItemKind.Separator });
    for (const v of component.versions) {
      const slot: SlotRef = { kind: 'version', ref: v.version };
      if (!same(slot)) items.push({ label: `$(tag) ${iconSafeName(v.version)}`, detail: withNameWarnings(versionDetail(v), [v.version]), slot });
    }
  }
  const picked = await pickOne<SlotItem>({
    title: options.title,
    placeholder: options.placeholder,
    step: options.step,
    totalSteps: options.totalSteps,
    canGoBack: options.canGoBack,
    items: () => once(items),
    active: (list) => list.find((i) => i.slot),
    emptyMessage: `${escapeUntrusted(component.id)} has nothing else to pick.`,
  });
  return picked === BACK || picked === undefined ? picked : picked.slot;
}
