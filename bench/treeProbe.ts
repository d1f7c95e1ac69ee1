/**
 * Runs INSIDE the VS Code extension host (as the harness's `extensionTestsPath`): activates the
 * extension in a workspace of N components, opens the Components view, expands a component,
 * and writes the timings to the JSON file named by EDGIT_BENCH_TREE_OUT.
 * Every time is performance.now() in the extension host, from just before activate().
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Session } from 'node:inspector';
import * as vscode from 'vscode';
import type { EdgitExtensionApi } from '../src/extension/extension';
import { DEFAULT_DEBOUNCE_MS } from '../src/extension/refsWatcher';
import type { ChildrenResolved } from '../src/extension/tree/componentTreeProvider';
import type { EdgitTreeNode } from '../src/extension/tree/nodes';
import type { BaselineApi } from './treeBaselineExtension';
import { BASELINE_EXTENSION_ID, TREE_PROBE_OUT, TreeProbeResult } from './treeProbeProtocol';

const EXTENSION_ID = 'edgit-vscode.edgit-vscode';
const WARM_REPEATS = 5;

function nextResolved(api: EdgitExtensionApi, match: (e: ChildrenResolved) => boolean): Promise<ChildrenResolved> {
  return new Promise((resolve) => {
    const sub = api.tree.onDidResolveChildren((e) => {
      if (match(e)) {
        sub.dispose();
        resolve(e);
      }
    });
  });
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function level(api: EdgitExtensionApi, parent?: EdgitTreeNode): Promise<EdgitTreeNode[]> {
  const nodes = await api.tree.getChildren(parent);
  for (const n of nodes) api.tree.getTreeItem(n);
  return nodes;
}

/**
 * With EDGIT_BENCH_PROFILE_DIR set, a CPU profile of the extension host from activation to the
 * expanded component, written there as tree-<time>.cpuprofile (for finding where the time goes).
 */
