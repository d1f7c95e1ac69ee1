import { parseArgs } from 'node:util';
import { answerInputs, answerKey, readForAnswer } from '../engine/cache/answerCache';
import { cacheDisabled } from '../engine/cache/cacheStore';
import { Git } from '../engine/git';
import { escapeUntrusted } from '../engine/untrustedText';
import type { ReadAnswerInputs } from './cliContext';
import { timeZoneIdentity } from './humanTime';
import { SyncRecord, readSyncRecord, syncRecordIdentity } from './syncRecord';
import { outputWidth } from './terminalWidth';

/**
 * `edgit-deploy status` answered from the answer it kept, by the CLI's entry before the rest of
 * the program is loaded: what a terminal user waits for is then Node's start, one
 * `git rev-parse` and one `git show-ref` at once (the kept file is read and checked while git
 * lists), and the remote's sync record (two file-system calls). Whatever does not fit (other arguments, no kept answer, another key, any failure)
 * prints nothing, and the program runs as always: it computes the answer, prints it and keeps it.
 * This module imports nothing heavy, so the entry stays small.
 */

/**
 * What besides the repository a status answer depends on: its form; the sync record it compares
 * the tags with (drift, syncRecord.ts); and for text, the width it is laid out to and the time
 * zone and year its moments are written in (humanTime.ts).
 */
export function statusAnswerArguments(json: boolean, width: number, sync: SyncRecord | undefined): string[] {
  return json ? ['json', syncRecordIdentity(sync)] : ['text', `width ${width}`, timeZoneIdentity(), syncRecordIdentity(sync)];
}

/** `status [--json] [--repo DIR]` as the program parses it, or undefined for anything else. */
function plainStatus(argv: readonly string[]): { json: boolean; repo: string | undefined } | undefined {
  if (argv[0] !== 'status') return undefined;
  try {
    const { values } = parseArgs({ args: argv.slice(1), options: { repo: { type: 'string' }, json: { type: 'boolean' } }, strict: true, allowPositionals: false });
    return { json: values.json === true, repo: values.repo };
  } catch {
    return undefined;
  }
}

/**
 * Prints the kept answer of this status command and returns true; or returns false having printed
 * nothing, with the inputs it read when it read them (the program then need not read them again).
 */
export async function printKeptStatusAnswer(
  argv: readonly string[],
  cwd: string,
  stdout: NodeJS.WritableStream,
): Promise<{ printed: true } | { printed: false; read?: ReadAnswerInputs }> {
  const command = plainStatus(argv);
  if (!command || cacheDisabled()) return { printed: false };
  try {
    const { place, refs, kept } = await readForAnswer(new Git(command.repo ?? cwd), 'status');
    const [inputs, sync] = await Promise.all([answerInputs(place, refs), readSyncRecord(place.gitDir)]);
    const width = outputWidth(process.stdout, process.stderr);
    if (!kept || kept.key !== answerKey(inputs, statusAnswerArguments(command.json, width, sync))) return { printed: false, read: { place, refs, sync } };
    // The text answer goes through the same boundary as the program's (cli.ts): its line breaks kept, nothing else hidden.
    stdout.write(command.json ? kept.answer : escapeUntrusted(kept.answer.toString('utf8'), { keepNewlines: true }));
    return { printed: true };
  } catch {
    return { printed: false };
  }
}
