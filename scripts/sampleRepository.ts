// Generates the demo's Edgit repository: the components of sampleComponents.ts committed and
// versioned on their dates, and the moves of sampleStory.ts made the way people make them — the
// project's own CLI (dist/cli.js, recorded in the deployment history and pushed), the Edgit CLI
// (delete and re-create, nested, push --tags --force) and `git tag -f` (both observed), and a
// teammate's push this clone has not fetched; and the Conductor ensembles of sampleEnsembles.ts committed
// on their dates. Who and when come from GIT_COMMITTER_* / GIT_AUTHOR_*.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Person, SAMPLE_COMPONENTS, SampleComponent, SampleVersion } from './sampleComponents';
import { SAMPLE_ENSEMBLES, SampleEnsemble } from './sampleEnsembles';
import { DeployReport, OutsideMove, RecordedMove, STORY, StoryStep, TeammateMove } from './sampleStory';

/** The built edgit-deploy (npm run build), next to out/scripts/ in the repository root. */
export const CLI_PATH = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

export interface SampleRepository {
  readonly root: string;
  /** The clone the demo opens (Ana's). */
  readonly repo: string;
  /** The bare remote, `origin` of the clone. */
  readonly remote: string;
  /** How many times edgit-deploy ran. */
  readonly cliRuns: number;
}

/** `@unix +0000`, the date form git reads exactly. */
function gitDate(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new Error(`not a moment: ${iso}`);
  return `@${Math.floor(ms / 1000)} +0000`;
}

/** The environment of one git or edgit-deploy run: who, when, and no user or system git configuration. */
function environment(by: Person, at: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    LC_ALL: 'C',
    CI: 'true',
    GIT_AUTHOR_NAME: by.name,
    GIT_AUTHOR_EMAIL: by.email,
    GIT_AUTHOR_DATE: gitDate(at),
    GIT_COMMITTER_NAME: by.name,
    GIT_COMMITTER_EMAIL: by.email,
    GIT_COMMITTER_DATE: gitDate(at),
  };
  for (const inherited of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'EDGIT_PROTECTED_ENVIRONMENTS']) delete env[inherited];
  return env;
}

/** One clone (or the bare remote) and the commands people run in it. */
class Clone {
  cliRuns = 0;

  constructor(readonly dir: string) {}

  git(by: Person, at: string, ...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env: environment(by, at), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  }

  /** Runs `node dist/cli.js ARGS --repo DIR` as `by` at `at`; returns its stdout, throws with its stderr. */
  edgitDeploy(by: Person, at: string, args: readonly string[]): string {
    this.cliRuns++;
    const argv = [CLI_PATH, ...args, '--repo', this.dir];
    const r = spawnSync(process.execPath, argv, { cwd: this.dir, env: environment(by, at), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    if (r.status !== 0) {
      throw new Error(`edgit-deploy ${args.join(' ')} (as ${by.name} at ${at}) failed with ${r.status ?? r.signal}: ${r.stderr.trim() || r.stdout.trim()}`);
    }
    return r.stdout;
  }
}

function tagOf(component: SampleComponent, slot: string): string {
  return `${component.prefix}/${component.id}/${slot}`;
}

function componentById(id: string): SampleComponent {
  const c = SAMPLE_COMPONENTS.find((x) => x.id === id);
  if (!c) throw new Error(`the story names ${id}, which sampleComponents.ts does not define`);
  return c;
}

/** A version: its file committed by its author, then tagged with `edgit-deploy version`; returns the new tag (pushed by `publish`). */
function release(clone: Clone, component: SampleComponent, v: SampleVersion, first: boolean): string {
  const file = path.join(clone.dir, component.file);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, v.content);
  clone.git(v.by, v.at, 'add', '--', component.file);
  clone.git(v.by, v.at, 'commit', '-q', '-m', `${component.id}: ${v.change}`);
  const logic = first && component.prefix === 'logic' ? ['--logic'] : [];
  clone.edgitDeploy(v.by, v.at, ['version', component.id, v.version, ...logic]);
  return tagOf(component, v.version);
}

/** An ensemble or agent file committed by its author and pushed with main (no tag: it is no component). */
function commitEnsemble(clone: Clone, e: SampleEnsemble): void {
  const file = path.join(clone.dir, e.file);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, e.content);
  clone.git(e.by, e.at, 'add', '--', e.file);
  clone.git(e.by, e.at, 'commit', '-q', '-m', `${e.file}: ${e.change}`);
  clone.git(e.by, e.at, 'push', '-q', 'origin', 'main');
}

