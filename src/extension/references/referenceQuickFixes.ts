import * as vscode from 'vscode';
import { escapeUntrusted } from '../../engine';
import { ReferenceSources, SiteInDocument, resolveSite, textOnlyProblems } from './referenceSources';

/** At most this many environments are offered for a slot with no tag. */
const MAX_SLOT_FIXES = 4;

/**
 * Quick fixes on component references, each one edit of the reference's exact range: the legacy
 * `prompt://x@v1` form → `prompts/x@v1`; a slot with no tag → the component's environments (and
 * the version the tags would allow); a pin to a version marked bad → `@production`, when
 * production serves another version.
 */
export class ReferenceQuickFixProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly sources: ReferenceSources) {}

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const sites = (await this.sources.sitesIn(document)).filter((s) => s.range.intersection(range));
    const actions: vscode.CodeAction[] = [];
    for (const found of sites) actions.push(...(await this.fixesFor(document, found, context)));
    return actions;
  }

  private async fixesFor(document: vscode.TextDocument, found: SiteInDocument, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const ref = found.site.reference;
    const diagnosticsOf = (kind: string) => context.diagnostics.filter((d) => d.code === kind && d.range.isEqual(found.range));
    const fix = (text: string, kind: string, preferred = false) => {
      const action = new vscode.CodeAction(`Use ${escapeUntrusted(text)}`, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(document.uri, found.range, text);
      action.diagnostics = diagnosticsOf(kind);
      action.isPreferred = preferred;
      return action;
    };
    const repository = found.source.repository;
    const resolved = repository ? await resolveSite(repository, found.site) : undefined;
    const actions: vscode.CodeAction[] = [];
    for (const p of resolved?.resolution.problems ?? textOnlyProblems(found.site)) {
      if (p.kind === 'legacy-form' && p.replacement) actions.push(fix(p.replacement, p.kind, true));
    }
    const component = resolved?.component;
    if (!resolved || !component) return actions;
    const r = resolved.resolution;
    const missing = r.problems.find((p) => p.kind === 'missing-slot');
    if (missing) {
      const slots = [...component.environments.map((e) => e.name).slice(0, MAX_SLOT_FIXES), ...(r.tagsAllow ? [r.tagsAllow] : [])];
      slots.forEach((slot, i) => actions.push(fix(`${ref.componentId}@${slot}`, missing.kind, i === 0 && slots.length === 1)));
    }
    const production = component.environments.find((e) => e.name === 'production');
    const badPin = r.status === 'pinned' && r.problems.some((p) => p.kind === 'bad-version');
    if (badPin && production && production.version !== r.version) {
      const follow = fix(`${ref.componentId}@production`, 'bad-version', true);
      follow.title = `Follow production instead (${ref.componentId}@production)`;
      actions.push(follow);
    }
    return actions;
  }
}
