/**
 * The baseline of the tree bench: a trivial extension, loaded beside Edgit in the probe's window
 * (treeBench writes its package.json, BASELINE_PACKAGE, around this module's compiled file). Its view holds
 * components whose children are rows like a component's in the Components view (environments
 * and versions: label, description, icon, context value), all built in memory in advance. The
 * probe expands them the way it expands an Edgit component: what any tree costs in this
 * workbench, ours or not. Imports nothing but vscode.
 */
import * as vscode from 'vscode';
import { BASELINE_VIEW } from './treeProbeProtocol';


/** How many rows a component has: as many as the bench's Edgit components (3 environments, 10 versions). */
const CHILDREN = 13;
const COMPONENTS = 1250;

export interface BaselineNode {
  readonly id: string;
  readonly label: string;
  readonly children: readonly BaselineNode[];
}

export interface BaselineApi {
  readonly treeView: vscode.TreeView<BaselineNode>;
  readonly components: readonly BaselineNode[];
  /** Resolves when the view's getChildren for `node` has returned. */
  nextResolved(node: BaselineNode): Promise<void>;
}

export function activate(context: vscode.ExtensionContext): BaselineApi {
  const components: BaselineNode[] = [];
  const parents = new Map<string, BaselineNode>();
  for (let c = 0; c < COMPONENTS; c++) {
    const children: BaselineNode[] = [];
    for (let i = 0; i < CHILDREN; i++) children.push({ id: `c${c}/r${i}`, label: i < 3 ? ['production', 'staging', 'canary'][i] : `v1.${CHILDREN - i}.0`, children: [] });
    const component: BaselineNode = { id: `c${c}`, label: `component-${c}`, children };
    for (const child of children) parents.set(child.id, component);
    components.push(component);
  }
  const resolved = new vscode.EventEmitter<BaselineNode | undefined>();
  const provider: vscode.TreeDataProvider<BaselineNode> = {
    getChildren(node) {
      const list = node ? node.children : components;
      queueMicrotask(() => resolved.fire(node));
      return [...list];
    },
    getParent: (node) => parents.get(node.id),
    getTreeItem(node) {
      const item = new vscode.TreeItem(node.label, node.children.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      item.description = node.children.length ? 'production v1.2.0' : 'v1.2.0 · 3 days ago by Ana';
      item.iconPath = new vscode.ThemeIcon(node.children.length ? 'package' : 'tag');
      item.contextValue = node.children.length ? 'baseline:component' : 'baseline:row';
      return item;
    },
  };
  const treeView = vscode.window.createTreeView(BASELINE_VIEW, { treeDataProvider: provider });
  context.subscriptions.push(treeView, resolved);
  return {
    treeView,
    components,
    nextResolved: (node) =>
      new Promise<void>((resolve) => {
        const sub = resolved.event((n) => {
          if (n === node) {
            sub.dispose();
            resolve();
          }
        });
      }),
  };
}