/** Pushes main and the new version tags, as the CLI's "Push it with: git push origin refs/tags/…" says. */
function publish(clone: Clone, by: Person, at: string, versionTags: string[]): void {
  if (!versionTags.length) return;
  clone.git(by, at, 'push', '-q', 'origin', 'main', ...versionTags.map((t) => `refs/tags/${t}`));
  versionTags.length = 0;
}

function recorded(clone: Clone, step: RecordedMove | TeammateMove): void {
  const out = clone.edgitDeploy(step.by, step.at, [...step.args, '--yes', '--push', '--reason', step.reason]);
  const expected = step.kind === 'edgit-deploy' ? step.expectSuggestion : undefined;
  if (expected && !out.includes(`Last known good: ${expected} `)) {
    throw new Error(`edgit-deploy ${step.args.join(' ')} suggested another version than ${expected}:\n${out}`);
  }
}

/** A move by another tool: the history will observe it (dated by the tag object, or by the tag's reflog). */
function outside(clone: Clone, step: OutsideMove): void {
  const component = componentById(step.component);
  const tag = tagOf(component, step.environment);
  const version = tagOf(component, step.version);
  if (step.kind === 'edgit-cli') {
    // `edgit tag set`: delete the tag, re-create it annotated on the version tag object (nested), then push every tag with force.
    const exists = spawnSync('git', ['rev-parse', '--verify', '--quiet', `refs/tags/${tag}`], { cwd: clone.dir, env: environment(step.by, step.at) }).status === 0;
    if (exists) clone.git(step.by, step.at, 'tag', '-d', tag);
    clone.git(step.by, step.at, 'tag', '-a', '-m', `Set ${component.id.split('/')[1]} to ${step.environment}`, tag, version);
    clone.git(step.by, step.at, 'push', '-q', 'origin');
    clone.git(step.by, step.at, 'push', '-q', '--tags', '--force', 'origin');
  } else {
    // A plain `git tag -f` straight to the commit (lightweight), pushed with force.
    clone.git(step.by, step.at, 'tag', '-f', tag, `${version}^{commit}`);
    clone.git(step.by, step.at, 'push', '-q', '--force', 'origin', `refs/tags/${tag}`);
  }
}

/** A deploy job's report from the deploy workflow's clone, brought up to date with the remote's tags first (as a CI checkout has them), pushed. */
function deployReport(job: Clone, remote: Clone, step: DeployReport): void {
  if (!fs.existsSync(job.dir)) execFileSync('git', ['clone', '-q', remote.dir, job.dir], { env: environment(step.by, step.at), stdio: 'ignore' });
  else job.git(step.by, step.at, 'fetch', '-q', '--tags', '--force', 'origin');
  job.edgitDeploy(step.by, step.at, ['report-live', step.environment, ...step.components, '--run', step.run, ...(step.settlesIn ? ['--settles-in', step.settlesIn] : []), '--push']);
}

type TimelineItem =
  | { at: string; release: { component: SampleComponent; version: SampleVersion; first: boolean } }
  | { at: string; ensemble: SampleEnsemble }
  | { at: string; step: StoryStep };

