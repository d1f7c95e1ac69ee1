import { parentPort } from 'node:worker_threads';
import { indexFilesSync } from './referenceIndex';

/**
 * A worker thread of the first index (referenceIndex.ts): reads and indexes the files it is sent
 * (repository-relative, under `root`) and sends back what each holds. Bundled as
 * dist/refsIndexWorker.js, beside the bundle that starts it.
 */
parentPort?.once('message', ({ root, files }: { root: string; files: readonly string[] }) => {
  parentPort?.postMessage(indexFilesSync(root, files));
});
