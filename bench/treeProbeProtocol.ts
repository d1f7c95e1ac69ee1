/** What the tree probe (in the extension host) and the tree bench section (in Node) share. No `vscode` import. */

/** Environment variable naming the JSON file the probe writes. */
export const TREE_PROBE_OUT = 'EDGIT_BENCH_TREE_OUT';

/** The baseline extension (treeBaselineExtension) loaded beside Edgit in the probe's window. */
export const BASELINE_EXTENSION_ID = 'edgit-bench.tree-baseline';
export const BASELINE_VIEW = 'edgitBench.baselineTree';

/** The package.json of the baseline extension folder (its main: this module, copied beside it as extension.js). */
export const BASELINE_PACKAGE = {
  name: 'tree-baseline',
  publisher: 'edgit-bench',
  version: '0.0.1',
  engines: { vscode: '^1.100.0' },
  main: './extension.js',
  activationEvents: [`onView:${BASELINE_VIEW}`],
  contributes: { views: { explorer: [{ id: BASELINE_VIEW, name: 'Tree baseline' }] } },
};

export interface TreeProbeResult {
  /** Whether the extension was already active before the probe (it must not be). */
  readonly activeBefore: boolean;
  readonly components: number;
  readonly namespaces: number;
  /** activate() returned. */
  readonly activateMs: number;
  /** The view's first getChildren(root) resolved (the first level the workbench shows). */
  readonly firstLevelMs: number;
  /** The children of a component, asked by the workbench through reveal({ expand }), resolved. */
  readonly componentChildrenMs: number;
  /** The same, from the moment the expansion was asked. */
  readonly expandMs: number;
  /** The same for five other components of the namespace, each asked once the host is idle (after the outside moves). */
  readonly expandIdleEachMs: number[];
  /** The baseline: components of a trivial tree (rows built in advance) expanded the same way, each once, in the same window. */
  readonly baselineExpandMs: number[];
  /**
   * After a refresh, repeated: the snapshot alone (one git for-each-ref + parsing), then
   * getChildren + getTreeItem of each level built from it.
   */
  readonly warm: { readonly snapshotMs: number[]; readonly rootMs: number[]; readonly namespaceMs: number[]; readonly componentMs: number[] };
  /**
   * After one outside `git tag -f` of an environment tag (then put back): from the write to the
   * component's row repainted (file watcher, its debounce, the re-read and the repaint), and the
   * re-read alone; measured once the watcher reported a first move.
   */
  readonly outsideMove: {
    readonly toRepaintMs: number[];
    readonly readMs: number[];
    readonly debounceMs: number;
    /** Moves made before the file watcher reported any (never repainted: the watcher was starting). */
    readonly beforeWatcherReady: number;
  };
}
