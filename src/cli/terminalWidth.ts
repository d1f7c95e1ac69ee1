/**
 * How wide the CLI's output for people may be. In this order:
 * 1. `COLUMNS`, when set to a whole number (shells do not export it by default: setting it is a choice);
 * 2. the terminal's width, when stdout is a terminal (else stderr's, for `edgit-deploy verify | …`);
 * 3. 80, the width of a CI log or a pipe.
 * Never less than MIN_WIDTH: below it, wrapping would make every record a column of words.
 * This module imports nothing: the CLI's entry (bin.ts) keys the kept status answer by the width.
 */

const DEFAULT_WIDTH = 80;
const MIN_WIDTH = 40;

interface MaybeTerminal {
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export function outputWidth(stdout: MaybeTerminal, stderr?: MaybeTerminal, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = /^\s*\d+\s*$/.test(env.COLUMNS ?? '') ? Number(env.COLUMNS) : 0;
  const terminal = [stdout, stderr].find((s) => s?.isTTY && (s.columns ?? 0) > 0)?.columns ?? 0;
  const width = fromEnv || terminal || DEFAULT_WIDTH;
  return Math.max(MIN_WIDTH, width);
}
