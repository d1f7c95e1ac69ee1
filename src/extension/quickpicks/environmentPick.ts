import * as vscode from 'vscode';
import { ComponentInfo, EnvironmentInfo, RepositorySnapshot, escapeUntrusted, isEdgitError, validateEnvironmentName } from '../../engine';
import { BACK, Back, once, pickOne } from './asyncQuickPick';
import { iconSafeName } from '../untrustedLabels';
import { environmentDetail, environmentPosition, withNameWarnings } from './format';

interface EnvironmentItem extends vscode.QuickPickItem {
  readonly environment?: string;
  readonly isNew?: boolean;
}

export interface EnvironmentPickOptions {
  readonly title: string;
  readonly step?: number;
  readonly totalSteps?: number;
  readonly canGoBack?: boolean;
  readonly protectedEnvironments: readonly string[];
  /** Known environments first in this order, then by name. */
  readonly environmentOrder: readonly string[];
  /** Offer "New environment…" (deploy can create one). */
  readonly allowNew?: boolean;
}

/** Orders environment names: configured order first, then alphabetical. */
function orderEnvironments<T>(items: readonly T[], name: (t: T) => string, order: readonly string[]): T[] {
  const rank = (n: string) => {
    const i = order.indexOf(n);
    return i < 0 ? order.length : i;
  };
  return [...items].sort((a, b) => rank(name(a)) - rank(name(b)) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
}

/** One environment of a component, or a new name typed by the user (validated like the CLI's slots). */
export async function pickEnvironment(component: ComponentInfo, options: EnvironmentPickOptions): Promise<string | Back | undefined> {
  const existing = orderEnvironments(component.environments, (e) => e.name, options.environmentOrder);
  const items: EnvironmentItem[] = existing.map((e) => environmentItem(e, options.protectedEnvironments));
  if (options.allowNew) items.push({ label: '$(add) New environment…', description: 'create an environment tag', isNew: true, alwaysShow: true });
  const picked = await pickOne<EnvironmentItem>({
    title: options.title,
    placeholder: `Pick an environment of ${escapeUntrusted(component.id)}`,
    step: options.step,
    totalSteps: options.totalSteps,
    canGoBack: options.canGoBack,
    items: () => once(items),
    emptyMessage: `${escapeUntrusted(component.id)} is in no environment yet.`,
  });
  if (picked === BACK || picked === undefined) return picked;
  if (picked.isNew) return askNewEnvironment(component, options.title);
  return picked.environment;
}

function environmentItem(e: EnvironmentInfo, protectedEnvironments: readonly string[]): EnvironmentItem {
  const isProtected = protectedEnvironments.includes(e.name);
  return {
    label: `$(${isProtected ? 'shield' : 'server-environment'}) ${iconSafeName(e.name)}`,
    description: `at ${environmentPosition(e)}${isProtected ? ' · protected' : ''}`,
    detail: withNameWarnings(environmentDetail(e), [e.name, e.version]),
    environment: e.name,
  };
}

/** Asks for a new environment name; undefined when cancelled. */
function askNewEnvironment(component: ComponentInfo, title: string): Promise<string | undefined> {
  return Promise.resolve(
    vscode.window.showInputBox({
      title,
      prompt: `New environment of ${escapeUntrusted(component.id)} (for example staging, canary, production-us-west, ring-0)`,
      ignoreFocusOut: true,
      validateInput: (value) => environmentNameProblem(component, value.trim()),
    }),
  ).then((v) => v?.trim() || undefined);
}

/** Why a typed environment name cannot be used, or undefined when it can. */
function environmentNameProblem(component: ComponentInfo, name: string): string | undefined {
  try {
    validateEnvironmentName(name);
  } catch (e) {
    return isEdgitError(e) ? e.userMessage : String(e);
  }
  if (component.environments.some((e) => e.name === name)) return `${component.id} already has ${name}: pick it from the list instead.`;
  return undefined;
}

interface RepositoryEnvironmentItem extends vscode.QuickPickItem {
  readonly environment: string;
}

/** An environment name used by any component of a repository (partial rollback). */
export async function pickRepositoryEnvironment(
  snapshot: RepositorySnapshot,
  options: Omit<EnvironmentPickOptions, 'allowNew'>,
): Promise<string | Back | undefined> {
  const counts = new Map<string, number>();
  for (const c of snapshot.components) for (const e of c.environments) counts.set(e.name, (counts.get(e.name) ?? 0) + 1);
  const names = orderEnvironments([...counts.keys()], (n) => n, options.environmentOrder);
  const items = names.map<RepositoryEnvironmentItem>((name) => {
    const isProtected = options.protectedEnvironments.includes(name);
    const n = counts.get(name) ?? 0;
    return {
      label: `$(${isProtected ? 'shield' : 'server-environment'}) ${iconSafeName(name)}`,
      description: `${n} component${n === 1 ? '' : 's'}${isProtected ? ' · protected' : ''}`,
      detail: withNameWarnings(undefined, [name]),
      environment: name,
    };
  });
  const picked = await pickOne<RepositoryEnvironmentItem>({
    title: options.title,
    placeholder: 'Pick the environment to roll back',
    step: options.step,
    totalSteps: options.totalSteps,
    canGoBack: options.canGoBack,
    items: () => once(items),
    emptyMessage: 'No component is deployed to any environment yet.',
  });
  return picked === BACK || picked === undefined ? picked : picked.environment;
}
