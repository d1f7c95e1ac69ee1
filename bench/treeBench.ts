import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureRepo } from './generateRepo';
import { runProbeWindow } from './probeWindow';
import type { BenchContext, BenchSection } from './section';
import { Summary, formatMs, summarize } from './stats';
import { formatTable } from './table';
import { BASELINE_EXTENSION_ID, BASELINE_PACKAGE, TREE_PROBE_OUT, TreeProbeResult } from './treeProbeProtocol';

/**
 * The tree section: in a real VS Code (code-server, via the extension-host test harness), a
 * workspace of N components (default 5,000, packed refs). Measured inside the extension host,
 * from just before activate(): the view's first level, then a component's children. Each run is
 * a fresh window (cold activation); `--tree-runs` (default 3) windows per size.
 */

const PROBE = path.join(__dirname, 'treeProbe.js');

interface TreeMeasurement {
  readonly components: number;
  readonly runs: readonly TreeProbeResult[];
  readonly activate: Summary;
  readonly firstLevel: Summary;
  readonly componentChildren: Summary;
  readonly expand: Summary;
  readonly expandIdle: Summary;
  readonly baselineExpand: Summary;
  readonly warmSnapshot: Summary;
  readonly warmRoot: Summary;
  readonly warmNamespace: Summary;
  readonly warmComponent: Summary;
  readonly outsideToRepaint: Summary;
  readonly outsideRead: Summary;
  readonly debounceMs: number;
}

/**
 * The baseline extension (treeBaselineExtension), packaged as a .vsix the way Edgit is (vsce), in
 * a folder of its own: its package.json (BASELINE_PACKAGE) and its compiled modules.
 */
