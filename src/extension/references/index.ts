import * as vscode from 'vscode';
import { RepositoryRegistry } from '../repositoryRegistry';
import { ReferenceDiagnostics } from './referenceDiagnostics';
import { ReferenceHoverProvider } from './referenceHover';
import { ComponentReferenceProvider, ReferenceDefinitionProvider } from './referenceNavigation';
import { ReferenceQuickFixProvider } from './referenceQuickFixes';
import { ReferenceSources } from './referenceSources';

/** The YAML files the features answer for (which of them are in scope, each repository's index says). */
const YAML_FILES: vscode.DocumentSelector = [{ scheme: 'file', pattern: '**/*.{yaml,yml}' }];

/**
 * The editor's side of component references in ensembles and agents: hover, Ctrl+click / F12
 * (the version's content), Shift+F12 (every reference to the component), diagnostics and quick
 * fixes, over the repositories of a registry.
 */
export function registerReferences(registry: RepositoryRegistry): vscode.Disposable {
  const sources = new ReferenceSources(registry, registry.log);
  return vscode.Disposable.from(
    sources,
    new ReferenceDiagnostics(sources, registry.onDidChangeRepositories, registry.log),
    vscode.languages.registerHoverProvider(YAML_FILES, new ReferenceHoverProvider(sources)),
    vscode.languages.registerDefinitionProvider(YAML_FILES, new ReferenceDefinitionProvider(sources)),
    vscode.languages.registerReferenceProvider(YAML_FILES, new ComponentReferenceProvider(sources)),
    vscode.languages.registerCodeActionsProvider(YAML_FILES, new ReferenceQuickFixProvider(sources), ReferenceQuickFixProvider.metadata),
  );
}
