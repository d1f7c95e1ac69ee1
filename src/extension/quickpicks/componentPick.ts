import * as vscode from 'vscode';
import { ComponentInfo } from '../../engine';
import { EdgitRepository, EdgitServices } from '../services';
import { Back, pickOne } from './asyncQuickPick';
import { iconSafeName, iconSafeText } from '../untrustedLabels';
import { environmentPosition, withNameWarnings } from './format';

export interface ComponentChoice {
  readonly repository: EdgitRepository;
  readonly component: ComponentInfo;
}

/** Picked "New component…" (only offered with `allowNew`). */
export const NEW_COMPONENT = Symbol('new component');

interface ComponentItem extends vscode.QuickPickItem {
  readonly choice: ComponentChoice | typeof NEW_COMPONENT;
}

export interface ComponentPickOptions {
  readonly title: string;
  readonly step?: number;
  readonly totalSteps?: number;
  readonly canGoBack?: boolean;
  /** Only this repository's components. */
  readonly repository?: EdgitRepository;
  /** Hide components the flow cannot act on (legacy layouts for writes). */
  readonly filter?: (component: ComponentInfo) => boolean;
  /** Offer "New component…" (create a first version). */
  readonly allowNew?: boolean;
}

/** Components of every open repository (or one), filled repository by repository as snapshots load. */
export function pickComponent(services: EdgitServices, options: ComponentPickOptions): Promise<ComponentChoice | Back | undefined> {
  return pickComponentOrNew(services, { ...options, allowNew: false }) as Promise<ComponentChoice | Back | undefined>;
}

/** pickComponent, plus "New component…" when `allowNew`. */
export function pickComponentOrNew(services: EdgitServices, options: ComponentPickOptions): Promise<ComponentChoice | typeof NEW_COMPONENT | Back | undefined> {
  const repositories = options.repository ? [options.repository] : services.repositories();
  const several = repositories.length > 1;
  async function* items(): AsyncIterable<readonly ComponentItem[]> {
    const loads = repositories.map((r) => r.snapshot().then((s) => ({ repository: r, snapshot: s })));
    const all: ComponentItem[] = [];
    const extra: ComponentItem[] = options.allowNew
      ? [{ label: '$(add) New component…', description: 'its first version (namespace/name)', choice: NEW_COMPONENT, alwaysShow: true }]
      : [];
    if (extra.length) yield extra;
    for (const load of loads) {
      const { repository, snapshot } = await load;
      for (const component of snapshot.components) {
        if (options.filter && !options.filter(component)) continue;
        all.push(componentItem({ repository, component }, several));
      }
      yield [...all, ...extra];
    }
  }
  return pickOne<ComponentItem>({
    title: options.title,
    placeholder: 'Pick a component (namespace/name)',
    step: options.step,
    totalSteps: options.totalSteps,
    canGoBack: options.canGoBack,
    items,
    emptyMessage: options.allowNew ? undefined : 'No Edgit components here yet: run "Edgit: Create Version…" to tag one.',
  }).then((picked) => (picked && typeof picked === 'object' ? picked.choice : picked));
}

function componentItem(choice: ComponentChoice, showRepository: boolean): ComponentItem {
  const c = choice.component;
  const envs = c.environments.map((e) => `${iconSafeName(e.name)} ${environmentPosition(e)}`).join(' · ');
  const latest = c.versions[0]?.version;
  return {
    label: `$(symbol-file) ${iconSafeName(c.id)}`,
    description: [showRepository ? iconSafeText(choice.repository.name) : '', c.legacy ? 'legacy tags' : '', latest ? `latest ${iconSafeName(latest)}` : 'no versions']
      .filter(Boolean)
      .join(' · '),
    detail: withNameWarnings(envs || 'not deployed to any environment', [c.id]),
    choice,
  };
}
