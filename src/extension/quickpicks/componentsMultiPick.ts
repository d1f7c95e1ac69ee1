import * as vscode from 'vscode';
import { ComponentInfo } from '../../engine';
import { BACK, Back, once, pickMany } from './asyncQuickPick';
import { escapeUntrusted } from '../../engine';
import { iconSafeName } from '../untrustedLabels';
import { environmentPosition, withNameWarnings } from './format';

interface ComponentItem extends vscode.QuickPickItem {
  readonly component: ComponentInfo;
}

export interface ComponentsPickOptions {
  readonly title: string;
  readonly step?: number;
  readonly totalSteps?: number;
  readonly canGoBack?: boolean;
  readonly environment: string;
  /** Component keys checked at first. */
  readonly preselected: readonly string[];
}

/** Several components deployed to an environment (canPickMany). */
export async function pickComponentsIn(components: readonly ComponentInfo[], options: ComponentsPickOptions): Promise<readonly ComponentInfo[] | Back | undefined> {
  const items = components.map<ComponentItem>((component) => {
    const env = component.environments.find((e) => e.name === options.environment);
    return {
      label: iconSafeName(component.id),
      description: env ? `${iconSafeName(options.environment)} at ${environmentPosition(env)}` : undefined,
      detail: withNameWarnings(undefined, [component.id]),
      component,
    };
  });
  const picked = await pickMany<ComponentItem>({
    title: options.title,
    placeholder: `Check the components to roll back in ${escapeUntrusted(options.environment)}`,
    step: options.step,
    totalSteps: options.totalSteps,
    canGoBack: options.canGoBack,
    items: () => once(items),
    selected: (i) => options.preselected.includes(i.component.key),
    emptyMessage: `No component is in ${escapeUntrusted(options.environment)}.`,
  });
  if (picked === BACK || picked === undefined) return picked;
  return picked.map((i) => i.component);
}
