import * as vscode from 'vscode';
import { ComponentInfo } from '../../engine';
import { BACK, Back, once, pickMany } from './asyncQuickPick';
import { escapeUntrusted } from '../../engine';
import { iconSafeName, iconSafeText } from '../untrustedLabels';
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
  /** The components the last batch moved together in this environment: listed first, and marked. */
  readonly together?: MovedTogether;
}

/** A batch that moved several components of the environment together, as the pick shows it. */
export interface MovedTogether {
  readonly componentKeys: ReadonlySet<string>;
  /** `deployed together 14:00 today · CHG-1852` (text from the history: made icon-safe here). */
  readonly label: string;
  /** `by Ana Lima: CHG-1852 weekly release …`. */
  readonly detail: string;
}

/** The items of the pick (exported for tests): the batch moved together first, under its own heading. */
export function componentItems(components: readonly ComponentInfo[], options: Pick<ComponentsPickOptions, 'environment' | 'together'>): (ComponentItem | vscode.QuickPickItem)[] {
  const together = options.together;
  const toItem = (component: ComponentInfo): ComponentItem => {
    const env = component.environments.find((e) => e.name === options.environment);
    const batch = together?.componentKeys.has(component.key) ? together : undefined;
    return {
      label: iconSafeName(component.id),
      description: env ? `${iconSafeName(options.environment)} at ${environmentPosition(env)}` : undefined,
      // The group's heading names the batch; each of its components says it on its second line.
      detail: withNameWarnings(batch ? iconSafeText(`${batch.label}, ${batch.detail}`) : undefined, [component.id]),
      component,
    };
  };
  const first = together ? components.filter((c) => together.componentKeys.has(c.key)) : [];
  if (!first.length) return components.map(toItem);
  const rest = components.filter((c) => !together!.componentKeys.has(c.key));
  return [
    { label: iconSafeText(together!.label), kind: vscode.QuickPickItemKind.Separator },
    ...first.map(toItem),
    ...(rest.length ? [{ label: `other components in ${iconSafeName(options.environment)}`, kind: vscode.QuickPickItemKind.Separator }] : []),
    ...rest.map(toItem),
  ];
}

/** Several components deployed to an environment (canPickMany). */
export async function pickComponentsIn(components: readonly ComponentInfo[], options: ComponentsPickOptions): Promise<readonly ComponentInfo[] | Back | undefined> {
  const items = componentItems(components, options) as ComponentItem[];
  const picked = await pickMany<ComponentItem>({
    title: options.title,
    placeholder: `Check the components to roll back in ${escapeUntrusted(options.environment)}`,
    step: options.step,
    totalSteps: options.totalSteps,
    canGoBack: options.canGoBack,
    items: () => once(items),
    selected: (i) => !!i.component && options.preselected.includes(i.component.key),
    emptyMessage: `No component is in ${escapeUntrusted(options.environment)}.`,
  });
  if (picked === BACK || picked === undefined) return picked;
  return picked.filter((i) => !!i.component).map((i) => i.component);
}
