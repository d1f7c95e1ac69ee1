import * as vscode from 'vscode';
import { EnvironmentInfo, ReferenceSite, describeMark, escapeUntrusted, nameWarning } from '../../engine';
import { WARNING_SIGN, markedName, nameWarningLines } from '../untrustedLabels';
import { presentDrift } from './driftPresentation';
import { appendUntrusted, untrustedMarkdown } from './markdown';
import { ComponentNode, EdgitTreeNode, EnvironmentNode, MessageNode, NamespaceNode, RepositoryNode, VersionNode } from './nodes';
import { environmentStoryText, isRecent, rowWhen, spokenMoment } from './moveStory';
import { absoluteTime, relativeTime } from './relativeTime';
import { appendLiveTooltip, liveComponentText, liveRowText, pendingIcon } from './livePresentation';

const short = (sha: string | null) => (sha ? sha.slice(0, 7) : '');
const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The colour of rows about a version marked bad. */
const BAD_COLOR = 'list.errorForeground';
/** The colour of the icons of rows moved in the last 24 hours (moveStory.RECENT_MS): Tuesday's batch at a glance. */
const RECENT_COLOR = 'charts.blue';

/** A code span for tag names (their grammar allows no backtick; any would be dropped; hidden characters escaped). */
const code = (text: string) => '`' + escapeUntrusted(text).replace(/`/g, '') + '`';

/**
 * Names come from tags anyone with push rights may write: a label shows its hidden characters
 * escaped (a bidi override cannot reorder the row), and a row whose own name is suspicious (any
 * character outside ASCII: `prоduction` with a Cyrillic `о`) says so first in its description and
 * names the characters in its tooltip.
 */
const SUSPICIOUS = `${WARNING_SIGN} suspicious name`;
const label = (name: string) => escapeUntrusted(name);
const suspicious = (...names: string[]) => names.some((n) => !!nameWarning(n));

/** A paragraph of a tooltip per suspicious name among `names`, each after a paragraph break. */
function warnAbout(text: (t: string) => void, names: readonly (string | null | undefined)[]): void {
  for (const line of nameWarningLines(names)) text(`\n\n${WARNING_SIGN} ${line}`);
}

/** Tooltips show untrusted text (tag messages, tagger names) literally. */
function tooltip(build: (md: vscode.MarkdownString, text: (t: string) => void) => void): vscode.MarkdownString {
  const md = untrustedMarkdown();
  build(md, (t) => appendUntrusted(md, t));
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
  const item = new vscode.TreeItem(label(node.namespace), state);
  item.description = suspicious(node.namespace) ? `${SUSPICIOUS} · ${node.componentKeys.size}` : String(node.componentKeys.size);
  const warning = nameWarningLines([node.namespace])[0];
  if (warning) item.tooltip = warning;
  item.iconPath = new vscode.ThemeIcon('symbol-namespace');
  item.contextValue = 'edgit:namespace';
  return item;
}

/** What an environment is at, in a few characters: its version, else its commit. */
const environmentTarget = (env: EnvironmentInfo) => (env.version ? markedName(env.version) : env.commit ? `${short(env.commit)} (no version)` : 'no commit');

function componentItem(node: ComponentNode): vscode.TreeItem {
  const { component } = node;
  const item = new vscode.TreeItem(label(component.name), vscode.TreeItemCollapsibleState.Collapsed);
  // Drift of its environments in display order; one of another environment than the live one is named (`staging moved on remote`).
  const drifting = node.environments
    .map((e) => ({ env: e, drift: presentDrift(node.drift?.get(e.tag)) }))
    .filter((d): d is { env: typeof d.env; drift: NonNullable<typeof d.drift> } => !!d.drift);
  // At the side bar's default width (about 300 px) only the start shows: what is live first (the
  // first environment in the configured order), then drift, then a move of the last 24 hours,
  // then the newest version when it is not what that environment holds.
  const live = node.environments[0];
  const newest = component.versions[0]?.version;
  const parts: string[] = [];
  if (suspicious(component.namespace, component.name)) parts.push(SUSPICIOUS);
  if (live) parts.push(`${markedName(live.name)} ${environmentTarget(live)}${node.liveBad ? ' (marked bad)' : ''}${liveComponentText(node.live)}`);
  else parts.push('not deployed');
  if (drifting.length) parts.push(`${drifting[0].env === live ? '' : `${markedName(drifting[0].env.name)} `}${drifting[0].drift.short}`);
  if (node.recent) parts.push(`${node.recent.environment === live?.name ? 'moved' : `${markedName(node.recent.environment)} moved`} ${spokenMoment(node.recent.atMs, node.builtAt)}`);
  if (newest && newest !== live?.version) parts.push(`newest ${markedName(newest)}`);
  if (component.prefix === 'logic') parts.push('logic');
  if (component.legacy) parts.push('legacy');
  item.description = parts.join(' · ');
  item.iconPath = new vscode.ThemeIcon(
    component.legacy ? 'archive' : 'symbol-file',
    drifting.length ? new vscode.ThemeColor(drifting[0].drift.color) : node.recent ? new vscode.ThemeColor(RECENT_COLOR) : undefined,
  );
  item.contextValue = contextValue('edgit:component', [component.legacy && 'legacy', !!node.recent && 'recent', drifting.length > 0 && 'drift']);
  return item;
}

function componentTooltip(node: ComponentNode): vscode.MarkdownString {
  const { component } = node;
  const live = node.environments[0];
  const newest = component.versions[0]?.version;
  return tooltip((md, text) => {
    md.appendMarkdown('**');
    text(component.id);
    md.appendMarkdown(`**\n\n${code(component.key)}`);
    warnAbout(text, [component.namespace, component.name, ...node.environments.map((e) => e.name), ...node.environments.map((e) => e.version)]);
    md.appendMarkdown('\n\n');
    for (const env of node.environments) text(`${markedName(env.name)} → ${environmentTarget(env)}${env === live ? liveComponentText(node.live) : ''}\n\n`);
    if (!node.environments.length) text('Not deployed: no environment tag yet.\n\n');
    if (live && node.liveBad) text(`${live.name} is at a version ${describeMark(node.liveBad)}\n\n`);
    if (node.recent) text(`${node.recent.environment} moved ${spokenMoment(node.recent.atMs, node.builtAt)} (${relativeTime(new Date(node.recent.atMs).toISOString(), node.builtAt)})\n\n`);
    if (newest) text(`Newest version: ${newest}\n\n`);
    text(`${component.versions.length} version(s), ${component.environments.length} environment(s)`);
    if (component.legacy) text('\n\nLegacy tag layout: read only, never written.');
  });
}

function environmentItem(node: EnvironmentNode): vscode.TreeItem {
  const { environment: env, facts } = node;
  const item = new vscode.TreeItem(label(env.name), vscode.TreeItemCollapsibleState.None);
  const drift = presentDrift(node.drift);
  const moved = facts.last;
  const recent = isRecent(moved?.atMs, node.builtAt);
  // At the side bar's default width (about 300 px) only the start shows, so the parts go from
  // the most to the least important: what is live (and whether it is marked bad), its drift
  // against the remote, a move without a record, then when and by whom it was moved.
  const parts = suspicious(env.name) ? [SUSPICIOUS] : [];
  parts.push(`${environmentTarget(env)}${node.bad ? ' (marked bad)' : ''}`);
  // What the deploys reported (live, pending): right after what the tag says, as important.
  const live = liveRowText(node.live, node.builtAt);
  if (live) parts.push(live);
  if (drift) parts.push(drift.short);
  if (facts.unrecorded) parts.push('not recorded');
  const when = rowWhen(moved?.atMs ?? null, node.builtAt);
  const who = moved?.by ? escapeUntrusted(moved.by) : '';
  if (when || who) parts.push([when, who && `by ${who}`].filter(Boolean).join(' '));
  item.description = parts.join(' · ');
  const base = node.protected ? 'lock' : 'server-environment';
  item.iconPath = drift
    ? new vscode.ThemeIcon(drift.icon, new vscode.ThemeColor(drift.color))
    : node.bad
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor(BAD_COLOR))
      : node.live?.state === 'pending'
        ? pendingIcon()
        : new vscode.ThemeIcon(base, recent ? new vscode.ThemeColor(RECENT_COLOR) : undefined);
  item.contextValue = contextValue('edgit:env', [
    node.protected && 'protected',
    node.component.legacy && 'legacy',
    !env.annotated && 'lightweight',
    !env.version && 'noVersion',
    !!node.bad && 'bad',
    facts.unrecorded && 'unrecorded',
    recent && 'recent',
    node.live?.state,
    drift && 'drift',
    drift?.flag,
  ]);
  return item;
}

