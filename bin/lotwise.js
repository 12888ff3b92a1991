#!/usr/bin/env node
// The `lotwise` command. The CLI is TypeScript run by Node's own type stripping, so no
// build step stands between a clone and a working command. Node 22.12–22.17 need a flag
// for that; newer Node has it on by default.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import module from 'node:module';

if (process.features.typescript) {
  module.enableCompileCache?.();
  await import('../electron/cli/main.ts');
} else {
  const self = fileURLToPath(import.meta.url);
  const result = spawnSync(process.execPath, ['--experimental-strip-types', '--no-warnings', self, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(result.status ?? 1);
}
