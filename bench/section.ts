import type { BenchArgs } from './args';

/** What every bench section receives. */
export interface BenchContext {
  readonly args: BenchArgs;
  /** bench/.work: generated repositories, profiles, results.json. */
  readonly workDir: string;
  /** Prints a progress or result line. */
  log(line?: string): void;
}

/**
 * One named part of the benchmark (`snapshot`, later `history`, `tree`…), selectable with
 * `--only NAME`. Whatever run() resolves with must be JSON-serializable: it is stored under the
 * section's name in bench/.work/results.json.
 */
export interface BenchSection {
  readonly name: string;
  readonly description: string;
  run(ctx: BenchContext): Promise<unknown>;
}