function environmentTooltip(node: EnvironmentNode): vscode.MarkdownString {
  const { environment: env, facts } = node;
  const drift = presentDrift(node.drift);
  const at = environmentTarget(env);
  const story = node.history ? environmentStoryText(node.history, node.componentKey, env.name, node.builtAt) : undefined;
  return tooltip((md, text) => {
    md.appendMarkdown('**');
    text(env.name);
    md.appendMarkdown('** → ');
    text(at);
    md.appendMarkdown(`\n\n${code(env.tag)}`);
    warnAbout(text, [env.name, env.version]);
    // What it serves, as its deploys reported it.
    if (node.live) appendLiveTooltip(node.live, env.name, Date.now(), text, (m) => md.appendMarkdown(m));
    // How it got here, from the deployment history: who, when, why, with which batch.
    if (story?.last) {
      text(`\n\n${story.last}`);
      const when = facts.last?.atMs;
      if (when !== null && when !== undefined && !isRecent(when, node.builtAt)) text(` (${relativeTime(new Date(when).toISOString(), node.builtAt)})`);
    } else if (env.movedAt) {
      text(`\n\nMoved ${absoluteTime(env.movedAt)} (${relativeTime(env.movedAt, node.builtAt)})${env.movedBy ? ` by ${env.movedBy}` : ''}`);
    }
    if (facts.unrecorded) {
      text(`\n\n${WARNING_SIGN} Not recorded: moved with another tool (the Edgit CLI, git tag), so the deployment history does not say why. `);
      md.appendMarkdown(code('edgit-deploy verify'));
      text(' reports it.');
    }
    if (story?.earlier.length) {
      text('\n\nBefore:');
      for (const line of story.earlier) text(`\n• ${line}`);
    }
    // The tag's own message only when the history tells nothing: "Set analysis to production" is not a story.
    if (!story?.last && env.message) text(`\n\n${env.message}`);
    if (env.versionsAtCommit.length > 1) text(`\n\nSame commit as ${env.versionsAtCommit.join(', ')}`);
    if (node.bad) text(`\n\n${at} is ${describeMark(node.bad)}. Roll back with Edgit: Rollback…`);
    if (node.protected) text('\n\nProtected environment: moves ask for confirmation.');
    if (drift) text(`\n\n${drift.explanation}`);
    else if (node.drift === 'in-sync') text('\n\nSame as the remote: nothing to push or fetch.');
  });
}

