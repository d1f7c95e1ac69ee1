import * as vscode from 'vscode';
import { DEFAULT_ROLLOUT_ORDER } from '../engine';
import { EdgitSettings } from './services';

/** The configuration section every Edgit setting lives in (`edgit.remote`, `edgit.pushMode`…). */
export const SETTINGS_SECTION = 'edgit';

export const DEFAULT_SETTINGS: EdgitSettings = {
  remote: 'origin',
  pushMode: 'ask',
  protectedEnvironments: ['production'],
  environmentOrder: ['production', 'staging', 'canary'],
  rolloutOrder: DEFAULT_ROLLOUT_ORDER,
  showLegacyTags: true,
  deployWatchMinutes: 10,
  deployWatchPollSeconds: 15,
  referencesInclude: [],
  referencesExclude: [],
};

/** A number setting within [min, max], else the fallback. */
function numberIn(value: unknown, min: number, max: number, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : fallback;
}

function stringList(value: unknown, fallback: readonly string[]): readonly string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : fallback;
}

/** Reads the `edgit` settings, falling back to the defaults for missing or malformed values. */
export function readSettings(scope?: vscode.ConfigurationScope): EdgitSettings {
  const c = vscode.workspace.getConfiguration(SETTINGS_SECTION, scope);
  const remote = c.get<unknown>('remote');
  const pushMode = c.get<unknown>('pushMode');
  const showLegacy = c.get<unknown>('showLegacyTags');
  return {
    remote: typeof remote === 'string' && remote.trim() ? remote.trim() : DEFAULT_SETTINGS.remote,
    pushMode: pushMode === 'always' || pushMode === 'never' || pushMode === 'ask' ? pushMode : DEFAULT_SETTINGS.pushMode,
    protectedEnvironments: stringList(c.get('protectedEnvironments'), DEFAULT_SETTINGS.protectedEnvironments),
    environmentOrder: stringList(c.get('environmentOrder'), DEFAULT_SETTINGS.environmentOrder),
    rolloutOrder: stringList(c.get('rolloutOrder'), DEFAULT_SETTINGS.rolloutOrder),
    showLegacyTags: typeof showLegacy === 'boolean' ? showLegacy : DEFAULT_SETTINGS.showLegacyTags,
    deployWatchMinutes: numberIn(c.get('deployWatchMinutes'), 0, 24 * 60, DEFAULT_SETTINGS.deployWatchMinutes),
    deployWatchPollSeconds: numberIn(c.get('deployWatchPollSeconds'), 0.2, 3600, DEFAULT_SETTINGS.deployWatchPollSeconds),
    referencesInclude: stringList(c.get('references.include'), DEFAULT_SETTINGS.referencesInclude),
    referencesExclude: stringList(c.get('references.exclude'), DEFAULT_SETTINGS.referencesExclude),
  };
}
