import * as vscode from 'vscode';
import { presentDrift } from './driftPresentation';
import { ComponentNode, EdgitTreeNode, EnvironmentNode, MessageNode, NamespaceNode, RepositoryNode, VersionNode } from './nodes';
import { absoluteTime, relativeTime } from './relativeTime';

const short = (sha: string | null) => (sha ? sha.slice(0, 7) : '');

/** Untrusted text (tag messages, tagger names) shown literally: MarkdownString escapes it. */
function tooltip(build: (md: vscode.MarkdownString) => void): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = false;
  md.supportHtml = false;
  build(md);
  return md;
}

function contextValue(kind: string, flags: (string | false | undefined)[]): string {
  return [kind, ...flags.filter((f): f is string => !!f)].join(';');
}

function repositoryItem(node: RepositoryNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.repository.name, vscode.TreeItemCollapsibleState.Expanded);
  item.description = `${node.componentCount} component${node.componentCount === 1 ? '' : 's'}`;
  item.tooltip = node.repository.root;
  item.iconPath = new vscode.ThemeIcon('repo');
  item.contextValue = 'edgit:repository';
  return item;
}

function namespaceItem(node: NamespaceNode): vscode.TreeItem {
  const state = node.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
  const item = new vscode.TreeItem(node.namespace, state);
  item.description = String(node.components.length);
  item.iconPath = new vscode.ThemeIcon('symbol-namespace');
  item.contextValue = 'edgit:namespace';
  return item;
}

function componentItem(node: ComponentNode): vscode.TreeItem {
  const { component } = node;
  const item = new vscode.TreeItem(component.name, vscode.TreeItemCollapsibleState.Collapsed);
  const drifting = [...(node.drift?.values() ?? [])].map(presentDrift).filter((d) => !!d);
  const parts: string[] = [];
  if (component.versions[0]) parts.push(component.versions[0].version);
  if (component.prefix === 'logic') parts.push('logic');
  if (component.legacy) parts.push('legacy');
  if (drifting.length) parts.push(drifting[0]!.short);
  item.description = parts.join(' · ');
  item.iconPath = new vscode.ThemeIcon(
    component.legacy ? 'archive' : 'symbol-file',
    drifting.length ? new vscode.ThemeColor(drifting[0]!.color) : undefined,
  );
  item.tooltip = tooltip((md) => {
    md.appendMarkdown('**').appendText(component.id).appendMarkdown('**\n\n');
    md.appendMarkdown('`').appendText(component.key).appendMarkdown('`\n\n');
    md.appendText(`${component.versions.length} version(s), ${component.environments.length} environment(s)`);
    if (component.legacy) md.appendMarkdown('\n\n').appendText('Legacy tag layout: read only, never written.');
  });
  item.contextValue = contextValue('edgit:component', [component.legacy && 'legacy', drifting.length > 0 && 'drift']);
  return item;
}

function environmentItem(node: EnvironmentNode): vscode.TreeItem {
  const { environment: env } = node;
  const item = new vscode.TreeItem(env.name, vscode.TreeItemCollapsibleState.None);
  const drift = presentDrift(node.drift);
  const at = env.version ?? (env.commit ? `${short(env.commit)} (no version)` : 'no commit');
  const when = relativeTime(env.movedAt);
  const parts = [at];
  if (when) parts.push(env.movedBy ? `${when} by ${env.movedBy}` : when);
  if (drift) parts.push(drift.short);
  item.description = parts.join(' · ');
  item.iconPath = drift
    ? new vscode.ThemeIcon(drift.icon, new vscode.ThemeColor(drift.color))
    : new vscode.ThemeIcon(node.protected ? 'lock' : 'server-environment');
  item.tooltip = tooltip((md) => {
    md.appendMarkdown('**').appendText(env.name).appendMarkdown('** → ').appendText(at);
    md.appendMarkdown('\n\n`').appendText(env.tag).appendMarkdown('`');
    if (env.movedAt) {
      md.appendMarkdown('\n\n').appendText(`Moved ${absoluteTime(env.movedAt)} (${when})`);
      if (env.movedBy) md.appendText(` by ${env.movedBy}`);
    }
    if (env.message) md.appendMarkdown('\n\n').appendText(env.message);
    if (env.versionsAtCommit.length > 1) md.appendMarkdown('\n\n').appendText(`Same commit as ${env.versionsAtCommit.join(', ')}`);
    if (node.protected) md.appendMarkdown('\n\n').appendText('Protected environment: moves ask for confirmation.');
    if (drift) md.appendMarkdown('\n\n').appendText(drift.explanation);
  });
  item.contextValue = contextValue('edgit:env', [
    node.protected && 'protected',
    node.component.legacy && 'legacy',
    !env.annotated && 'lightweight',
    !env.version && 'noVersion',
    drift && 'drift',
    drift?.flag,
  ]);
  return item;
}

function versionItem(node: VersionNode): vscode.TreeItem {
  const { version: v } = node;
  const item = new vscode.TreeItem(v.version, vscode.TreeItemCollapsibleState.None);
  item.description = node.environments.join(', ');
  const deployed = node.environments.length > 0;
  item.iconPath = new vscode.ThemeIcon('tag', deployed ? new vscode.ThemeColor('charts.green') : undefined);
  item.tooltip = tooltip((md) => {
    md.appendMarkdown('**').appendText(v.version).appendMarkdown('**');
    if (deployed) md.appendText(` — ${node.environments.join(', ')}`);
    md.appendMarkdown('\n\n').appendText(`${absoluteTime(v.date)}${v.tagger ? ` by ${v.tagger}` : ''}`.trim());
    if (v.message) md.appendMarkdown('\n\n').appendText(v.message);
    md.appendMarkdown('\n\n`').appendText(`${v.tag} → ${short(v.commit)}`).appendMarkdown('`');
  });
  item.contextValue = contextValue('edgit:version', [deployed && 'deployed', v.prerelease && 'prerelease', node.component.legacy && 'legacy']);
  return item;
}

function messageItem(node: MessageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
  item.iconPath = new vscode.ThemeIcon(node.error ? 'error' : 'info');
  if (node.detail) item.tooltip = tooltip((md) => md.appendText(node.detail!));
  item.contextValue = node.error ? 'edgit:message;error' : 'edgit:message';
  return item;
}

/** The TreeItem of a node: pure, everything it shows is in the node. */
export function treeItemFor(node: EdgitTreeNode): vscode.TreeItem {
  let item: vscode.TreeItem;
  switch (node.kind) {
    case 'repository':
      item = repositoryItem(node);
      break;
    case 'namespace':
      item = namespaceItem(node);
      break;
    case 'component':
      item = componentItem(node);
      break;
    case 'environment':
      item = environmentItem(node);
      break;
    case 'version':
      item = versionItem(node);
      break;
    case 'message':
      item = messageItem(node);
      break;
  }
  item.id = node.id;
  return item;
}
