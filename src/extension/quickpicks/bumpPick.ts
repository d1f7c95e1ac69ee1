import * as vscode from 'vscode';
import { BumpLevel, ComponentInfo, bumpVersion, isEdgitError, validateVersionName } from '../../engine';
import { iconSafeName } from '../untrustedLabels';
import { BACK, Back, once, pickOne } from './asyncQuickPick';
import { StepPosition } from './multiStep';

interface BumpItem extends vscode.QuickPickItem {
  readonly version?: string;
  readonly typed?: boolean;
}

const LEVELS: readonly { level: BumpLevel; what: string }[] = [
  { level: 'patch', what: 'fixes' },
  { level: 'minor', what: 'new behaviour, compatible' },
  { level: 'major', what: 'breaking change' },
  { level: 'prerelease', what: 'try it before releasing' },
];

/** The new version: a bump of the highest one (patch/minor/major/prerelease, as `edgit tag bump`) or typed. */
export async function pickNewVersion(title: string, component: ComponentInfo | undefined, pos: Partial<StepPosition>): Promise<string | Back | undefined> {
  const highest = component?.versions[0]?.version;
  const existing = new Set(component?.versions.map((v) => v.version) ?? []);
  const items: BumpItem[] = LEVELS.map(({ level, what }) => {
    const version = bumpVersion(highest, level);
    return { label: `$(arrow-up) ${iconSafeName(version)}`, description: `${level} · ${what}`, detail: highest ? `from ${iconSafeName(highest)}` : 'first version', version };
  }).filter((i) => !existing.has(i.version));
  items.push({ label: '$(edit) Type a version…', description: 'e.g. v2.0.0-rc.1', typed: true, alwaysShow: true });
  const picked = await pickOne<BumpItem>({ title, placeholder: `New version of ${component?.id ?? 'the component'}`, ...pos, items: () => once(items) });
  if (picked === BACK || picked === undefined) return picked;
  if (!picked.typed) return picked.version;
  const typed = await vscode.window.showInputBox({
    title,
    prompt: 'Version: "v", three numbers, an optional prerelease (v1.2.0, v1.2.0-rc.1)',
    value: highest ? bumpVersion(highest, 'patch') : 'v1.0.0',
    ignoreFocusOut: true,
    validateInput: (value) => versionProblem(value.trim(), existing),
  });
  return typed?.trim() || undefined;
}

function versionProblem(value: string, existing: ReadonlySet<string>): string | undefined {
  try {
    validateVersionName(value);
  } catch (e) {
    return isEdgitError(e) ? e.userMessage : String(e);
  }
  return existing.has(value) ? `${value} already exists: versions are immutable, pick another.` : undefined;
}
