// Worker thread entry for imports of large files: runs encodeFile and posts its messages
// to the thread that owns the ledger, so parsing and writing use two cores at once.
import { parentPort, workerData } from 'node:worker_threads';
import { encodeFile } from './encode-file.ts';
import { MAX_BATCHES_IN_FLIGHT, SLOT_BYTES, type ParseWorkerData, type WorkerMessage } from './parse-worker-protocol.ts';

const { path, format, inFlight: inFlightBuffer, slots } = workerData as ParseWorkerData;
const inFlight = new Int32Array(inFlightBuffer);
const slotBytes = Buffer.from(slots);
const port = parentPort!;
let batches = 0;

/** Puts a batch's text in its shared slot when it fits there. */
function post(message: WorkerMessage): void {
  if (message.kind !== 'rows') {
    port.postMessage(message);
    return;
  }
  const slot = batches % MAX_BATCHES_IN_FLIGHT;
  batches += 1;
  const start = slot * SLOT_BYTES;
  // Three bytes a character at most: only a batch that might not fit is measured.
  const fits = message.json.length * 3 <= SLOT_BYTES || Buffer.byteLength(message.json) <= SLOT_BYTES;
  if (!fits) {
    port.postMessage(message);
    return;
  }
  const bytes = slotBytes.write(message.json, start, SLOT_BYTES, 'utf8');
  port.postMessage({ kind: 'shared-rows', slot, bytes, count: message.count } satisfies WorkerMessage);
}

await encodeFile(
  path,
  format,
  post,
  () => {
    // Wait while the ledger thread is behind, so a large file never piles up in memory.
    for (let pending = Atomics.load(inFlight, 0); pending >= MAX_BATCHES_IN_FLIGHT; pending = Atomics.load(inFlight, 0)) {
      Atomics.wait(inFlight, 0, pending, 1000);
    }
    Atomics.add(inFlight, 0, 1);
  },
);
