import * as path from 'node:path';
import * as vscode from 'vscode';
import { BadMarks, ComponentInfo, RepositorySnapshot, indexYamlText, resolveReference } from '../../engine';
import type { ReferenceSite } from '../../engine/references/referenceIndex';
import type { ReferenceResolution } from '../../engine/references/referenceResolution';
import { RepositoryRegistry } from '../repositoryRegistry';
import { WorkspaceRepository } from '../workspaceRepository';
import { WorkspaceReferences } from './workspaceReferences';

/**
 * Where the editor features find references: each repository's index (repo.references()), or,
 * in an untrusted workspace where no repository is discovered (that runs git), an index of each
 * workspace folder, parsed only and never resolved.
 */
export interface ReferenceSource {
  readonly references: WorkspaceReferences;
  /** The repository to resolve against; undefined in an untrusted workspace (no git runs). */
  readonly repository: WorkspaceRepository | undefined;
}

/** A reference in an open document, where it is written. */
export interface SiteInDocument {
  readonly source: ReferenceSource;
  readonly site: ReferenceSite;
  readonly range: vscode.Range;
}

/** What a reference resolves to, with the component and the state it was resolved against. */
export interface ResolvedReference {
  readonly resolution: ReferenceResolution;
  readonly component: ComponentInfo | undefined;
  readonly snapshot: RepositorySnapshot;
  readonly marks: BadMarks;
}

/** The range of a site (its positions are 1-based). */
export function siteRange(site: { line: number; column: number; endLine: number; endColumn: number }): vscode.Range {
  return new vscode.Range(site.line - 1, site.column - 1, site.endLine - 1, site.endColumn - 1);
}

/** What a reference resolves to now in its repository. */
export async function resolveSite(repository: WorkspaceRepository, site: ReferenceSite): Promise<ResolvedReference> {
  const [snapshot, marks] = await Promise.all([repository.snapshot(), repository.badMarks()]);
  const resolution = resolveReference(site.reference, snapshot, marks);
  const component = site.reference.componentKey ? snapshot.get(site.reference.componentKey) : undefined;
  return { resolution, component, snapshot, marks };
}

/** The problems of a reference that its text alone shows (no tags read): the legacy form, no slot, not read as a reference. */
export function textOnlyProblems(site: ReferenceSite): ReferenceResolution['problems'] {
  const none = resolveReference(site.reference, new RepositorySnapshot('', [], [], new Date(0)), new BadMarks());
  return none.problems.filter((p) => p.kind === 'legacy-form' || p.kind === 'unversioned' || p.kind === 'not-a-reference');
}

export class ReferenceSources implements vscode.Disposable {
  /** Untrusted workspace: one parse-only index per workspace folder. */
  private folders = new Map<string, WorkspaceReferences>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly registry: RepositoryRegistry,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      registry.onDidChangeRepositories(() => this.syncFolders()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.syncFolders()),
      registry.onDidChangeSettings(() => {
        for (const f of this.folders.values()) f.settingsChanged();
      }),
    );
    this.syncFolders();
  }

  /** The sources of the workspace now. */
  all(): ReferenceSource[] {
    if (this.registry.isTrusted) return this.registry.repositories().map((repository) => ({ references: repository.referenceIndex, repository }));
    return [...this.folders.values()].map((references) => ({ references, repository: undefined }));
  }

  /** The source a file belongs to (the innermost root). */
  forUri(uri: vscode.Uri): { source: ReferenceSource; file: string } | undefined {
    let best: { source: ReferenceSource; file: string } | undefined;
    for (const source of this.all()) {
      const file = source.references.relativePath(uri);
      if (file && (!best || source.references.root.length > best.source.references.root.length)) best = { source, file };
    }
    return best;
  }

  /**
   * The references of an open document as its text is now (the index may not have caught up
   * with the last keystroke), when the file is in scope.
   */
  async sitesIn(document: vscode.TextDocument): Promise<SiteInDocument[]> {
    const found = this.forUri(document.uri);
    if (!found) return [];
    const index = await found.source.references.index().catch(() => undefined);
    if (!index?.inScope(found.file)) return [];
    return indexYamlText(found.file, document.getText()).references.map((site) => ({ source: found.source, site, range: siteRange(site) }));
  }

  async siteAt(document: vscode.TextDocument, position: vscode.Position): Promise<SiteInDocument | undefined> {
    return (await this.sitesIn(document)).find((s) => s.range.contains(position));
  }

  /** The absolute file of a repository-relative path of a source. */
  static fileUri(source: ReferenceSource, file: string): vscode.Uri {
    return vscode.Uri.file(path.join(source.references.root, ...file.split('/')));
  }

  /** Untrusted: indexes of the workspace folders (parse only); trusted: none (the repositories own theirs). */
  private syncFolders(): void {
    const wanted = this.registry.isTrusted ? [] : this.registry.folders();
    const next = new Map<string, WorkspaceReferences>();
    for (const folder of wanted) {
      next.set(folder, this.folders.get(folder) ?? new WorkspaceReferences(folder, () => this.scopeSettings(), this.log));
    }
    for (const [folder, refs] of this.folders) if (!next.has(folder)) refs.dispose();
    this.folders = next;
  }

  private scopeSettings(): { include: readonly string[]; exclude: readonly string[] } {
    const s = this.registry.settings();
    return { include: s.referencesInclude, exclude: s.referencesExclude };
  }

  dispose(): void {
    for (const refs of this.folders.values()) refs.dispose();
    this.folders.clear();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
