import * as vscode from 'vscode';
import { documentUri } from '../documents';
import { loadedSlot } from './referenceHover';
import { ReferenceSources, resolveSite, siteRange } from './referenceSources';

/**
 * Ctrl+click and F12 on a component reference: the content it loads, read-only, as an `edgit:`
 * document titled like the tree's (`analysis.md (production → v1.9.0)`, `analysis.md (v2.0.0)`).
 * An environment reference opens the environment's document, which follows the environment.
 */
export class ReferenceDefinitionProvider implements vscode.DefinitionProvider {
  constructor(private readonly sources: ReferenceSources) {}

  async provideDefinition(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.LocationLink[] | undefined> {
    const found = await this.sources.siteAt(document, position);
    const repository = found?.source.repository;
    if (!found || !repository) return undefined;
    const resolved = await resolveSite(repository, found.site);
    const slot = loadedSlot(resolved, found.site.reference.slot);
    if (!resolved.component || !slot) return undefined;
    const targetUri = await documentUri(repository, resolved.component, slot);
    const top = new vscode.Range(0, 0, 0, 0);
    return [{ originSelectionRange: found.range, targetUri, targetRange: top, targetSelectionRange: top }];
  }
}

/** Shift+F12 on a component reference: every reference to the same component in the workspace (any slot). */
export class ComponentReferenceProvider implements vscode.ReferenceProvider {
  constructor(private readonly sources: ReferenceSources) {}

  async provideReferences(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location[] | undefined> {
    const found = await this.sources.siteAt(document, position);
    if (!found) return undefined;
    const locations: vscode.Location[] = [];
    for (const source of this.sources.all()) {
      const index = await source.references.index().catch(() => undefined);
      for (const site of index?.referencesTo(found.site.reference.componentId) ?? []) {
        locations.push(new vscode.Location(ReferenceSources.fileUri(source, site.file), siteRange(site)));
      }
    }
    return locations;
  }
}
