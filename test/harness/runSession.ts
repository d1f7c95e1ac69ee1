// What every runner that starts its own code-server needs around it: a log folder kept on
// failure, a throwaway data folder, cleanup steps run once (also on Ctrl-C / SIGTERM).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CleanupStack } from './cleanupStack';

export interface RunSession {
  /** Logs of this run: kept when it fails, removed by `discardLogs` when it passes. */
  readonly logDir: string;
  /** code-server's user data, extensions and browser home; removed at cleanup. */
  readonly dataDir: string;
  readonly cleanup: CleanupStack;
  /** True once a signal asked the run to stop: cleanup is running and the process exits after it. */
  readonly interrupted: boolean;
  /** Copies code-server's own logs (the extension host's included) into the log folder. */
  keepServerLogs(): void;
  /** Runs the cleanup steps and stops listening for signals. */
  finish(): Promise<void>;
  discardLogs(): void;
}

export function startRunSession(options: { logDir: string; dataPrefix: string; log: (message: string) => void }): RunSession {
  fs.mkdirSync(options.logDir, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), options.dataPrefix));
  const cleanup = new CleanupStack((error) => options.log(`cleanup: ${String(error)}`));
  cleanup.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    options.log(`received ${signal}, stopping`);
    interrupted = true;
    void cleanup.run().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    logDir: options.logDir,
    dataDir,
    cleanup,
    get interrupted() {
      return interrupted;
    },
    keepServerLogs() {
      const serverLogs = path.join(dataDir, 'user-data/logs');
      if (fs.existsSync(serverLogs)) fs.cpSync(serverLogs, path.join(options.logDir, 'server'), { recursive: true });
    },
    async finish() {
      await cleanup.run();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
    discardLogs() {
      fs.rmSync(options.logDir, { recursive: true, force: true });
    },
  };
}
