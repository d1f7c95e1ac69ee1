import * as vscode from 'vscode';
import { ComponentInfo } from '../../engine';
import { EdgitRepository } from '../services';
import { toEdgitUri } from './edgitUri';
import { SlotRef, resolveSlot } from './refs';

/**
 * The `edgit:` URI showing a component at a version, environment or commit. The path is the
 * component's file at that commit (renames are followed); a ref with no file gets the component's
 * name as path and `· no file` in its title, and reads as empty.
 */
export async function documentUri(repository: EdgitRepository, component: ComponentInfo, slot: SlotRef): Promise<vscode.Uri> {
  const resolved = resolveSlot(component, slot);
  let filePath: string | null = null;
  let label = resolved.label;
  if (resolved.commit) {
    const content = await repository.files.contentAt(component, resolved.commit);
    filePath = content.path;
    if (!content.found) label += ' · no file';
  }
  if (!filePath) filePath = (await fallbackPath(repository, component)) ?? `${component.namespace}/${component.name}`;
  return toEdgitUri({ repo: repository.root, component: component.key, kind: slot.kind, ref: slot.ref, label }, filePath);
}

/** The component's file path at its newest version, used when the asked ref has none. */
async function fallbackPath(repository: EdgitRepository, component: ComponentInfo): Promise<string | null> {
  const newest = component.versions[0];
  if (!newest) return null;
  return (await repository.files.pathAt(component, newest.commit)).path;
}
