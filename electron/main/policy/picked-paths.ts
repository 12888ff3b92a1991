// The only paths core is asked to read or write on the renderer's behalf: those the user
// picked in main's dialogs during this session. Without this a compromised page could have
// core preview any file it names (~/.ssh/id_rsa, the key vault) or write exports anywhere.
import type { CoreCallName } from '../../../shared/api.ts';

export type PickedKind = 'file' | 'folder';

/** The calls that carry a path, and which of their fields holds it. */
const PATH_FIELDS: Partial<Record<CoreCallName, { field: string; kind: PickedKind }>> = {
  'imports.preview': { field: 'path', kind: 'file' },
  'imports.file': { field: 'path', kind: 'file' },
  'exports.write': { field: 'folder', kind: 'folder' },
};

export interface PickedPaths {
  remember(kind: PickedKind, path: string): void;
  /** Why the call must not reach core, or null when it may. */
  refusal(name: CoreCallName, request: unknown): string | null;
}

export function createPickedPaths(): PickedPaths {
  const picked: Record<PickedKind, Set<string>> = { file: new Set(), folder: new Set() };
  return {
    remember(kind, path) {
      picked[kind].add(path);
    },
    refusal(name, request) {
      const rule = PATH_FIELDS[name];
      if (!rule || typeof request !== 'object' || request === null) return null;
      const path = (request as Record<string, unknown>)[rule.field];
      // Not a string: core's own schema refuses the request, with a better message.
      if (typeof path !== 'string' || picked[rule.kind].has(path)) return null;
      return rule.kind === 'file'
        ? 'Lotwise reads only files you choose with its Open button. Choose the file again.'
        : 'Lotwise writes only into a folder you choose with its Choose Folder button. Choose the folder again.';
    },
  };
}
