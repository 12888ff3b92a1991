// The IPC channel names main and the preload agree on. The renderer never sees them: it
// only knows the contract names in shared/api.ts.
import type { EventName } from '../../shared/api.ts';

export const INVOKE_CHANNEL = 'lotwise:invoke';

export function eventChannel(name: EventName): string {
  return `lotwise:event:${name}`;
}
