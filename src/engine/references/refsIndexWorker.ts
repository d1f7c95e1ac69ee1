import { parentPort } from 'node:worker_threads';
import { indexYamlText } from './referenceIndex';

/**
 * A worker thread of the first index (referenceIndex.ts): indexes the files it is sent (their
 * text read by the main thread) and sends back what each holds. Bundled as dist/refsIndexWorker.js,
 * beside the bundle that starts it.
 */
parentPort?.once('message', (items: readonly { file: string; text: string }[]) => {
  parentPort?.postMessage(items.map((i) => indexYamlText(i.file, i.text)));
});
