// Messages from encodeFile (encode-file.ts) to an import, whether they cross from the
// parse worker (parse-worker.ts) or stay on one thread.
import type { FormatId } from './csv-format.ts';
import type { FileProblem } from './parse-file.ts';

export interface ParseWorkerData {
  path: string;
  format: FormatId | 'auto';
  /** Int32 counter of batches posted and not yet written: the worker waits above a limit. */
  inFlight: SharedArrayBuffer;
  /**
   * MAX_BATCHES_IN_FLIGHT slots of SLOT_BYTES: batch n travels as UTF-8 JSON text in slot
   * n % MAX_BATCHES_IN_FLIGHT, which is free again once fewer than that many are in
   * flight. Text in shared memory is neither copied into a message nor made into a
   * string on the ledger thread, which binds the bytes as they are.
   */
  slots: SharedArrayBuffer;
}

export type WorkerMessage =
  | { kind: 'format'; format: FormatId; header: string[] }
  | { kind: 'rows'; json: string; count: number }
  /** A batch in a shared slot (see ParseWorkerData.slots). */
  | { kind: 'shared-rows'; slot: number; bytes: number; count: number }
  | { kind: 'problem'; problem: FileProblem }
  | { kind: 'progress'; rows: number }
  | { kind: 'done'; rows: number; format: FormatId | null; fileSha256: string | null }
  /** Reading stopped; `unreadable` when the file itself could not be read (a FileReadError). */
  | { kind: 'crash'; message: string; unreadable: boolean };

/**
 * A batch's JSON (about 80 KB) stays under 128 KB, past which V8 and malloc serve each
 * string and buffer from freshly mapped memory: batches of 512 or 1024 rows were slower
 * to write, not faster.
 */
export const ROWS_PER_BATCH = 256;
export const MAX_BATCHES_IN_FLIGHT = 32;
/** Room for a batch of 256 rows of up to 1 KB of JSON each; a larger batch goes as a message. */
export const SLOT_BYTES = 256 * 1024;
