// Packaging without the Electron binary: the afterPack hook sets every fuse in a stand-in
// binary carrying Electron's fuse wire (loaded the way electron-builder loads it), the
// builder configuration names the targets, the hook and the icons, the icons are the ones
// scripts/make-icons.ts draws, and the npm scripts that run TypeScript (electron-builder
// loading the hook among them) work on every Node that package.json's engines allows.
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electronBinaryPath, fuseConfig, fusesNotSet, LOTWISE_FUSES, type PackContext } from '../../../build/after-pack.ts';
import { ICON_SIZES, ICONS_DIR, iconPng } from '../../../scripts/make-icons.ts';
import { tempDir, type TempDir } from '../../support/temp-ledger.ts';

const repoRoot = resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** A file with Electron 45's fuse wire (version 1, eight fuses) at Electron's defaults, or with the fuses given. */
function fakeElectron(path: string, fuses = '10110001'): void {
  const wire = Buffer.concat([Buffer.from(SENTINEL), Buffer.from([1, fuses.length]), Buffer.from(fuses)]);
  writeFileSync(path, Buffer.concat([Buffer.from('\x7fELF not really'), Buffer.alloc(256), wire, Buffer.alloc(256)]));
  chmodSync(path, 0o755);
}

function linuxContext(appOutDir: string): PackContext {
  return { appOutDir, electronPlatformName: 'linux', arch: 1, packager: { appInfo: { productFilename: 'Lotwise' }, executableName: 'lotwise' } };
}

let dir: TempDir;

beforeEach(() => {
  dir = tempDir('lotwise-pack-test-');
});

afterEach(() => {
  dir.remove();
});

describe('the afterPack hook', () => {
  it('is loadable the way electron-builder loads it, and sets every fuse in the packed binary', async () => {
    // electron-builder require()s the configured path first; Node strips the types.
    const hook = (require(join(repoRoot, 'build/after-pack.ts')) as { default: (context: PackContext) => Promise<void> }).default;
    const context = linuxContext(dir.path);
    fakeElectron(electronBinaryPath(context));
    expect(await fusesNotSet(electronBinaryPath(context))).not.toEqual([]);

    await hook(context);

    expect(await fusesNotSet(electronBinaryPath(context))).toEqual([]);
    const wire = readFileSync(electronBinaryPath(context));
    const states = wire.subarray(wire.indexOf(SENTINEL) + SENTINEL.length + 2, wire.indexOf(SENTINEL) + SENTINEL.length + 10).toString();
    // RunAsNode, CookieEncryption, NodeOptions, NodeCliInspect, EmbeddedAsarIntegrity, OnlyLoadAppFromAsar, V8 snapshot, FileProtocol
    expect(states).toBe('01001100');
  });

  it('fails the build when the binary has no fuse wire', async () => {
    const context = linuxContext(dir.path);
    writeFileSync(electronBinaryPath(context), 'not electron');
    const hook = (await import('../../../build/after-pack.ts')).default;
    await expect(hook(context)).rejects.toThrow(/sentinel/);
  });

  it('fails the build, leaving the binary as it was, when Electron has a fuse @electron/fuses does not know', async () => {
    const context = linuxContext(dir.path);
    // A ninth fuse at its default, as a future Electron could ship.
    fakeElectron(electronBinaryPath(context), '101100011');
    const before = readFileSync(electronBinaryPath(context));
    const hook = (await import('../../../build/after-pack.ts')).default;

    await expect(hook(context)).rejects.toThrow(/strictlyRequireAllFuses: The fuse wire in the Electron binary has 9 fuses/);
    expect(readFileSync(electronBinaryPath(context)).equals(before)).toBe(true);
  });

  it('decides every fuse: RunAsNode, NodeOptions, NodeCliInspect and file:// privileges off; cookies, asar-only and integrity on', () => {
    expect(Object.keys(LOTWISE_FUSES)).toHaveLength(8);
    expect(fuseConfig(linuxContext('/x'))).toMatchObject({ strictlyRequireAllFuses: true, 0: false, 1: true, 2: false, 3: false, 4: true, 5: true, 7: false });
  });

  it('finds the binary on each platform and re-signs ad hoc only on Apple silicon', () => {
    const packager = { appInfo: { productFilename: 'Lotwise' } };
    expect(electronBinaryPath({ appOutDir: '/o', electronPlatformName: 'darwin', arch: 3, packager })).toBe(join('/o', 'Lotwise.app'));
    expect(electronBinaryPath({ appOutDir: '/o', electronPlatformName: 'win32', arch: 1, packager })).toBe(join('/o', 'Lotwise.exe'));
    expect(electronBinaryPath({ appOutDir: '/o', electronPlatformName: 'linux', arch: 1, packager })).toBe(join('/o', 'lotwise'));
    expect(fuseConfig({ appOutDir: '/o', electronPlatformName: 'darwin', arch: 3, packager }).resetAdHocDarwinSignature).toBe(true);
    expect(fuseConfig({ appOutDir: '/o', electronPlatformName: 'darwin', arch: 1, packager }).resetAdHocDarwinSignature).toBe(false);
    expect(fuseConfig({ appOutDir: '/o', electronPlatformName: 'win32', arch: 1, packager }).resetAdHocDarwinSignature).toBe(false);
  });
});

