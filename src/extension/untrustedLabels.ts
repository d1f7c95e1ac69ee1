import { escapeUntrusted, nameWarning, unmistakableName } from '../engine/untrustedText';

/**
 * Text from tags and the deployment history (names, tagger names, tag messages, reasons) as the
 * editor shows it. Besides the hidden characters the engine escapes (engine/untrustedText.ts),
 * VS Code gives text meaning in some places: quick-pick labels, descriptions and details and the
 * status bar render `$(icon)`, and notifications turn `[text](command:…)` into a link that runs a
 * command. The project's own icons are written in code around these values, never inside them.
 * No `vscode` import: plain string work, tested as such.
 */

/** The warning sign after a suspicious name where icons do not render (tree rows, notifications). */
export const WARNING_SIGN = '⚠';

/**
 * Text from data where VS Code renders `$(icon)`: hidden characters escaped, and every `$(`
 * written `\$(`, which VS Code shows as it is (iconLabels' escaped form) instead of as an icon.
 */
export function iconSafeText(text: string): string {
  return escapeUntrusted(text).replace(/\$\(/g, '\\$(');
}

/** A name where VS Code renders icons: as iconSafeText, with a `$(warning)` icon after a suspicious one. */
export function iconSafeName(name: string): string {
  return nameWarning(name) ? `${iconSafeText(name)} $(warning)` : iconSafeText(name);
}

/** A name where no icon renders (tree labels and descriptions, notifications): hidden characters escaped, ⚠ after a suspicious one. */
export function markedName(name: string): string {
  return nameWarning(name) ? `${escapeUntrusted(name)} ${WARNING_SIGN}` : escapeUntrusted(name);
}

/**
 * The sentence that explains a suspicious name, with the name unmistakable and its characters by
 * code point, or undefined: `Suspicious name "pr\u043eduction": U+043E (non-ASCII). It may imitate another name.`
 */
export function nameWarningLine(name: string): string | undefined {
  const warning = nameWarning(name);
  return warning && `Suspicious name "${unmistakableName(name)}": ${warning.summary}. It may imitate another name.`;
}

/** The warning sentences of the suspicious ones among some names, each once. */
export function nameWarningLines(names: readonly (string | null | undefined)[]): string[] {
  return [...new Set(names.filter((n): n is string => !!n))].map(nameWarningLine).filter((l): l is string => !!l);
}

/**
 * A notification's message quoting data: hidden characters escaped (its own line breaks kept),
 * and `](`, which would make `[text](command:…)` a link that runs a command, written `]\(`.
 */
export function notificationText(text: string): string {
  return escapeUntrusted(text, { keepNewlines: true }).replace(/\]\(/g, ']\\(');
}

/** One line of a notification or a dialog quoting data: as notificationText, line breaks escaped too. */
export function notificationLine(text: string): string {
  return escapeUntrusted(text).replace(/\]\(/g, ']\\(');
}
