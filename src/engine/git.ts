import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { CacheStore } from './cache/cacheStore';
import { EdgitError } from './errors';
import { gitErrorDetail, staleLockError } from './gitMessages';

/** What one git invocation returned. stdout is kept as bytes so file content stays binary-safe. */
export interface GitResult {
  readonly stdout: Buffer;
  readonly stderr: string;
  readonly exitCode: number;
}

export interface GitRunOptions {
  /** Bytes or text written to git's standard input. */
  readonly input?: string | Buffer;
  /** Extra environment (e.g. GIT_COMMITTER_DATE); merged over the process environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Exit codes that are answers rather than failures (e.g. 1 for "not found"). */
  readonly okExitCodes?: readonly number[];
  readonly timeoutMs?: number;
}

/** A git process with its standard input open; see Git.converse. */
export interface GitConversation {
  write(text: string): void;
  /** Closes standard input. */
  end(): void;
  /** Resolves true when git printed this exact line, false when it exited without printing it. */
  waitForLine(line: string): Promise<boolean>;
  readonly exited: Promise<number>;
  stderr(): string;
}

/** Called after every git command with its arguments, exit code and duration. */
export type GitLogger = (entry: { args: readonly string[]; exitCode: number; ms: number; cwd: string }) => void;

const DEFAULT_TIMEOUT_MS = 120_000;

/** Options before every command: paths unquoted, no colours. */
const STABLE_OUTPUT = ['-c', 'core.quotepath=false', '-c', 'color.ui=false'] as const;

/** The process environment with settings that keep git's output stable and git from prompting. */
function gitEnvironment(extra?: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  return { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GCM_INTERACTIVE: 'NEVER', GIT_OPTIONAL_LOCKS: '0', ...extra };
}

/**
 * Runs git in one repository. Always with an argument array (never a shell),
 * with settings that make its output stable to parse.
 */
export class Git {
  private static loggers: GitLogger[] = [];
  private commonDirPromise: Promise<string> | undefined;

  /** Every cache file of this repository (see CacheStore): one owner per opened repository. */
  readonly caches = new CacheStore(() => this.commonDir());

  constructor(readonly cwd: string) {}

  /** The repository's common git directory (shared by worktrees), absolute; asked of git once. */
  commonDir(): Promise<string> {
    this.commonDirPromise ??= this.line(['rev-parse', '--git-common-dir']).then((dir) => path.resolve(this.cwd, dir));
    return this.commonDirPromise;
  }

  /** Tells commonDir what a caller already read (`git rev-parse --git-common-dir`, made absolute), sparing a git call. */
  knowCommonDir(dir: string): void {
    this.commonDirPromise ??= Promise.resolve(dir);
  }

  /** Registers a logger for every git command any Git instance runs; returns an unregister function. */
  static onCommand(logger: GitLogger): () => void {
    Git.loggers.push(logger);
    return () => {
      Git.loggers = Git.loggers.filter((l) => l !== logger);
    };
  }

  /** Runs git and returns its output; throws EdgitError('git-failed') on an unexpected exit code. */
  async run(args: readonly string[], options: GitRunOptions = {}): Promise<GitResult> {
    const result = await this.exec(args, options);
    const ok = result.exitCode === 0 || (options.okExitCodes ?? []).includes(result.exitCode);
    if (!ok) {
      throw staleLockError(result.stderr, `git ${args[0]} failed`) ?? new EdgitError(`git ${args[0]} failed: ${gitErrorDetail(result.stderr, `exit code ${result.exitCode}`)}`, 'git-failed');
    }
    return result;
  }

  /** Runs git and returns stdout as UTF-8 text. */
  async text(args: readonly string[], options: GitRunOptions = {}): Promise<string> {
    return (await this.run(args, options)).stdout.toString('utf8');
  }

  /** Runs git and returns stdout without its trailing newline. */
  async line(args: readonly string[], options: GitRunOptions = {}): Promise<string> {
    return (await this.text(args, options)).replace(/\n$/, '');
  }

  /**
   * Starts git with its standard input left open, for a conversation such as
   * `update-ref --stdin` (start / prepare … commit or abort). Logged like every other command.
   */
  converse(args: readonly string[]): GitConversation {
    const fullArgs = [...STABLE_OUTPUT, ...args];
    const started = Date.now();
    const child = spawn('git', fullArgs, {
      cwd: this.cwd,
      env: gitEnvironment(),
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let stdout = '';
    let stderr = '';
    const waiters: { line: string; resolve: (ok: boolean) => void }[] = [];
    const settle = () => {
      for (const w of waiters.splice(0)) w.resolve(stdout.split('\n').includes(w.line));
    };
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString('utf8');
      for (const w of [...waiters]) {
        if (stdout.split('\n').includes(w.line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(true);
        }
      }
    });
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.stdin.on('error', () => undefined);
    const exited = new Promise<number>((resolve) => {
      child.on('error', () => resolve(128));
      child.on('close', (code) => {
        for (const log of Git.loggers) log({ args, exitCode: code ?? 128, ms: Date.now() - started, cwd: this.cwd });
        settle();
        resolve(code ?? 128);
      });
    });
    return {
      write: (text: string) => void child.stdin.write(text),
      end: () => child.stdin.end(),
      waitForLine: (line: string) =>
        stdout.split('\n').includes(line) ? Promise.resolve(true) : new Promise<boolean>((resolve) => waiters.push({ line, resolve })),
      exited,
      stderr: () => stderr,
    };
  }

  private exec(args: readonly string[], options: GitRunOptions): Promise<GitResult> {
    const fullArgs = [...STABLE_OUTPUT, ...args];
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const child = spawn('git', fullArgs, {
        cwd: this.cwd,
        env: gitEnvironment(options.env),
        stdio: ['pipe', 'pipe', 'pipe'],
        windowsHide: true,
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(
          e.code === 'ENOENT'
            ? new EdgitError('git was not found.', 'git-failed', 'Install git and make sure it is on PATH.')
            : e,
        );
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        const exitCode = code ?? (signal ? 128 : 1);
        for (const log of Git.loggers) log({ args, exitCode, ms: Date.now() - started, cwd: this.cwd });
        resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), exitCode });
      });
      child.stdin.on('error', () => {
        /* git may exit before reading all input; its exit code tells the story */
      });
      child.stdin.end(options.input ?? '');
    });
  }
}

/** Opens the repository containing `dir` (any subdirectory works), or throws a clear error. */
export async function openRepository(dir: string): Promise<Git> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new EdgitError(`${dir} is not a folder.`, 'not-a-repository', 'Pass --repo with the path of a git clone.');
  }
  const probe = new Git(dir);
  const result = await probe.run(['rev-parse', '--show-toplevel', '--git-common-dir'], { okExitCodes: [128] }).catch((e) => {
    if (e instanceof EdgitError && e.code === 'git-failed') return undefined;
    throw e;
  });
  if (!result || result.exitCode !== 0) {
    throw new EdgitError(
      `${dir} is not inside a git repository.`,
      'not-a-repository',
      'Run this from a clone of your Edgit repository, or pass --repo DIR.',
    );
  }
  const [root, commonDir] = result.stdout.toString('utf8').split('\n');
  const git = new Git(root);
  if (commonDir) git.knowCommonDir(path.resolve(dir, commonDir));
  return git;
}