describe('electron-builder.yml', () => {
  // Parsed with the YAML reader electron-builder itself uses.
  const yaml = createRequire(require.resolve('app-builder-lib/package.json'))('js-yaml') as { load(text: string): unknown };
  const config = yaml.load(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8')) as Record<string, Record<string, unknown>> & { afterPack: string; icon: string };

  it('builds AppImage and deb, a hardened dmg, and NSIS, with the fuses hook', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.afterPack).toBe('./build/after-pack.ts');
  });

  it('points at icons and entitlements that exist', () => {
    for (const path of [config.icon, config.win?.icon, config.mac?.entitlements, config.mac?.entitlementsInherit]) {
      expect(() => readFileSync(join(repoRoot, String(path))), String(path)).not.toThrow();
    }
    expect(config.linux?.icon).toBe('resources/icons');
    expect(readFileSync(join(repoRoot, 'build/entitlements.mac.plist'), 'utf8')).not.toMatch(/disable-library-validation|allow-unsigned-executable-memory/);
  });
});

describe('app icons', () => {
  it.each(ICON_SIZES.filter((size) => size <= 256))('%ipx is the PNG scripts/make-icons.ts draws', (size) => {
    const file = readFileSync(join(ICONS_DIR, `${size}x${size}.png`));
    expect(file.equals(iconPng(size))).toBe(true);
  });

  it.each(ICON_SIZES)('%ipx is a square RGBA PNG of that size', (size) => {
    const file = readFileSync(join(ICONS_DIR, `${size}x${size}.png`));
    expect(file.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(file.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect([file.readUInt32BE(16), file.readUInt32BE(20), file[24], file[25]]).toEqual([size, size, 8, 6]);
  });
});

describe('npm scripts', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { engines: { node: string }; scripts: Record<string, string> };
  // Node 22.12–22.17 strip types only with the flag; newer Node accepts it and strips anyway.
  const NODE_STRIPPING_TYPES = ['--experimental-strip-types', '--disable-warning=ExperimentalWarning'];

  it('start every TypeScript file, and electron-builder (which loads the TypeScript afterPack hook), with type stripping on', () => {
    expect(pkg.engines.node).toBe('>=22.12');
    const commands = Object.values(pkg.scripts).flatMap((script) => script.split('&&').map((command) => command.trim()));
    const runningTypeScript = commands.filter((command) => /\.ts\b|electron-builder/.test(command));
    expect(runningTypeScript.length).toBeGreaterThanOrEqual(11);
    for (const command of runningTypeScript) expect(command, command).toMatch(new RegExp(`^node ${NODE_STRIPPING_TYPES.join(' ')} `));
  });

  it('use flags this Node accepts without a word on stderr', () => {
    const script = dir.file('stripped.ts', "import type { PackContext } from './nowhere.ts';\nconst arch: PackContext['arch'] = 1;\nconsole.log(arch);\n");
    const run = spawnSync(process.execPath, [...NODE_STRIPPING_TYPES, script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('1\n');
    expect(run.status).toBe(0);
  });
});