/** Every release, ensemble and move of the story, in time order. */
function timeline(): TimelineItem[] {
  const items: TimelineItem[] = [];
  for (const component of SAMPLE_COMPONENTS) {
    component.versions.forEach((version, i) => items.push({ at: version.at, release: { component, version, first: i === 0 } }));
  }
  for (const ensemble of SAMPLE_ENSEMBLES) items.push({ at: ensemble.at, ensemble });
  for (const step of STORY) items.push({ at: step.at, step });
  // Stable: a release and a move at the same minute keep their order (releases first).
  return items.map((item, i) => ({ item, i, ms: Date.parse(item.at) })).sort((a, b) => a.ms - b.ms || a.i - b.i).map((x) => x.item);
}

/** Creates `parent/ai-components` (Ana's clone), `parent/remote.git`, and removes the teammate's clone it used. */
export function createSampleRepository(parent: string): SampleRepository {
  fs.mkdirSync(parent, { recursive: true });
  const remote = new Clone(path.join(parent, 'remote.git'));
  const repo = new Clone(path.join(parent, 'ai-components'));
  const items = timeline();
  const start = items[0].at;
  const ana = SAMPLE_COMPONENTS[0].versions[0].by;

  fs.mkdirSync(remote.dir, { recursive: true });
  remote.git(ana, start, 'init', '-q', '--bare', '-b', 'main');
  fs.mkdirSync(repo.dir, { recursive: true });
  repo.git(ana, start, 'init', '-q', '-b', 'main');
  repo.git(ana, start, 'config', 'user.name', ana.name);
  repo.git(ana, start, 'config', 'user.email', ana.email);
  // Tag reflogs date the moves other tools make (the Edgit CLI, git tag -f); git keeps none for tags otherwise.
  repo.git(ana, start, 'config', 'core.logAllRefUpdates', 'always');
  repo.git(ana, start, 'config', 'advice.nestedTag', 'false');
  repo.git(ana, start, 'remote', 'add', 'origin', remote.dir);
  fs.writeFileSync(
    path.join(repo.dir, 'README.md'),
    '# AI components\n\nPrompts, configs, queries, agents and templates, versioned and deployed with Edgit tags\n' +
      '(`components/{namespace}/{name}/{version|environment}`).\n',
  );
  repo.git(ana, start, 'add', 'README.md');
  repo.git(ana, start, 'commit', '-q', '-m', 'Initial commit');
  repo.git(ana, start, 'push', '-q', '--set-upstream', 'origin', 'main');

  let teammateRuns = 0;
  const deployJob = new Clone(path.join(parent, 'deploy-job'));
  const unpushed: string[] = [];
  let last = { by: ana, at: start };
  for (const item of items) {
    if ('release' in item) {
      unpushed.push(release(repo, item.release.component, item.release.version, item.release.first));
      last = { by: item.release.version.by, at: item.at };
      continue;
    }
    publish(repo, last.by, last.at, unpushed);
    if ('ensemble' in item) {
      commitEnsemble(repo, item.ensemble);
      continue;
    }
    const step = item.step;
    if (step.kind === 'edgit-deploy') recorded(repo, step);
    else if (step.kind === 'teammate') {
      const teammate = new Clone(path.join(parent, `teammate-${step.by.email.split('@')[0]}`));
      execFileSync('git', ['clone', '-q', remote.dir, teammate.dir], { env: environment(step.by, step.at), stdio: 'ignore' });
      recorded(teammate, step);
      teammateRuns += teammate.cliRuns;
      fs.rmSync(teammate.dir, { recursive: true, force: true });
    } else if (step.kind === 'deploy-report') deployReport(deployJob, remote, step);
    else outside(repo, step);
  }
  fs.rmSync(deployJob.dir, { recursive: true, force: true });
  publish(repo, last.by, last.at, unpushed);
  // The deploy workflow's receipts, as the editor's deploy watch brings them (only them: the
  // teammate's move stays unfetched, part of the story).
  repo.git(ana, last.at, 'fetch', '-q', '--no-tags', 'origin', '+refs/edgit/receipts*:refs/edgit/remotes/origin/receipts*');
  return { root: parent, repo: repo.dir, remote: remote.dir, cliRuns: repo.cliRuns + teammateRuns + deployJob.cliRuns };
}
