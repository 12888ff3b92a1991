// The only bridge between the sandboxed renderer and the rest of Lotwise: window.lotwise
// with `invoke` and `on`, for the contract's names only. ipcRenderer itself is never
// exposed, so page script cannot reach any other channel.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { CALL_NAMES, EVENT_NAMES, type CallName, type EventName, type LotwiseBridge } from '../../shared/api.ts';
import { DROP_CHANNEL, eventChannel, INVOKE_CHANNEL } from '../main/ipc-channels.ts';

const bridge: LotwiseBridge = {
  invoke(name, request) {
    if (!(CALL_NAMES as readonly string[]).includes(name)) {
      return Promise.resolve({ ok: false, error: { code: 'not-found', message: `Lotwise has no call named "${String(name)}".` } });
    }
    return ipcRenderer.invoke(INVOKE_CHANNEL, name satisfies CallName, request);
  },
  on(name, listener) {
    if (!(EVENT_NAMES as readonly string[]).includes(name)) {
      throw new Error(`Lotwise has no event named "${String(name)}".`);
    }
    const channel = eventChannel(name satisfies EventName);
    // Only the payload crosses over: the IPC event object would leak `sender`.
    const forward = (_event: IpcRendererEvent, payload: Parameters<typeof listener>[0]) => listener(payload);
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
};

contextBridge.exposeInMainWorld('lotwise', bridge);

// A dropped file's path is visible only here (the page's File has none since Electron 32).
// Only trusted drops count: a script-made DragEvent carries no file from disk anyway, and
// getPathForFile answers '' for a File built in memory. Main checks the path again and
// tells the page through the files.dropped event.
/** The parts of the page's window and drop event used here (this config has no DOM types). */
interface DropEventLike {
  isTrusted: boolean;
  dataTransfer: { files: ArrayLike<File> } | null;
}
const page = globalThis as unknown as { window: { addEventListener(type: 'drop', listener: (event: DropEventLike) => void, capture: boolean): void } };

page.window.addEventListener(
  'drop',
  (event) => {
    if (!event.isTrusted) return;
    for (const file of Array.from(event.dataTransfer?.files ?? [])) {
      const path = webUtils.getPathForFile(file);
      if (path !== '') ipcRenderer.send(DROP_CHANNEL, path);
    }
  },
  true,
);
