import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Git, badMarks, loadHistory, loadSnapshot } from '../src/engine';
import { ReferenceIndex, resolveReference } from '../src/engine/references';
import { writePackedRefs } from './refFiles';
import type { BenchContext, BenchSection } from './section';
import { formatMs, summarize, timeInterleaved } from './stats';
import { formatTable } from './table';

/**
 * The references section: the first index of a workspace's component references (issue 17's
 * scale: 2,000 YAML files under ensembles/ and agents/ holding 20,000 references to 5,000
 * components), parsed with the `yaml` package, against `rg` and `grep -r` finding the same
 * `type/name@slot` strings with a regular expression over the same files (no YAML parsing, no
 * positions beyond line and column): the floor of reading the files at all. Also: a hover (the
 * reference at a position found in the index and resolved against a snapshot of the 5,000
 * components' tags), one edit indexed again (the editor's text, and the file read again), and
 * the bundled `edgit-deploy refs --json` as a whole process. The first index is measured cold
 * (every file parsed) and warm (a new session with the cache the previous one kept: each file
 * stamped, none parsed again), and so is the process (EDGIT_CACHE=off for cold).
 * Options: --refs-files N, --refs-per-file N.
 */

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
const PATTERN = '(schemas|prompts|configs|queries|scripts|templates|docs)/[a-z0-9_/-]+@[a-z0-9.-]+';

