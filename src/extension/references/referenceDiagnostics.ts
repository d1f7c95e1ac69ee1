import * as vscode from 'vscode';
import { ReferenceProblem, escapeUntrusted, resolveAll } from '../../engine';
import type { ReferenceFileProblem, ReferenceSite } from '../../engine/references/referenceIndex';
import { ReferenceSource, ReferenceSources, siteRange, textOnlyProblems } from './referenceSources';

/** Changes arriving together (a save and the watcher's event, a move and its history) give one update. */
const UPDATE_AFTER_MS = 50;

const SEVERITY: Record<ReferenceProblem['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

/**
 * The Problems view's entries for component references (collection `edgit-references`, source
 * "Edgit"): a slot with no tag (error: Conductor finds nothing), a pin to a version marked bad
 * (warning), a pin an environment does not serve and the legacy `prompt://` form (information),
 * and a file that is not readable as YAML. Updated when a repository's tags, marks or
 * references change. In an untrusted workspace only what the text alone shows.
 */
export class ReferenceDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('edgit-references');
  /** The files each source set diagnostics on last time (to clear those no longer in scope). */
  private readonly shown = new Map<string, Set<string>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly generations = new Map<string, number>();
  private subscriptions: vscode.Disposable[] = [];
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly sources: ReferenceSources,
    private readonly registryChanged: vscode.Event<void>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(this.collection, registryChanged(() => this.listen()));
    this.listen();
  }

  private listen(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
    const sources = this.sources.all();
    const roots = new Set(sources.map((s) => s.references.root));
    for (const [root, files] of this.shown) {
      if (roots.has(root)) continue;
      for (const f of files) this.collection.delete(vscode.Uri.parse(f));
      this.shown.delete(root);
    }
    for (const source of sources) {
      const update = () => this.schedule(source);
      this.subscriptions.push(source.references.onDidChange(update));
      if (source.repository) this.subscriptions.push(source.repository.onDidChange(update));
      update();
    }
  }

  private schedule(source: ReferenceSource): void {
    const root = source.references.root;
    if (this.timers.has(root)) return;
    this.timers.set(
      root,
      setTimeout(() => {
        this.timers.delete(root);
        this.update(source).catch((e: unknown) => {
          if (!this.disposed) this.log.warn(`Edgit references: ${e instanceof Error ? e.message : String(e)}`);
        });
      }, UPDATE_AFTER_MS),
    );
  }

  private async update(source: ReferenceSource): Promise<void> {
    const root = source.references.root;
    const generation = (this.generations.get(root) ?? 0) + 1;
    this.generations.set(root, generation);
    const index = await source.references.index();
    const byFile = new Map<string, vscode.Diagnostic[]>();
    const add = (file: string, d: vscode.Diagnostic) => byFile.set(file, [...(byFile.get(file) ?? []), d]);
    // No reference, nothing to resolve: a repository without ensembles costs no git here.
    if (source.repository && index.references().length) {
      const [snapshot, marks] = await Promise.all([source.repository.snapshot(), source.repository.badMarks()]);
      for (const r of resolveAll(index, snapshot, marks)) for (const p of r.resolution.problems) add(r.site.file, referenceDiagnostic(r.site, p));
    } else if (!source.repository) {
      for (const site of index.references()) for (const p of textOnlyProblems(site)) add(site.file, referenceDiagnostic(site, p));
    }
    for (const p of index.problems()) add(p.file, unreadableDiagnostic(p));
    if (this.disposed || this.generations.get(root) !== generation) return;
    const now = new Set<string>();
    for (const [file, diagnostics] of byFile) {
      const uri = ReferenceSources.fileUri(source, file);
      now.add(uri.toString());
      this.collection.set(uri, diagnostics);
    }
    for (const old of this.shown.get(root) ?? []) if (!now.has(old)) this.collection.delete(vscode.Uri.parse(old));
    this.shown.set(root, now);
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of [...this.subscriptions.splice(0), ...this.disposables.splice(0)]) d.dispose();
  }
}

function referenceDiagnostic(site: ReferenceSite, problem: ReferenceProblem): vscode.Diagnostic {
  const d = new vscode.Diagnostic(siteRange(site), escapeUntrusted(problem.message), SEVERITY[problem.severity]);
  d.source = 'Edgit';
  d.code = problem.kind;
  return d;
}

function unreadableDiagnostic(p: ReferenceFileProblem): vscode.Diagnostic {
  const at = new vscode.Position(p.line - 1, Math.max(0, p.column - 1));
  const message = p.message.replace(/^not readable as YAML: /, '');
  const d = new vscode.Diagnostic(
    new vscode.Range(at, at.translate(0, 1)),
    `Not readable as YAML, so its component references are not checked: ${escapeUntrusted(message)}`,
    vscode.DiagnosticSeverity.Error,
  );
  d.source = 'Edgit';
  d.code = 'unreadable-yaml';
  return d;
}