function packageBaselineExtension(): { vsix: string; dispose(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'edgit-bench-tree-baseline-'));
  const folder = path.join(dir, 'extension');
  mkdirSync(folder);
  writeFileSync(path.join(folder, 'package.json'), JSON.stringify(BASELINE_PACKAGE, null, 2));
  copyFileSync(path.join(__dirname, 'treeBaselineExtension.js'), path.join(folder, 'extension.js'));
  copyFileSync(path.join(__dirname, 'treeProbeProtocol.js'), path.join(folder, 'treeProbeProtocol.js'));
  const vsix = path.join(dir, 'tree-baseline.vsix');
  execFileSync(process.execPath, [VSCE, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix], { cwd: folder, stdio: 'pipe' });
  return { vsix, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

const VSCE = path.resolve(__dirname, '..', '..', 'node_modules', '@vscode', 'vsce', 'vsce');

async function runWindow(workspace: string, baselineVsix: string): Promise<TreeProbeResult & { probeLog: string }> {
  const { result, probeLog } = await runProbeWindow(workspace, PROBE, TREE_PROBE_OUT, ['--install-vsix', baselineVsix, '--install-vsix-id', BASELINE_EXTENSION_ID]);
  return { ...(result as TreeProbeResult), probeLog };
}

/** The summary of the finite samples (a move never repainted is NaN), or of [NaN] when there is none. */
function summarizeFinite(samples: readonly number[]): Summary {
  const finite = samples.filter(Number.isFinite);
  return summarize(finite.length ? finite : [NaN]);
}

function positiveInt(value: string | true | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer.`);
  return n;
}

export const treeSection: BenchSection = {
  name: 'tree',
  description: 'Components view in code-server: activation → first level → a component’s children (extension host)',
  async run(ctx: BenchContext) {
    const sizes = ctx.args.raw.has('tree-sizes')
      ? String(ctx.args.raw.get('tree-sizes')).split(',').map(Number)
      : [5000];
    const windows = positiveInt(ctx.args.raw.get('tree-runs'), 3, 'tree-runs');
    const measurements: TreeMeasurement[] = [];
    const baseline = packageBaselineExtension();
    try {
      for (const components of sizes) {
        const repo = ensureRepo(components, 'packed', ctx.args.regenerate);
        ctx.log(`  ${components.toLocaleString('en-US')} components (${repo.tags.toLocaleString('en-US')} tags): ${windows} window(s)`);
        const runs: TreeProbeResult[] = [];
        for (let i = 0; i < windows; i++) {
          const r = await runWindow(repo.dir, baseline.vsix);
          if (r.activeBefore) throw new Error('The extension was active before the probe: activation was not measured.');
          if (r.components !== components) throw new Error(`The view read ${r.components} components, expected ${components}.`);
          ctx.log(
            `    window ${i + 1}: first level ${formatMs(r.firstLevelMs)}, component children ${formatMs(r.componentChildrenMs)}, ` +
              `expand alone ${formatMs(r.expandMs)}; ${r.outsideMove.beforeWatcherReady} outside move(s) before the file watcher reported one`,
          );
          ctx.log(r.probeLog.trim().split('\n').map((l) => `      ${l.replace('[tree probe] ', '')}`).join('\n'));
          const result: Omit<typeof r, 'probeLog'> & { probeLog?: string } = { ...r };
          delete result.probeLog;
          runs.push(result);
        }
        measurements.push({
          components,
          runs,
          activate: summarize(runs.map((r) => r.activateMs)),
          firstLevel: summarize(runs.map((r) => r.firstLevelMs)),
          componentChildren: summarize(runs.map((r) => r.componentChildrenMs)),
          expand: summarize(runs.map((r) => r.expandMs)),
          expandIdle: summarize(runs.flatMap((r) => r.expandIdleEachMs)),
          baselineExpand: summarize(runs.flatMap((r) => r.baselineExpandMs)),
          warmSnapshot: summarize(runs.flatMap((r) => r.warm.snapshotMs)),
          warmRoot: summarize(runs.flatMap((r) => r.warm.rootMs)),
          warmNamespace: summarize(runs.flatMap((r) => r.warm.namespaceMs)),
          warmComponent: summarize(runs.flatMap((r) => r.warm.componentMs)),
          outsideToRepaint: summarizeFinite(runs.flatMap((r) => r.outsideMove.toRepaintMs)),
          outsideRead: summarizeFinite(runs.flatMap((r) => r.outsideMove.readMs)),
          debounceMs: runs[0].outsideMove.debounceMs,
        });
      }
    } finally {
      baseline.dispose();
    }
    ctx.log();
    ctx.log(
      formatTable(
        ['components', 'activate', 'first level', 'component children', '(expand alone)', 'expand, idle host', 'baseline: a trivial tree, same expansion', 'idle / baseline', 'refresh: snapshot', 'root', 'namespace', 'component', 'git tag -f → repaint', 're-read in it'],
        measurements.map((m) => [
          m.components.toLocaleString('en-US'),
          formatMs(m.activate.median),
          formatMs(m.firstLevel.median),
          formatMs(m.componentChildren.median),
          formatMs(m.expand.median),
          formatMs(m.expandIdle.median),
          formatMs(m.baselineExpand.median),
          `${(m.expandIdle.median / m.baselineExpand.median).toFixed(2)}×`,
          formatMs(m.warmSnapshot.median),
          formatMs(m.warmRoot.median),
          formatMs(m.warmNamespace.median),
          formatMs(m.warmComponent.median),
          formatMs(m.outsideToRepaint.median),
          formatMs(m.outsideRead.median),
        ]),
      ),
    );
    ctx.log('Medians, in the extension host. activate / first level / component children: from just before activate();');
    ctx.log('(expand alone): from asking reveal({ expand }) of a component to its children; expand, idle host: the same for');
    ctx.log('another component once the host is idle (the first waits for VS Code\'s git extension reading every ref); baseline: the same');
    ctx.log('reveal({ expand }) of components of a trivial tree (13 rows each, built in advance) in the same window. After a refresh: the snapshot');
    ctx.log('(one git for-each-ref + parsing), then getChildren + getTreeItem of the root, a namespace, a component.');
    ctx.log(`git tag -f → repaint: one outside move of an environment tag until its component's row is repainted (file watcher,`);
    ctx.log(`its ${measurements[0]?.debounceMs ?? '?'} ms debounce, re-read, repaint); re-read in it: the snapshot read after the move alone.`);
    return { measurements };
  },
};
