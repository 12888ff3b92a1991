// Entry point of the core process: Electron's main process starts this file with
// `utilityProcess.fork`, and it serves the contract over `process.parentPort`. Core stays
// Electron-free: the parent port is simply a property Electron puts on `process`.
import { serveCore, type CorePort } from './serve-core.ts';

const { parentPort } = process as NodeJS.Process & { parentPort?: CorePort };

if (parentPort) {
  serveCore(parentPort, { onClosed: () => process.exit(0) });
} else {
  console.error('This is the Lotwise core process; Lotwise starts it. Use `lotwise` for the command line.');
  process.exitCode = 1;
}
