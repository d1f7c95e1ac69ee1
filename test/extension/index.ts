// Extension-host test entry point (the `extensionTestsPath` module): runs every
// out/test/extension/**/*.test.js with mocha's BDD interface inside VS Code, and rejects when a
// test fails. The same contract serves code-server (test/harness) and @vscode/test-electron.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import { ENV } from '../harness/testEnvironment';

const OUT_DIR = __dirname; // out/test/extension
const SOURCE_DIR = path.resolve(__dirname, '../../../test/extension');

/**
 * Compiled test files whose TypeScript source still exists: tsc never deletes what it emitted
 * before, so a removed or renamed test would otherwise keep running from out/.
 */
function findTestFiles(): string[] {
  const checkSources = fs.existsSync(SOURCE_DIR);
  const files: string[] = [];
  for (const file of fs.readdirSync(OUT_DIR, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.test.js')) continue;
    if (checkSources && !fs.existsSync(path.join(SOURCE_DIR, file.replace(/\.js$/, '.ts')))) {
      console.warn(`skipping ${file}: its source test/extension/${file.replace(/\.js$/, '.ts')} is gone`);
      continue;
    }
    files.push(path.join(OUT_DIR, file));
  }
  return files.sort();
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 60_000,
    color: process.env.CI ? false : true,
    grep: process.env[ENV.grep] || undefined,
  });
  const files = findTestFiles();
  files.forEach((file) => mocha.addFile(file));
  return new Promise((resolve, reject) => {
    if (files.length === 0) {
      reject(new Error(`no *.test.js under ${OUT_DIR}: run npm run compile-tests`));
      return;
    }
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
