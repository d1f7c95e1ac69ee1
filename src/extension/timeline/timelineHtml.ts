import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** The static assets of the page (its stylesheet). */
function mediaRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'media');
}

/** The page's script, bundled by esbuild from src/webview/timeline/. */
function webviewBundleRoot(extensionUri: vscode.Uri): vscode.Uri {
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

function contentSecurityPolicy(cspSource: string, nonce: string): string {
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
<header id="toolbar" class="toolbar" aria-label="Moment">
  <div class="toolbar-row">
    <h1 id="title">Deployment timeline</h1>
    <div class="actions">
      <button id="compare-now" type="button" title="Everything that changed since the moment, in the multi-file diff editor">Compare with now</button>
      <span class="field"><label for="recreate-source">Recreate</label> <select id="recreate-source" aria-label="Environment whose past state is recreated"></select> <button id="recreate" type="button" class="secondary">in environment&#x2026;</button></span>
      <button id="refresh" type="button" class="secondary" title="Read tags and history again">Refresh</button>
    </div>
  </div>
  <div class="toolbar-row moment-picker">
    <label for="moment-input">Moment</label>
    <input id="moment-input" type="text" inputmode="numeric" autocomplete="off" spellcheck="false" size="17" placeholder="2026-11-24 14:47" aria-describedby="moment-zone moment-hint">
    <span id="moment-zone" class="zone"></span>
    <button id="moment-now" type="button" class="secondary" title="Back to now">Now</button>
    <button id="moment-prev" type="button" class="secondary" title="The change before this moment" aria-label="Previous change">&#x25C0;</button>
    <button id="moment-next" type="button" class="secondary" title="The change after this moment" aria-label="Next change">&#x25B6;</button>
    <span id="moment-hint" class="hint" aria-live="polite"></span>
    <span class="spacer"></span>
    <span class="field"><label for="filter-environment">Environment</label> <select id="filter-environment"></select></span>
    <span class="field"><label for="filter-component">Component</label> <select id="filter-component"></select></span>
    <span class="field"><label for="moment-filter">Filter</label> <input id="moment-filter" type="search" placeholder="name, version, who" autocomplete="off" spellcheck="false"></span>
  </div>
  <p id="status" class="status" role="status" aria-live="polite"></p>
</header>
<main>
  <p id="moment-summary" class="summary moment-summary"></p>
  <p id="stale-notice" class="stale-notice" hidden><span id="stale-text"></span> <button id="stale-fetch" type="button" title="Fetch Environment Tags: bring the moves this clone has not fetched">Fetch</button></p>
  <section id="chart-section" aria-labelledby="timeline-heading">
    <div class="chart-head">
      <h2 id="timeline-heading">Timeline</h2>
      <div class="zoom" role="group" aria-label="Zoom around the moment">
        <button id="zoom-out" type="button" class="secondary small" title="Zoom out" aria-label="Zoom out">&#x2212;</button>
        <button id="zoom-in" type="button" class="secondary small" title="Zoom in around the moment" aria-label="Zoom in">+</button>
        <button type="button" class="secondary small preset" data-half-hours="1" title="One hour either side of the moment">&#xB1;1 h</button>
        <button type="button" class="secondary small preset" data-half-hours="3" title="Three hours either side of the moment">&#xB1;3 h</button>
        <button type="button" class="secondary small preset" data-half-hours="12" title="Twelve hours either side of the moment">&#xB1;12 h</button>
        <button type="button" class="secondary small preset" data-half-hours="72" title="Three days either side of the moment">&#xB1;3 d</button>
        <button id="zoom-fit" type="button" class="secondary small" title="The whole history">All</button>
        <span id="zoom-range" class="summary"></span>
      </div>
    </div>
    <div class="legend" aria-label="Legend">
      <span class="legend-item"><span class="swatch tone-0"></span><span class="swatch tone-1"></span><span class="swatch tone-2"></span>a colour per version</span>
      <span class="legend-item"><span class="swatch bad"></span>marked bad</span>
      <span class="legend-item" title="Moved by another tool (observed), or known from the tag's own date"><span class="swatch evidence-observed"></span>observed / tag date</span>
      <span class="legend-item"><span class="swatch evidence-unknown"></span>not known</span>
      <span class="legend-item"><span class="legend-move" aria-hidden="true"></span>move</span>
      <span class="legend-item"><span class="legend-move back" aria-hidden="true"></span>rollback</span>
      <span id="legend-receipts" class="legend-group" hidden><span class="legend-item" title="A deploy job reported the environment live at this position (edgit-deploy report-live)"><span class="legend-receipt" aria-hidden="true"></span>reported live</span><span class="legend-item" title="Until then caches may still serve the previous position (the receipt's --settles-in)"><span class="swatch settling"></span>caches settling</span></span>
      <span class="legend-item"><span class="legend-moment" aria-hidden="true"></span>the moment</span>
    </div>
    <div id="chart" class="chart">
      <div id="axis" class="axis" title="Click or drag to move the moment"></div>
      <div id="gridlines" class="gridlines" aria-hidden="true"></div>
      <div id="timelines" class="timelines"></div>
      <div id="moment-line" class="moment-line" aria-hidden="true"></div>
    </div>
  </section>
  <section aria-labelledby="moment-heading">
    <h2 id="moment-heading">State at the moment</h2>
    <table id="moment-table" class="moment" role="table">
      <thead><tr role="row"><th role="columnheader" class="component">Component</th><th role="columnheader" class="environment">Environment</th><th role="columnheader" class="then">Then</th><th role="columnheader" class="evidence">Evidence</th><th role="columnheader" class="details">Details</th><th role="columnheader" class="now">Now</th><th role="columnheader" class="open"><span class="visually-hidden">Actions</span></th></tr></thead>
      <tbody></tbody>
    </table>
  </section>
  <section aria-labelledby="events-heading">
    <h2 id="events-heading">Events, newest first</h2>
    <p id="events-summary" class="summary"></p>
    <table id="events-table" class="events">
      <thead><tr><th class="when">When</th><th class="component">Component</th><th class="environment">Environment</th><th class="move">Move</th><th class="who">Who</th><th class="why">Why</th><th class="kind">Kind</th></tr></thead>
      <tbody></tbody>
    </table>
  </section>
</main>
<div id="hovercard" class="hovercard" role="tooltip" hidden></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
