// The IPC channel names main and the preload agree on. The renderer never sees them: it
// only knows the contract names in shared/api.ts.
import type { EventName } from '../../shared/api.ts';

export const INVOKE_CHANNEL = 'lotwise:invoke';
/** Preload → main: the path of a file the user dropped on the window. */
export const DROP_CHANNEL = 'lotwise:dropped-file';

export function eventChannel(name: EventName): string {
  return `lotwise:event:${name}`;
}
