// Delivers a file's encoded rows to an import: through a worker thread for large files
// (parse-worker.ts), on this thread for small ones. Either way the handlers see the same
// messages in the same order.
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { FormatId } from './csv-format.ts';
import { encodeFile } from './encode-file.ts';
import { FileReadError, type FileProblem } from './parse-file.ts';
import { MAX_BATCHES_IN_FLIGHT, SLOT_BYTES, type ParseWorkerData, type WorkerMessage } from './parse-worker-protocol.ts';

/** Files at least this large are parsed on a worker thread. */
export const WORKER_THRESHOLD_BYTES = 2 * 1024 * 1024;

/** The parse worker's young generation (see readInWorker). */
const YOUNG_GENERATION_MB = 24;

export interface EncodedRowHandlers {
  onFormat(format: FormatId, header: readonly string[]): void;
  /**
   * A chunk of rows as JSON text (see bulk-insert.ts), as a string or as UTF-8 bytes that
   * are only valid until this call returns.
   */
  onRows(json: string | Uint8Array, count: number): void;
  onProblem(problem: FileProblem): void;
  onProgress?: (rows: number) => void;
}

export interface ReadOutcome {
  rows: number;
  format: FormatId | null;
  /** SHA-256 (hex) of the bytes read; null when the file was not read to its end. */
  fileSha256: string | null;
}

export function readEncodedRows(
  path: string,
  format: FormatId | 'auto',
  handlers: EncodedRowHandlers,
  options: { worker?: boolean } = {},
): Promise<ReadOutcome> {
  const useWorker = options.worker ?? fileSize(path) >= WORKER_THRESHOLD_BYTES;
  return useWorker ? readInWorker(path, format, handlers) : readHere(path, format, handlers);
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // parseFile throws a FileReadError that says what is wrong with the file
  }
}

/** Hands one message to the handlers; returns the outcome once the file is done. */
function deliver(message: WorkerMessage, handlers: EncodedRowHandlers, path: string, slots?: SharedArrayBuffer): ReadOutcome | null {
  switch (message.kind) {
    case 'format':
      handlers.onFormat(message.format, message.header);
      return null;
    case 'rows':
      handlers.onRows(message.json, message.count);
      return null;
    case 'shared-rows':
      handlers.onRows(new Uint8Array(slots!, message.slot * SLOT_BYTES, message.bytes), message.count);
      return null;
    case 'problem':
      handlers.onProblem(message.problem);
      return null;
    case 'progress':
      handlers.onProgress?.(message.rows);
      return null;
    case 'done':
      return { rows: message.rows, format: message.format, fileSha256: message.fileSha256 };
    case 'crash':
      // Across a worker an error arrives as text: a file that could not be read is still one.
      if (message.unreadable) throw new FileReadError(message.message);
      throw new Error(`Reading ${path} failed: ${message.message}`);
  }
}

async function readHere(path: string, format: FormatId | 'auto', handlers: EncodedRowHandlers): Promise<ReadOutcome> {
  let outcome: ReadOutcome | null = null;
  let failure: unknown = null;
  await encodeFile(path, format, (message) => {
    if (failure !== null) return;
    try {
      outcome = deliver(message, handlers, path) ?? outcome;
    } catch (error) {
      failure = error;
    }
  });
  if (failure !== null) throw failure;
  return outcome ?? { rows: 0, format: null, fileSha256: null };
}

/**
 * The worker script: the TypeScript source when core runs from source (CLI, tests), the
 * bundled sibling file when core runs from the Electron build.
 */
function workerScript(): URL {
  const fromSource = import.meta.url.endsWith('.ts');
  return new URL(fromSource ? './parse-worker.ts' : './parse-worker.js', import.meta.url);
}

function readInWorker(path: string, format: FormatId | 'auto', handlers: EncodedRowHandlers): Promise<ReadOutcome> {
  const inFlight = new SharedArrayBuffer(4);
  const counter = new Int32Array(inFlight);
  const slots = new SharedArrayBuffer(MAX_BATCHES_IN_FLIGHT * SLOT_BYTES);
  const data: ParseWorkerData = { path, format, inFlight, slots };
  // The parser makes a few short-lived objects per row. With a young generation of this
  // size it took about 10% less time and 80 MB less memory than with V8's default, which
  // is sized from the machine's memory.
  const worker = new Worker(workerScript(), { workerData: data, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });

  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error: unknown, outcome?: ReadOutcome) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      if (error) reject(error as Error);
      else resolve(outcome!);
    };
    worker.on('message', (message: WorkerMessage) => {
      try {
        const outcome = deliver(message, handlers, path, slots);
        if (message.kind === 'rows' || message.kind === 'shared-rows') {
          Atomics.sub(counter, 0, 1);
          Atomics.notify(counter, 0);
        }
        if (outcome) settle(null, outcome);
      } catch (error) {
        settle(error);
      }
    });
    worker.on('error', (error) => settle(error));
    worker.on('exit', (code) => settle(new Error(`The import reader stopped unexpectedly (exit code ${code}).`)));
  });
}
