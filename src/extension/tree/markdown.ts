import * as vscode from 'vscode';
import { escapeUntrusted } from '../../engine/untrustedText';

/**
 * Escapes untrusted text (tag messages, tagger names) for Markdown: control, bidi and other
 * format characters become visible escapes (`\x1b`, `\u202e`; line breaks, CRLF too, stay line breaks), then
 * every character with a Markdown meaning gets a backslash, so links, images, emphasis, HTML and
 * `$(icon)` show literally. Unlike MarkdownString.appendText, spaces stay spaces (long messages still wrap).
 */
export function escapeMarkdown(text: string): string {
  return escapeUntrusted(text.replace(/\r\n/g, '\n'), { keepNewlines: true })
    .replace(/[\\`*_{}[\]()#+\-.!|<>~&:"'$]/g, '\\$&')
    .replace(/\n/g, '  \n');
}

/** A MarkdownString for untrusted content: no command links, no HTML, no theme icons from text. */
export function untrustedMarkdown(): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', false);
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}

/** Appends untrusted text, escaped. */
export function appendUntrusted(md: vscode.MarkdownString, text: string): vscode.MarkdownString {
  return md.appendMarkdown(escapeMarkdown(text));
}
