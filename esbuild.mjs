// Bundles the extension (vscode stays external), the edgit-deploy CLI and the webview pages (for the browser).
// --production (run by vscode:prepublish before packaging): minified, no source maps, into a
// dist/ emptied first, so the .vsix holds only what this build wrote.
import { rmSync } from 'node:fs';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  sourcesContent: !production,
  minify: production,
  logLevel: 'info',
  // yaml's own build without Node's `process`: its Node build reads process.env.LOG_TOKENS for
  // every token it parses, a third of the time of indexing references (the same code otherwise).
  alias: { yaml: './node_modules/yaml/browser/index.js' },
};

const builds = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // The CLI: a small entry (the bin, which may answer from the cache) and the program it loads.
  { ...common, entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // `edgit-deploy mcp`'s server and the MCP SDK, loaded by that command only (src/cli/commands/mcp.ts).
  { ...common, entryPoints: ['src/cli/mcp/mcpServer.ts'], outfile: 'dist/mcpServer.js' },
  // The worker threads of the first index of component references (src/engine/references/referenceIndex.ts), beside the bundles that start them.
  { ...common, entryPoints: ['src/engine/references/refsIndexWorker.ts'], outfile: 'dist/refsIndexWorker.js' },
  { ...common, platform: 'browser', format: 'iife', target: 'es2020', entryPoints: ['src/webview/timeline/main.ts'], outfile: 'dist/webview/timeline.js' },
];

if (production) rmSync('dist', { recursive: true, force: true });

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