async function startProfile(): Promise<{ stop(): Promise<void> } | undefined> {
  const dir = process.env.EDGIT_BENCH_PROFILE_DIR;
  if (!dir) return undefined;
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  return {
    async stop() {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      writeFileSync(`${dir}/tree-${Date.now()}.cpuprofile`, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

export async function run(): Promise<void> {
  const out = process.env[TREE_PROBE_OUT];
  if (!out) throw new Error(`${TREE_PROBE_OUT} is not set`);
  const extension = vscode.extensions.getExtension<EdgitExtensionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  const activeBefore = extension.isActive;

  const profiler = await startProfile();
  const t0 = performance.now();
  const api = await extension.activate();
  const activateMs = performance.now() - t0;
  // Progress goes to a file next to the result: console output travels through the workbench page.
  const step = (what: string) => appendFileSync(`${out}.log`, `[tree probe] ${what} at ${(performance.now() - t0).toFixed(0)} ms\n`);
  step('activated');

  const firstRoot = nextResolved(api, (e) => e.parent === undefined);
  await vscode.commands.executeCommand('workbench.view.extension.edgit');
  await firstRoot;
  step('first level');
  const firstLevelMs = performance.now() - t0;
  const root = await api.tree.getChildren();
  const namespace = root.find((n) => n.kind === 'namespace');
  if (!namespace || namespace.kind !== 'namespace') throw new Error('No namespace in the first level');
  const inNamespace = (await api.services.repositories()[0].snapshot()).components.filter((c) => namespace.componentKeys.has(c.key));
  const component = inNamespace[Math.floor(inNamespace.length / 2)];

  const expandStart = performance.now();
  const node = await api.tree.findNode(namespace.repositoryRoot, component.key);
  if (!node) throw new Error(`No node for ${component.key}`);
  const children = nextResolved(api, (e) => e.parent?.id === node.id);
  await api.treeView.reveal(node, { expand: true, select: true, focus: false });
  step('revealed');
  await children;
  step('component children');
  const componentChildrenMs = performance.now() - t0;
  const expandMs = performance.now() - expandStart;
  await profiler?.stop();

  const warm = { snapshotMs: [] as number[], rootMs: [] as number[], namespaceMs: [] as number[], componentMs: [] as number[] };
  for (let i = 0; i < WARM_REPEATS; i++) {
    api.services.refreshAll();
    api.tree.invalidate();
    warm.snapshotMs.push(await timed(() => api.services.repositories()[0].snapshot()));
    let ns: EdgitTreeNode | undefined;
    let comp: EdgitTreeNode | undefined;
    warm.rootMs.push(await timed(async () => (ns = (await level(api)).find((n) => n.id === namespace.id))));
    warm.namespaceMs.push(await timed(async () => (comp = (await level(api, ns)).find((n) => n.id === node.id))));
    warm.componentMs.push(await timed(() => level(api, comp)));
  }

  // Outside moves: `git tag -f` of one environment tag, to another version's commit, then back.
  const repository = api.services.repositories()[0];
  const info = (await repository.snapshot()).get(component.key)!;
  const env = info.environments[0];
  const original = env.objectName;
  const outsideMove = { toRepaintMs: [] as number[], readMs: [] as number[], debounceMs: DEFAULT_DEBOUNCE_MS, beforeWatcherReady: 0 };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: namespace.repositoryRoot, stdio: 'pipe' });
  await new Promise((r) => setTimeout(r, 2500)); // the watcher's settling re-read, past
  try {
    // File watchers can take tens of seconds to start in a big workspace: moves before the first
    // repaint only wait for them (counted, not timed); the next three are measured.
    let measured = 0;
    for (let i = 0; measured < 3 && i < 8; i++) {
      await level(api, await api.tree.findNode(namespace.repositoryRoot, component.key)); // shown, so its row repaints
      // The component's row repainted, or the whole tree (a full rebuild); at most 20 s.
      let timer: NodeJS.Timeout | undefined;
      const repainted = new Promise<boolean>((resolve) => {
        const sub = api.tree.onDidChangeTreeData((changed) => {
          if (!changed || changed.id === node.id) {
            sub.dispose();
            clearTimeout(timer);
            step(changed ? 'component row repainted' : 'whole tree repainted');
            resolve(true);
          }
        });
        timer = setTimeout(() => {
          sub.dispose();
          step('no repaint within 20 s');
          resolve(false);
        }, 20_000);
      });
      const started = performance.now();
      // Always to another commit than the tag holds now (several versions can share a commit: a move there changes nothing).
      const holds = execFileSync('git', ['rev-parse', `refs/tags/${env.tag}^{commit}`], { cwd: namespace.repositoryRoot, encoding: 'utf8' }).trim();
      const to = info.versions.find((v, k) => k >= i % info.versions.length && v.commit !== holds) ?? info.versions.find((v) => v.commit !== holds);
      if (!to) throw new Error(`${component.key} has no version at another commit than ${env.tag}`);
      git('tag', '-f', env.tag, `${to.tag}^{commit}`);
      const seen = await repainted;
      const ms = performance.now() - started;
      step(`outside move ${i + 1}`);
      if (!seen && !outsideMove.toRepaintMs.length) {
        outsideMove.beforeWatcherReady++;
        continue;
      }
      measured++;
      outsideMove.toRepaintMs.push(seen ? ms : NaN);
      outsideMove.readMs.push(repository.lastOutsideReloadMs ?? NaN);
    }
  } finally {
    // Put the tag back, and let the view see it: the next window's first paint (from the listing
    // this one remembers) then matches the tags, as it does for anyone whose tags did not move meanwhile.
    const restored = new Promise<void>((resolve) => {
      const sub = api.tree.onDidChangeTreeData(() => {
        sub.dispose();
        resolve();
      });
      setTimeout(() => {
        sub.dispose();
        resolve();
      }, 5000);
    });
    git('update-ref', `refs/tags/${env.tag}`, original);
    await restored;
    await new Promise((r) => setTimeout(r, 4000)); // the whole listing read after a named read, and the deferred cache writes
  }

  // The same expansion once the host is idle (VS Code's own git extension reads every ref of the
  // repository when it opens it, on the same thread as ours: the first expansion waits for it),
  // of five other components of the namespace whose rows are shown (only each one's children are
  // asked), a pause between them as between the baseline's.
  if (namespace.kind !== 'namespace') throw new Error('No namespace to expand');
  const others = inNamespace.filter((c) => c.key !== component.key && c.environments.length).slice(0, 5);
  const expandIdleEachMs: number[] = [];
  for (const other of others) {
    const idleStart = performance.now();
    const otherNode = await api.tree.findNode(namespace.repositoryRoot, other.key);
    if (!otherNode) throw new Error(`No node for ${other.key}`);
    let childrenMs = NaN;
    const otherChildren = nextResolved(api, (e) => e.parent?.id === otherNode.id).then(() => (childrenMs = performance.now() - idleStart));
    await api.treeView.reveal(otherNode, { expand: true, select: true, focus: false });
    const revealedMs = performance.now() - idleStart;
    await otherChildren;
    expandIdleEachMs.push(performance.now() - idleStart);
    step(`expanded ${other.id}, idle: children resolved ${childrenMs.toFixed(1)} ms, reveal returned ${revealedMs.toFixed(1)} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }

  // Whether the next window can paint from the caches: the listing it will find is the tags' now.
  const remembered = readFileSync(path.join(namespace.repositoryRoot, '.git', 'edgit', 'cache', 'tag-refs'), 'utf8');
  const listingNow = execFileSync('git', ['for-each-ref', '--format=%(refname) %(objectname)', 'refs/tags'], { cwd: namespace.repositoryRoot, encoding: 'utf8', maxBuffer: 1 << 30 });
  step(`the remembered listing ${remembered.includes(listingNow) ? 'is' : 'is NOT'} the tags' now`);

  // The baseline: a trivial tree's components (rows built in advance), expanded the same way,
  // after a first reveal that opens its view (so that each measured one expands, nothing else).
  const baseline = await vscode.extensions.getExtension<BaselineApi>(BASELINE_EXTENSION_ID)?.activate();
  if (!baseline) throw new Error(`${BASELINE_EXTENSION_ID} is not loaded`);
  await baseline.treeView.reveal(baseline.components[0], { select: true, focus: false });
  await new Promise((r) => setTimeout(r, 500));
  const baselineExpandMs: number[] = [];
  for (const node of baseline.components.slice(1, 6)) {
    const started = performance.now();
    const children = baseline.nextResolved(node);
    await baseline.treeView.reveal(node, { expand: true, select: true, focus: false });
    await children;
    baselineExpandMs.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 200));
  }
  step(`baseline expansions: ${baselineExpandMs.map((ms) => ms.toFixed(1)).join(', ')} ms`);

  const snapshot = await api.services.repositories()[0].snapshot();
  const result: TreeProbeResult = {
    activeBefore,
    components: snapshot.components.length,
    namespaces: root.length,
    activateMs,
    firstLevelMs,
    componentChildrenMs,
    expandMs,
    expandIdleEachMs,
    baselineExpandMs,
    warm,
    outsideMove,
  };
  writeFileSync(out, JSON.stringify(result));
}
