// Worker thread entry for imports of large files: runs encodeFile and posts its messages
// to the thread that owns the ledger, so parsing and writing use two cores at once.
import { parentPort, workerData } from 'node:worker_threads';
import { encodeFile } from './encode-file.ts';
import { MAX_BATCHES_IN_FLIGHT, type ParseWorkerData, type WorkerMessage } from './parse-worker-protocol.ts';

const { path, format, inFlight: inFlightBuffer } = workerData as ParseWorkerData;
const inFlight = new Int32Array(inFlightBuffer);
const port = parentPort!;

await encodeFile(
  path,
  format,
  (message: WorkerMessage) => port.postMessage(message),
  () => {
    // Wait while the ledger thread is behind, so a large file never piles up in memory.
    for (let pending = Atomics.load(inFlight, 0); pending >= MAX_BATCHES_IN_FLIGHT; pending = Atomics.load(inFlight, 0)) {
      Atomics.wait(inFlight, 0, pending, 1000);
    }
    Atomics.add(inFlight, 0, 1);
  },
);