function versionItem(node: VersionNode): vscode.TreeItem {
  const { version: v } = node;
  const item = new vscode.TreeItem(label(v.version), vscode.TreeItemCollapsibleState.None);
  item.description = [suspicious(v.version) ? SUSPICIOUS : '', node.bad ? 'marked bad' : '', node.environments.map(markedName).join(', '), pinsCounted(node.pins)]
    .filter(Boolean)
    .join(' · ');
  const deployed = node.environments.length > 0;
  item.iconPath = node.bad
    ? new vscode.ThemeIcon('error', new vscode.ThemeColor(BAD_COLOR))
    : new vscode.ThemeIcon('tag', deployed ? new vscode.ThemeColor('charts.green') : undefined);
  item.contextValue = contextValue('edgit:version', [
    deployed && 'deployed',
    v.prerelease && 'prerelease',
    node.component.legacy && 'legacy',
    !!node.bad && 'bad',
    node.pins.length > 0 && 'pinned',
  ]);
  return item;
}

/** `1 pin`, `3 pins`, or nothing. */
function pinsCounted(pins: readonly ReferenceSite[]): string {
  return pins.length ? `${pins.length} pin${pins.length === 1 ? '' : 's'}` : '';
}

/** The files pinning a version, shown in its tooltip: at most this many, then how many more. */
const PINS_LISTED = 5;

function versionTooltip(node: VersionNode): vscode.MarkdownString {
  const { version: v } = node;
  const deployed = node.environments.length > 0;
  return tooltip((md, text) => {
    md.appendMarkdown('**');
    text(v.version);
    md.appendMarkdown('**');
    if (deployed) text(` — ${node.environments.join(', ')}`);
    warnAbout(text, [v.version, ...node.environments]);
    text(`\n\n${absoluteTime(v.date)}${v.tagger ? ` by ${v.tagger}` : ''}`);
    if (v.message) text(`\n\n${v.message}`);
    if (node.bad) text(`\n\n${capitalized(describeMark(node.bad))}. Never suggested; deploying it asks for an explicit confirmation.`);
    if (node.pins.length) {
      const files = new Set(node.pins.map((p) => p.file)).size;
      text(
        `\n\nPinned by ${node.pins.length} reference${node.pins.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}: a rollback or deploy of an environment does not change ${node.pins.length === 1 ? 'it' : 'them'}.`,
      );
      for (const p of node.pins.slice(0, PINS_LISTED)) text(`\n\n${p.file}:${p.line}`);
      if (node.pins.length > PINS_LISTED) text(`\n\n…and ${node.pins.length - PINS_LISTED} more (Find References lists them).`);
    }
    md.appendMarkdown(`\n\n${code(`${v.tag} → ${short(v.commit)}`)}`);
  });
}

function messageItem(node: MessageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(escapeUntrusted(node.label), vscode.TreeItemCollapsibleState.None);
  item.iconPath = new vscode.ThemeIcon(node.error ? 'error' : node.warning ? 'warning' : 'info');
  if (node.detail) item.tooltip = tooltip((_md, text) => text(node.detail!));
  item.contextValue = node.error ? 'edgit:message;error' : node.warning ? 'edgit:message;warning' : 'edgit:message';
  return item;
}

/**
 * The tooltip of a component, environment or version row, built only when the row is hovered
 * (TreeDataProvider.resolveTreeItem): a namespace of 1,000 components then sends 1,000 small
 * items to the workbench instead of 1,000 Markdown documents. Undefined for other rows (their
 * tooltip is in their item).
 */
export function lazyTooltipFor(node: EdgitTreeNode): vscode.MarkdownString | undefined {
  switch (node.kind) {
    case 'component':
      return componentTooltip(node);
    case 'environment':
      return environmentTooltip(node);
    case 'version':
      return versionTooltip(node);
    default:
      return undefined;
  }
}

/** The TreeItem of a node: pure, everything it shows is in the node (tooltips of rows: lazyTooltipFor). */
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
