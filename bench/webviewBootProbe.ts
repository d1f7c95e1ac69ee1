/**
 * Runs INSIDE the VS Code extension host: the baseline of the timeline bench. Opens a trivial
 * webview (one line of HTML and a script that says `ready`, strict CSP) four times, each closed
 * before the next, and writes how long each took from createWebviewPanel to `ready` to the JSON
 * file named by EDGIT_BENCH_TIMELINE_OUT: what any webview costs in this workbench, ours or not.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { TIMELINE_PROBE_OUT } from './timelineProbeProtocol';

const OPENINGS = 4;

export async function run(): Promise<void> {
  const out = process.env[TIMELINE_PROBE_OUT];
  if (!out) throw new Error(`${TIMELINE_PROBE_OUT} is not set`);
  const bootMs: number[] = [];
  for (let i = 0; i < OPENINGS; i++) {
    const started = performance.now();
    const panel = vscode.window.createWebviewPanel('edgit.benchBaseline', `Baseline ${i + 1}`, vscode.ViewColumn.Active, { enableScripts: true });
    const nonce = randomBytes(16).toString('base64');
    const ready = new Promise<void>((resolve) => panel.webview.onDidReceiveMessage((m) => m === 'ready' && resolve()));
    panel.webview.html =
      `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}';"></head>` +
      `<body>baseline<script nonce="${nonce}">acquireVsCodeApi().postMessage('ready')</script></body></html>`;
    await ready;
    bootMs.push(performance.now() - started);
    panel.dispose();
    await new Promise((r) => setTimeout(r, 300)); // as the timeline probe pauses between openings
  }
  writeFileSync(out, JSON.stringify({ bootMs }));
}
