// Checks the .vsix that `vsce package` built (run at the end of `npm run package`): it holds the
// manifest, the bundles, the media the manifest names, README, CHANGELOG and LICENSE, and nothing
// of the sources, tests, tools or node_modules; the bundles load nothing from node_modules (the
// CLI is run from a folder without any); the package stays within its size budget.
// Reads the zip's central directory itself, so it needs no unzip tool.
//   node scripts/verify-package.mjs [path/to/x.vsix]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const BUDGET_BYTES = 500 * 1024;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsixPath = process.argv[2] ?? join(root, `${manifest.name}-${manifest.version}.vsix`);

const problems = [];
const fail = (message) => problems.push(message);

// ---- the zip's entries -------------------------------------------------------------------------

/** Every entry of a zip file: name, sizes, and a way to read its bytes. */
function zipEntries(bytes) {
  const EOCD = 0x06054b50;
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory record)');
  const count = bytes.readUInt16LE(eocd + 10);
  let at = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || at === 0xffffffff) throw new Error('zip64 archives are not expected for a .vsix');
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (bytes.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry ${n}`);
    const method = bytes.readUInt16LE(at + 10);
    const compressedSize = bytes.readUInt32LE(at + 20);
    const size = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const localHeader = bytes.readUInt32LE(at + 42);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    entries.push({
      name,
      size,
      compressedSize,
      read() {
        const start = localHeader + 30 + bytes.readUInt16LE(localHeader + 26) + bytes.readUInt16LE(localHeader + 28);
        const data = bytes.subarray(start, start + compressedSize);
        if (method === 0) return Buffer.from(data);
        if (method === 8) return inflateRawSync(data);
        throw new Error(`${name}: unsupported compression method ${method}`);
      },
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

let bytes;
try {
  bytes = readFileSync(vsixPath);
} catch {
  console.error(`verify-package: ${vsixPath} not found. Build it with: npm run package`);
  process.exit(1);
}
const entries = zipEntries(bytes);
const PREFIX = 'extension/';
/** Paths inside the extension folder, as they are installed. */
const files = new Map(entries.filter((e) => e.name.startsWith(PREFIX)).map((e) => [e.name.slice(PREFIX.length), e]));

// ---- nothing that should stay out --------------------------------------------------------------

const FORBIDDEN = [
  [/(^|\/)node_modules\//, 'node_modules (the bundles must hold every dependency)'],
  [/^(src|test|bench|scripts|docs|out|\.vscode-test|\.ci|\.git)\//, 'a development folder'],
  [/\.ts$/, 'TypeScript (sources and declarations stay out)'],
  [/\.map$/, 'a source map'],
  [/\.vsix$/, 'another package'],
];
const ALLOWED_TOP = /^(package\.json|readme\.md|changelog\.md|license(\.txt|\.md)?|dist\/.+|media\/.+)$/i;
for (const name of files.keys()) {
  const reason = FORBIDDEN.find(([pattern]) => pattern.test(name))?.[1];
  if (reason) fail(`extension/${name} must not be packaged: ${reason}. Leave it out in .vscodeignore.`);
  else if (!ALLOWED_TOP.test(name)) fail(`extension/${name} is not expected in the package (only package.json, README, CHANGELOG, LICENSE, dist/, media/). Leave it out in .vscodeignore.`);
}
for (const e of entries) {
  if (!e.name.startsWith(PREFIX) && !['extension.vsixmanifest', '[Content_Types].xml'].includes(e.name)) fail(`${e.name}: unexpected entry outside extension/`);
}

// ---- everything that must be there -------------------------------------------------------------

// The manifest as packaged (what VS Code reads once installed); the working copy's if it is unreadable.
let packaged = manifest;
try {
  packaged = JSON.parse(files.get('package.json')?.read().toString('utf8') ?? '');
} catch {
  fail('extension/package.json is missing or not JSON.');
}
const has = (name) => files.has(name) || [...files.keys()].some((k) => k.toLowerCase() === name.toLowerCase());
const required = new Map([
  ['package.json', 'the manifest'],
  ['readme.md', 'the README'],
  ['changelog.md', 'the CHANGELOG'],
]);
const relative = (p) => p.replace(/^\.\//, '');
if (packaged.main) required.set(relative(packaged.main), 'the extension bundle, package.json "main"');
for (const [command, bin] of Object.entries(packaged.bin ?? {})) required.set(relative(bin), `the ${command} CLI bundle, package.json "bin"`);
if (packaged.icon) required.set(relative(packaged.icon), 'the Marketplace icon, package.json "icon"');
else fail('package.json has no "icon" (the Marketplace needs a 128×128 PNG).');
const contributes = packaged.contributes ?? {};
for (const list of [...Object.values(contributes.viewsContainers ?? {}), ...Object.values(contributes.views ?? {})]) {
  for (const item of list) {
    if (typeof item.icon === 'string' && !item.icon.startsWith('$(')) required.set(relative(item.icon), `the icon of ${item.id}`);
  }
}
for (const [name, what] of required) if (!has(name)) fail(`extension/${name} is missing (${what}).`);
const icon = packaged.icon && files.get(relative(packaged.icon));
if (icon) {
  const png = icon.read();
  const isPng = png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if (!isPng || png.readUInt32BE(16) !== 128 || png.readUInt32BE(20) !== 128) fail(`extension/${relative(packaged.icon)} must be a 128×128 PNG (npm run icon renders it from media/edgit.svg).`);
}
if (!['LICENSE', 'LICENSE.txt', 'LICENSE.md'].some(has)) fail('extension/LICENSE is missing (the MIT license).');
for (const bundle of ['dist/extension.js', 'dist/cli.js']) if (!has(bundle)) fail(`${bundle} must be packaged (the extension and the CLI).`);

// ---- the bundles load nothing from node_modules ------------------------------------------------

const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const scratch = mkdtempSync(join(tmpdir(), 'edgit-verify-package-'));
try {
  for (const [name, entry] of files) {
    if (!/^dist\/.+\.js$/.test(name)) continue;
    const text = entry.read().toString('utf8');
    if (/\/\/# sourceMappingURL=/.test(text)) fail(`extension/${name} points to a source map: build with --production.`);
    // A require call, not a string holding one (ajv, in the MCP server's bundle, writes `require("ajv/dist/runtime/equal")` into code it generates only for standalone use).
    const external = new Set([...text.matchAll(/(?<![\w$.'"`])require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]));
    for (const id of external) {
      if (builtins.has(id) || (id === 'vscode' && name === relative(packaged.main ?? 'dist/extension.js'))) continue;
      fail(`extension/${name} requires "${id}", which is not bundled and would need node_modules.`);
    }
  }
  // The CLI, run from a folder without node_modules, reads a real (empty) repository.
  const cli = files.get('dist/cli.js');
  if (cli) {
    const cliPath = join(scratch, 'cli.js');
    writeFileSync(cliPath, cli.read());
    const repo = join(scratch, 'repo');
    execFileSync('git', ['init', '-q', repo]);
    const status = () => spawnSync(process.execPath, [cliPath, 'status', '--json', '--repo', repo], { cwd: scratch, encoding: 'utf8', env: { ...process.env, NODE_PATH: '' } });
    // Twice: computed, then printed as kept.
    const run = status();
    const again = status();
    if (again.status !== 0 || again.stdout !== run.stdout) fail(`the packaged dist/cli.js printed another answer the second time (exit ${again.status}): ${(again.stderr || again.stdout).trim().slice(0, 500)}`);
    let components;
    try {
      components = JSON.parse(run.stdout).components;
    } catch {
      components = undefined;
    }
    if (run.status !== 0 || !Array.isArray(components)) {
      fail(`the packaged dist/cli.js does not run on its own (exit ${run.status}): ${(run.stderr || run.stdout).trim().slice(0, 500)}`);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

// ---- report ------------------------------------------------------------------------------------

const size = statSync(vsixPath).size;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`${basename(vsixPath)}: ${entries.length} entries, ${kb(size)} (budget ${kb(BUDGET_BYTES)})`);
for (const e of entries) console.log(`  ${kb(e.size).padStart(9)}  ${e.name}`);
if (size > BUDGET_BYTES) fail(`the package is ${kb(size)}, over its ${kb(BUDGET_BYTES)} budget: find what grew (the list above), or raise BUDGET_BYTES in scripts/verify-package.mjs if that growth is intended.`);

if (problems.length) {
  console.error(`\nverify-package: ${problems.length} problem(s) in ${basename(vsixPath)}:`);
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}
console.log('verify-package: the package holds exactly what it should.');
