// Reads a Components tree the way the view does: getChildren, then getTreeItem for each node
// (and resolveTreeItem, which the view calls when a row is hovered, for its tooltip).
import * as vscode from 'vscode';
import type { ComponentTreeProvider } from '../../../src/extension/tree/componentTreeProvider';
import type { EdgitTreeNode } from '../../../src/extension/tree/nodes';

export interface Row {
  readonly node: EdgitTreeNode;
  readonly item: vscode.TreeItem;
  readonly label: string;
  readonly description: string;
  readonly contextValue: string;
}

export async function rows(tree: ComponentTreeProvider, parent?: EdgitTreeNode): Promise<Row[]> {
  const children = await tree.getChildren(parent);
  return children.map((node) => {
    const item = tree.resolveTreeItem(tree.getTreeItem(node), node);
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    return { node, item, label, description: String(item.description ?? ''), contextValue: item.contextValue ?? '' };
  });
}

/** Follows labels from the root (`['prompts', 'extraction']`) and returns the rows under the last one. */
export async function rowsAt(tree: ComponentTreeProvider, labels: readonly string[]): Promise<Row[]> {
  let parent: EdgitTreeNode | undefined;
  for (const label of labels) {
    const found = (await rows(tree, parent)).find((r) => r.label === label);
    if (!found) throw new Error(`No row "${label}" under ${parent ? parent.id : 'the root'}`);
    parent = found.node;
  }
  return rows(tree, parent);
}

export function row(list: readonly Row[], label: string): Row {
  const found = list.find((r) => r.label === label);
  if (!found) throw new Error(`No row "${label}" among ${list.map((r) => r.label).join(', ') || 'no rows'}`);
  return found;
}

/** The tooltip's Markdown source. */
export function tooltipSource(item: vscode.TreeItem): string {
  const t = item.tooltip;
  return typeof t === 'string' ? t : (t?.value ?? '');
}

/** The tooltip as read: Markdown escapes and hard breaks removed. */
export function tooltipText(item: vscode.TreeItem): string {
  return tooltipSource(item).replace(/\\(.)/g, '$1').replace(/ {2}\n/g, '\n');
}
