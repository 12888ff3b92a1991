// Messages from encodeFile (encode-file.ts) to an import, whether they cross from the
// parse worker (parse-worker.ts) or stay on one thread.
import type { FormatId } from './csv-format.ts';
import type { FileProblem } from './parse-file.ts';

export interface ParseWorkerData {
  path: string;
  format: FormatId | 'auto';
  /** Int32 counter of batches posted and not yet written: the worker waits above a limit. */
  inFlight: SharedArrayBuffer;
}

export type WorkerMessage =
  | { kind: 'format'; format: FormatId; header: string[] }
  | { kind: 'rows'; json: string; count: number }
  | { kind: 'problem'; problem: FileProblem }
  | { kind: 'progress'; rows: number }
  | { kind: 'done'; rows: number; format: FormatId | null; fileSha256: string | null }
  | { kind: 'crash'; message: string };

export const ROWS_PER_BATCH = 256;
export const MAX_BATCHES_IN_FLIGHT = 32;