function positive(ctx: BenchContext, name: string, fallback: number): number {
  const v = ctx.args.raw.get(name);
  const n = typeof v === 'string' ? Number(v.replace(/_/g, '')) : fallback;
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer.`);
  return n;
}

/** The workspace: `files` ensembles and agents, each with `perFile` agents that reference a prompt, half by environment, half pinned. */
function ensureWorkspace(ctx: BenchContext, files: number, perFile: number): string {
  const root = path.join(ctx.workDir, `refs-${files}x${perFile}`);
  if (existsSync(path.join(root, '.complete-tags')) && !ctx.args.regenerate) return root;
  rmSync(root, { recursive: true, force: true });
  for (let f = 0; f < files; f++) {
    const dir = path.join(root, f % 2 ? 'ensembles' : 'agents', `group-${f % 20}`);
    mkdirSync(dir, { recursive: true });
    let text = `name: flow-${f}\ndescription: generated for the bench\nflow:\n`;
    for (let i = 0; i < perFile; i++) text += `  - agent: step-${i}\n`;
    text += 'agents:\n';
    for (let i = 0; i < perFile; i++) {
      const component = (f * perFile + i) % 5000;
      const slot = i % 2 ? 'production' : `v1.${i % 4}.0`;
      text += `  - name: step-${i}\n    operation: think\n    config:\n      model: claude-sonnet-4\n      temperature: 0.1\n      prompt: prompts/p-${component}@${slot}\n`;
    }
    writeFileSync(path.join(dir, `flow-${f}.yaml`), text);
  }
  // One commit, and every component's v1.0.0 to v1.3.0 and production (lightweight tags, written as
  // packed-refs): what `edgit-deploy refs` and a hover resolve against.
  const git = (...args: string[]) => spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', ...args], { cwd: root, encoding: 'utf8' });
  git('init', '-q');
  git('commit', '-q', '--allow-empty', '-m', 'bench');
  const commit = git('rev-parse', 'HEAD').stdout.trim();
  const refs = [];
  for (let c = 0; c < 5000; c++) {
    for (const slot of ['v1.0.0', 'v1.1.0', 'v1.2.0', 'v1.3.0', 'production']) refs.push({ refname: `refs/tags/components/prompts/p-${c}/${slot}`, oid: commit });
  }
  writePackedRefs(path.join(root, '.git'), refs);
  writeFileSync(path.join(root, '.complete-tags'), '');
  return root;
}

function available(command: string): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Runs a whole process, counting its output lines; rejects on an exit other than 0 or 1 (no match). */
function countLines(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'ignore'] });
    let lines = 0;
    child.stdout.on('data', (b: Buffer) => {
      for (const byte of b) if (byte === 10) lines++;
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 || code === 1 ? resolve(lines) : reject(new Error(`${command} exited with ${code}`))));
  });
}

export const refsSection: BenchSection = {
  name: 'refs',
  description: 'first index of component references in ensembles and agents (yaml parser, with positions) against rg and grep over the same files',
  async run(ctx: BenchContext) {
    const files = positive(ctx, 'refs-files', 2000);
    const perFile = positive(ctx, 'refs-per-file', 10);
    const root = ensureWorkspace(ctx, files, perFile);
    ctx.log(`${files} files, ${files * perFile} references, in ${path.relative(process.cwd(), root)}`);
    let found = 0;
    let warmFound = 0;
    // What the previous session kept (the cache file of the repository), for the warm cases.
    await ReferenceIndex.build(root, {}, { cache: new Git(root).caches });
    const cases: Record<string, () => Promise<unknown>> = {
      'edgit index, cold (in process)': async () => {
        found = (await ReferenceIndex.build(root)).references().length;
      },
      // A new session: a new Git (its own CacheStore) reads the cache file and stamps every file.
      'edgit index, cache warm (a new session)': async () => {
        warmFound = (await ReferenceIndex.build(root, {}, { cache: new Git(root).caches })).references().length;
      },
    };
    const baselines: Record<string, number> = {};
    // What a terminal waits for: the bundled CLI (dist/, yaml's build without process.env reads), Node's start included.
    if (existsSync(CLI)) {
      cases['edgit-deploy refs --json, cold (process)'] = () => countLines(process.execPath, [CLI, 'refs', '--json'], root, { ...process.env, EDGIT_CACHE: 'off' });
      cases['edgit-deploy refs --json, cache warm (process)'] = () => countLines(process.execPath, [CLI, 'refs', '--json'], root);
    }
    if (available('rg')) cases['rg -n --column -o (process)'] = async () => (baselines.rg = await countLines('rg', ['-n', '--column', '-o', '--no-heading', '-g', '*.{yaml,yml}', PATTERN, 'ensembles', 'agents'], root));
    if (available('grep')) cases['grep -rnoE (process)'] = async () => (baselines.grep = await countLines('grep', ['-rnoE', '--include=*.yaml', '--include=*.yml', PATTERN, 'ensembles', 'agents'], root));
    const samples = await timeInterleaved(cases, { warmup: ctx.args.warmup, runs: ctx.args.runs });
    if (found !== files * perFile || warmFound !== found) throw new Error(`The index found ${found} references cold and ${warmFound} warm, expected ${files * perFile}.`);
    for (const [name, n] of Object.entries(baselines)) if (n !== found) ctx.log(`Note: ${name} found ${n} matches.`);

    const index = await ReferenceIndex.build(root);
    const git = new Git(root);
    const [snapshot, history] = await Promise.all([loadSnapshot(git), loadHistory(git)]);
    const marks = badMarks(history);
    const oneFile = 'ensembles/group-1/flow-1.yaml';
    const indexed = index.get(oneFile);
    const last = indexed?.references.at(-1);
    if (!last) throw new Error(`${oneFile} holds no reference.`);
    const text = readFileSync(path.join(root, oneFile), 'utf8');
    // The edit: the last reference's slot typed anew (a pin becomes production or back).
    const edited = text.slice(0, last.offset) + last.reference.text.replace(/@.*$/, (m) => (m === '@production' ? '@v1.1.0' : '@production')) + text.slice(last.endOffset);
    let hovered = '';
    const more = await timeInterleaved(
      {
        // What a hover does: the file's sites, the one under the pointer, resolved now.
        hover: () => {
          const at = last.offset + 3;
          const site = index.get(oneFile)?.references.find((s) => s.offset <= at && at < s.endOffset);
          if (site) hovered = resolveReference(site.reference, snapshot, marks).summary;
          return Promise.resolve();
        },
        editText: () => Promise.resolve(index.setFileText(oneFile, edited)),
        reindex: () => index.reindexFile(oneFile),
      },
      { warmup: ctx.args.warmup, runs: Math.max(ctx.args.runs, 20) },
    );
    if (!/^(production → v1\.\d\.0|pinned v1\.\d\.0)$/.test(hovered)) throw new Error(`The hover resolved to "${hovered}".`);

    const figures = { ...samples, 'edgit: hover (find + resolve)': more.hover, 'edgit: one edit (editor text)': more.editText, 'edgit: one file read again': more.reindex };
    const rows = Object.entries(figures).map(([name, s]) => {
      const sum = summarize(s);
      return [name, formatMs(sum.median), formatMs(sum.min), formatMs(sum.max)];
    });
    ctx.log(formatTable(['case', 'median', 'min', 'max'], rows));
    return {
      files,
      references: found,
      medians: Object.fromEntries(Object.entries({ ...samples, hover: more.hover, editOneFile: more.editText, reindexOneFile: more.reindex }).map(([k, s]) => [k, summarize(s).median])),
    };
  },
};
