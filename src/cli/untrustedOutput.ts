import { StringDecoder } from 'node:string_decoder';
import { Writable } from 'node:stream';
import { escapeUntrusted, unmistakableName } from '../engine/untrustedText';

/**
 * What the CLI prints for people goes through one boundary: escapingStream wraps the streams
 * commands write to (all of stderr; stdout unless --json), so no control, bidi or other format
 * character reaches the terminal or a CI log, whatever a command forgot. The boundary keeps line
 * breaks, so the formatters escape values from data themselves, line breaks included (shownText,
 * shownName): a reason or a tagger name can then never start a line of its own.
 */

/** A stream that writes to `target` what it is given, with every control and format character but `\n` escaped. */
export function escapingStream(target: NodeJS.WritableStream): NodeJS.WritableStream {
  const decoder = new StringDecoder('utf8');
  return new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
      // Written at once, as a direct write would be; the target keeps its own order and buffer.
      if (text) target.write(escapeUntrusted(text, { keepNewlines: true }));
      done();
    },
  });
}

/** A value from data (reason, tagger or committer name, tag message, a message quoting them) inside one line of human output. */
export function shownText(value: string): string {
  return escapeUntrusted(value);
}

/** A name from data (component, environment, version, tag name) in human output: unmistakable, on one line. */
export function shownName(value: string): string {
  return unmistakableName(value);
}

/** The typography of the CLI's own sentences (and the engine's): the only characters outside ASCII a message keeps. */
const OWN_TYPOGRAPHY = new Set(['→', '…', '·', '—', '–', '−', '≤', '±']);

/**
 * A sentence that quotes names (an error, a move's summary): on one line, and every character
 * outside ASCII but the CLI's own typography escaped, so a name in it is as unmistakable as
 * shownName makes it (`"stag\u0456ng" is not a valid environment name`).
 */
export function shownMessage(value: string): string {
  return escapeUntrusted(value).replace(/[^ -~]/gu, (c) => (OWN_TYPOGRAPHY.has(c) ? c : unmistakableName(c)));
}
