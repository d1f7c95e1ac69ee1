import * as vscode from 'vscode';

/**
 * Escapes untrusted text (tag messages, tagger names) for Markdown: every character with a
 * Markdown meaning gets a backslash, so links, images, emphasis and HTML show literally.
 * Unlike MarkdownString.appendText, spaces stay spaces (long messages still wrap).
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&:"'$]/g, '\\$&').replace(/\r?\n/g, '  \n');
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
