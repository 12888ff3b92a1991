// Runs parse-worker.ts for one file and hands its messages to the import, one batch of
// encoded rows at a time, releasing the worker's flow-control counter as each is written.
import { Worker } from 'node:worker_threads';
import type { DraftValue } from '../ledger/transactions.ts';
import type { FormatId } from './csv-format.ts';
import type { FileProblem } from './parse-file.ts';
import type { ParseWorkerData, WorkerMessage } from './parse-worker-protocol.ts';

export interface WorkerParseHandlers {
  onFormat(format: FormatId, header: readonly string[]): void;
  onRows(values: readonly DraftValue[], count: number): void;
  onProblem(problem: FileProblem): void;
  onProgress?: (rows: number) => void;
}

/**
 * The worker script: the TypeScript source when core runs from source (CLI, tests), the
 * bundled sibling file when core runs from the Electron build.
 */
function workerScript(): URL {
  const fromSource = import.meta.url.endsWith('.ts');
  return new URL(fromSource ? './parse-worker.ts' : './parse-worker.js', import.meta.url);
}

export function parseInWorker(
  path: string,
  format: FormatId | 'auto',
  handlers: WorkerParseHandlers,
): Promise<{ rows: number; format: FormatId | null }> {
  const inFlight = new SharedArrayBuffer(4);
  const counter = new Int32Array(inFlight);
  const data: ParseWorkerData = { path, format, inFlight };
  const worker = new Worker(workerScript(), { workerData: data });

  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | null, value?: { rows: number; format: FormatId | null }) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (error) reject(error);
      else resolve(value!);
    };
    worker.on('message', (message: WorkerMessage) => {
      try {
        switch (message.kind) {
          case 'format':
            handlers.onFormat(message.format, message.header);
            break;
          case 'rows':
            handlers.onRows(message.values, message.count);
            Atomics.sub(counter, 0, 1);
            Atomics.notify(counter, 0);
            break;
          case 'problem':
            handlers.onProblem(message.problem);
            break;
          case 'progress':
            handlers.onProgress?.(message.rows);
            break;
          case 'done':
            finish(null, { rows: message.rows, format: message.format });
            break;
          case 'crash':
            finish(new Error(`Reading ${path} failed: ${message.message}`));
            break;
        }
      } catch (error) {
        finish(error as Error);
      }
    });
    worker.on('error', (error) => finish(error));
    worker.on('exit', (code) => finish(new Error(`The import reader stopped unexpectedly (exit code ${code}).`)));
  });
}
