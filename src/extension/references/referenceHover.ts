import * as vscode from 'vscode';
import { escapeUntrusted } from '../../engine';
import { COMMAND } from '../commands/commandIds';
import { SlotRef, documentUri } from '../documents';
import { escapeMarkdown } from '../tree/markdown';
import { ReferenceSources, ResolvedReference, SiteInDocument, resolveSite } from './referenceSources';

/** Lines of the component's content the hover shows. */
const PREVIEW_LINES = 8;
const PREVIEW_CHARS = 1200;

/** The commands a reference's hover may run: nothing else is trusted in it. */
const HOVER_COMMANDS = [COMMAND.openVersion, COMMAND.compareWith];

/** The document a reference loads: the environment's (it follows the environment), the pinned version's. */
export function loadedSlot(resolved: ResolvedReference, slot: string): SlotRef | undefined {
  const r = resolved.resolution;
  if (r.status === 'environment') return { kind: 'environment', ref: slot };
  if (r.status === 'pinned' && r.version) return { kind: 'version', ref: r.version };
  return undefined;
}

/**
 * The hover on a component reference in an ensemble or agent: what it resolves to now, the
 * version's date, tagger and bad mark, the first lines of its content, and links to open the
 * version and to compare it with what production serves. Its problems are the diagnostics'
 * (referenceDiagnostics.ts), which VS Code shows in the same hover. Everything from files and
 * tags is escaped; only the two Edgit commands run from it.
 */
export class ReferenceHoverProvider implements vscode.HoverProvider {
  constructor(private readonly sources: ReferenceSources) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const found = await this.sources.siteAt(document, position);
    if (!found) return undefined;
    const md = new vscode.MarkdownString('', false);
    md.supportHtml = false;
    md.supportThemeIcons = true;
    md.isTrusted = { enabledCommands: HOVER_COMMANDS };
    const ref = found.site.reference;
    md.appendMarkdown(`**${escapeMarkdown(ref.canonical)}**`);
    const repository = found.source.repository;
    if (!repository) {
      md.appendMarkdown(' · Conductor reads the tag of this exact slot\n\n');
      md.appendMarkdown('Trust this workspace to see what it resolves to: Edgit runs no git in an untrusted workspace.\n\n');
      return new vscode.Hover(md, found.range);
    }
    const resolved = await resolveSite(repository, found.site);
    await this.appendResolved(md, found, resolved);
    return new vscode.Hover(md, found.range);
  }

  private async appendResolved(md: vscode.MarkdownString, found: SiteInDocument, resolved: ResolvedReference): Promise<void> {
    const { resolution: r, component } = resolved;
    const ref = found.site.reference;
    const repository = found.source.repository!;
    if (r.status === 'missing') {
      md.appendMarkdown(` · **Conductor finds nothing**: ${escapeMarkdown(r.summary)}\n\n`);
      if (r.tagsAllow) {
        md.appendMarkdown(
          `The tags would allow ${escapeMarkdown(r.tagsAllow)} for ${escapeMarkdown(ref.slot)}, but Conductor matches the slot exactly: it loads a tag named ${escapeMarkdown(ref.slot)} or nothing.\n\n`,
        );
      }
    } else {
      md.appendMarkdown(` · ${escapeMarkdown(r.summary)}\n\n`);
    }
    const version = r.version ? component?.versions.find((v) => v.version === r.version) : undefined;
    if (version) {
      const who = version.tagger ? `${version.tagger}${version.taggerEmail ? ` <${version.taggerEmail}>` : ''}` : undefined;
      md.appendMarkdown(escapeMarkdown([version.version, version.date?.slice(0, 10), who].filter(Boolean).join(' · ')));
      const mark = resolved.marks.get(component!.key, version.version);
      if (mark) md.appendMarkdown(` · $(warning) **marked bad**${mark.reason ? `: ${escapeMarkdown(`"${mark.reason}"`)}` : ''}`);
      md.appendMarkdown('\n\n');
    }
    const slot = component && loadedSlot(resolved, ref.slot);
    if (component && slot) {
      const preview = await previewOf(await documentUri(repository, component, slot)).catch(() => undefined);
      if (preview !== undefined) md.appendMarkdown(preview);
    }
    const links: string[] = [];
    const target = { repositoryRoot: repository.root, componentKey: component?.key };
    if (component && r.version) links.push(commandLink('Open Version', COMMAND.openVersion, { ...target, version: r.version }));
    const production = component?.environments.find((e) => e.name === 'production');
    const other = r.version ?? r.commit;
    if (production && other && ref.slot !== 'production') {
      links.push(commandLink('Compare with What Production Serves', COMMAND.compareWith, { ...target, environment: 'production', with: other }));
    }
    if (links.length) md.appendMarkdown(links.join(' · '));
  }
}

/** The first lines of a document, as a code block no content can close. */
async function previewOf(uri: vscode.Uri): Promise<string> {
  const text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  if (text.includes('\u0000')) return '';
  const lines = text.slice(0, PREVIEW_CHARS).split(/\r?\n/).slice(0, PREVIEW_LINES);
  const shown = escapeUntrusted(lines.join('\n'), { keepNewlines: true });
  if (!shown.trim()) return '';
  const longestRun = Math.max(2, ...[...shown.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence}\n${shown}\n${fence}\n\n`;
}

/** A command link with its argument: parentheses encoded too, so no path can end the link early. */
function commandLink(title: string, command: string, arg: Record<string, unknown>): string {
  const encoded = encodeURIComponent(JSON.stringify(arg)).replace(/\(/g, '%28').replace(/\)/g, '%29');
  return `[${title}](command:${command}?${encoded})`;
}
