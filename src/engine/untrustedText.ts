/**
 * Text that others wrote, shown to people: tag names, tag messages, tagger and committer names,
 * reasons and names read from the deployment history all come from whoever could push. Shown raw,
 * a control character steers the terminal (ESC sequences set the window title or write the
 * clipboard, `\r` overwrites the line), a line break starts a line a CI runner may read as a
 * command (`::error::`), and a bidi override or a zero-width character makes text read as what it
 * is not. Everything here is plain string work (no `vscode`): the CLI and the editor share it.
 */

/**
 * The characters that are never shown as they are: C0 controls, DEL and C1 controls (Cc), Unicode
 * format characters (Cf: bidi embeddings, overrides and isolates, zero-width characters, the BOM…),
 * the line and paragraph separators, and lone surrogates (Cs, from a JSON `\ud800`).
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/gu;
/** The hidden characters that are not controls. */
/** HIDDEN without the C0 controls, which JSON.stringify already escaped in strings (the rest are its own line breaks). */
const JSON_HIDDEN = /[\x7f-\x9f\p{Cf}\p{Cs}\u2028\u2029]/gu;

// eslint-disable-next-line no-control-regex
const NOT_ASCII = /[^\x00-\x7e]/;

const INVISIBLE = /^[\p{Cf}\p{Cs}\u2028\u2029]$/u;
/** A name of printable ASCII only, without a backslash: shown as it is. */
const PLAIN_NAME = /^[\x20-\x5b\x5d-\x7e]*$/;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `\x1b`, `\u202e`, `\u{e0041}`: a character as a visible escape (lowercase hex). */
function escapeOf(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.codePointAt(0) ?? 0;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\u{${code.toString(16)}}`;
}

export interface EscapeOptions {
  /** Keep `\n` as a line break: for whole multi-line output whose line breaks are its own. */
  readonly keepNewlines?: boolean;
}

/**
 * The text with every control, format and separator character written as a visible escape
 * (`\x1b`, `\r`, `\n`, `\u202e`…). A value from data inside one line keeps no line break: it
 * cannot start a line of its own. Everything else, backslashes included, is left as it is.
 */
export function escapeUntrusted(text: string, options: EscapeOptions = {}): string {
  const keep = options.keepNewlines === true;
  return text.replace(HIDDEN, (c) => (keep && c === '\n' ? c : escapeOf(c)));
}

/** Why a character of a name is suspicious. */
type SuspiciousKind =
  /** A C0 or C1 control character or DEL. */
  | 'control'
  /** An invisible format character (bidi control, zero-width character, BOM…), a separator or a lone surrogate. */
  | 'invisible'
  /** Any other character outside ASCII: it may imitate an ASCII one (Cyrillic `о` for `o`). */
  | 'non-ascii';

interface SuspiciousCharacter {
  readonly codePoint: number;
  /** `U+043E` */
  readonly notation: string;
  readonly kind: SuspiciousKind;
}

/** What is suspicious about a name, for a warning. */
export interface NameWarning {
  /** Each suspicious character once, in the order they first occur. */
  readonly characters: readonly SuspiciousCharacter[];
  /** `U+043E (non-ASCII), U+202E (invisible format character)`: the characters for people. */
  readonly summary: string;
}

const KIND_WORDS: Readonly<Record<SuspiciousKind, string>> = {
  control: 'control character',
  invisible: 'invisible format character',
  'non-ascii': 'non-ASCII',
};

/** How many characters a warning's summary names before `and N more`. */
const SUMMARY_LIMIT = 5;

/**
 * Whether a name (component, environment, version, tag name) is suspicious, and why. Edgit's
 * grammar writes names of ASCII letters, digits, `-`, `_` and `.`; a name read from git may hold
 * anything git allows in a ref (bidi controls, Cyrillic look-alikes…) and one read from the
 * history anything at all. A name with a control, format or separator character, or any non-ASCII
 * character, is suspicious: `prоduction` with a Cyrillic `о` reads as `production`.
 * Undefined when there is nothing to warn about.
 */
export function nameWarning(name: string): NameWarning | undefined {
  const found = new Map<number, SuspiciousCharacter>();
  for (const char of name) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0x20 && code < 0x7f) continue;
    if (found.has(code)) continue;
    const kind: SuspiciousKind = code < 0x20 || (code >= 0x7f && code <= 0x9f) ? 'control' : INVISIBLE.test(char) ? 'invisible' : 'non-ascii';
    found.set(code, { codePoint: code, notation: `U+${code.toString(16).toUpperCase().padStart(4, '0')}`, kind });
  }
  if (!found.size) return undefined;
  const characters = [...found.values()];
  const named = characters.slice(0, SUMMARY_LIMIT).map((c) => `${c.notation} (${KIND_WORDS[c.kind]})`);
  const more = characters.length - named.length;
  return { characters, summary: named.join(', ') + (more > 0 ? ` and ${more} more` : '') };
}

/**
 * A name as a terminal shows it unmistakably: every character outside printable ASCII written as
 * an escape (`pr\u043eduction` can never be read as `production`), and a backslash doubled (no
 * Edgit or git name has one; doubled, it cannot pass for an escape). A plain name is unchanged.
 */
export function unmistakableName(name: string): string {
  if (PLAIN_NAME.test(name)) return name;
  let out = '';
  for (const char of name) {
    const code = char.codePointAt(0) ?? 0;
    out += char === '\\' ? '\\\\' : code >= 0x20 && code < 0x7f ? char : escapeOf(char);
  }
  return out;
}

/**
 * JSON text (from JSON.stringify) with the hidden characters it leaves as they are (DEL, C1
 * controls, format characters, U+2028/U+2029) written as `\u` escapes. They only occur inside
 * strings, so the text parses to exactly the same values; printed, it steers no terminal. Below
 * U+0020 nothing changes: JSON.stringify escaped those in strings, and the rest are its own line breaks.
 */
export function escapeJsonText(json: string): string {
  // Most answers are ASCII: nothing to look for (a plain scan, much faster than the Unicode pattern).
  if (!NOT_ASCII.test(json)) return json;
  return json.replace(JSON_HIDDEN, (c) => {
    let out = '';
    for (let i = 0; i < c.length; i++) out += `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return out;
  });
}
