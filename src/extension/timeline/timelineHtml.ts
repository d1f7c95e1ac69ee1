import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** The static assets of the page (its stylesheet). */
export function mediaRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'media');
}

/** The page's script, bundled by esbuild from src/webview/timeline/. */
export function webviewBundleRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

/** The webview may load only from these two folders. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: [mediaRoot(extensionUri), webviewBundleRoot(extensionUri)] };
}

/** A fresh nonce for each render (128 random bits, hex). */
export function newNonce(): string {
  return randomBytes(16).toString('hex');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return `default-src 'none'; style-src ${cspSource}; script-src 'nonce-${nonce}'; img-src ${cspSource};`;
}

/**
 * The page's HTML: a static skeleton, the stylesheet (media/) and the script (dist/webview/),
 * both through asWebviewUri, under a strict CSP. It holds no data at all: names, versions,
 * reasons and tag messages arrive by postMessage and are rendered with textContent by the page
 * (src/webview/timeline/, which looks up the ids below).
 */
export function timelineHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce: string): string {
  const script = webview.asWebviewUri(vscode.Uri.joinPath(webviewBundleRoot(extensionUri), 'timeline.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot(extensionUri), 'timeline.css'));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(webview.cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>Edgit Deployment Timeline</title>
</head>
<body>
<header class="toolbar" aria-label="Moment">
  <h1 id="title">Deployment timeline</h1>
  <div class="moment-picker">
    <label for="moment-input">Moment</label>
    <input id="moment-input" type="datetime-local" step="1">
    <button id="moment-now" type="button" title="Back to now">Now</button>
    <button id="moment-prev" type="button" title="The change before this moment" aria-label="Previous change">&#x25C0;</button>
    <input id="moment-slider" type="range" min="0" max="1000" step="1" value="1000" aria-label="Moment on the history's span">
    <button id="moment-next" type="button" title="The change after this moment" aria-label="Next change">&#x25B6;</button>
  </div>
  <div class="actions">
    <button id="compare-now" type="button">Compare with now</button>
    <label for="recreate-source">Recreate</label>
    <select id="recreate-source" aria-label="Environment whose past state is recreated"></select>
    <button id="recreate" type="button">in environment&#x2026;</button>
    <button id="refresh" type="button" class="secondary" title="Read tags and history again">Refresh</button>
  </div>
  <div class="filters">
    <label for="filter-environment">Environment</label>
    <select id="filter-environment"></select>
    <label for="filter-component">Component</label>
    <select id="filter-component"></select>
  </div>
  <p id="status" class="status" role="status" aria-live="polite"></p>
</header>
<main>
  <section aria-labelledby="moment-heading">
    <h2 id="moment-heading">State at the moment</h2>
    <p id="moment-summary" class="summary"></p>
    <div class="find">
      <label for="moment-filter">Filter</label>
      <input id="moment-filter" type="search" placeholder="component, environment, version or who" autocomplete="off" spellcheck="false">
    </div>
    <table id="moment-table" class="moment">
      <thead><tr><th>Component</th><th>Environment</th><th>Then</th><th>Evidence</th><th>Details</th><th>Now</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
      <tbody></tbody>
    </table>
  </section>
  <section aria-labelledby="timeline-heading">
    <h2 id="timeline-heading">Timelines</h2>
    <div class="zoom">
      <button id="zoom-in" type="button" class="secondary small" title="Zoom in around the moment">Zoom in</button>
      <button id="zoom-out" type="button" class="secondary small">Zoom out</button>
      <button id="zoom-fit" type="button" class="secondary small" title="The whole history">Fit</button>
      <span id="zoom-range" class="summary"></span>
    </div>
    <div class="legend" aria-label="Legend">
      <span class="swatch evidence-recorded"></span>recorded
      <span class="swatch evidence-observed"></span>observed
      <span class="swatch evidence-unchanged-since"></span>unchanged since (tag date)
      <span class="swatch evidence-unknown"></span>unknown
      <span class="swatch absent"></span>absent
    </div>
    <div id="axis" class="axis" aria-hidden="true"></div>
    <div id="timelines" class="timelines"></div>
  </section>
  <section aria-labelledby="events-heading">
    <h2 id="events-heading">Events, newest first</h2>
    <p id="events-summary" class="summary"></p>
    <table id="events-table" class="events">
      <thead><tr><th>When</th><th>Component</th><th>Environment</th><th>Move</th><th>Who</th><th>Why</th><th>Kind</th></tr></thead>
      <tbody></tbody>
    </table>
  </section>
</main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
