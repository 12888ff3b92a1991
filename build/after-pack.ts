// electron-builder's afterPack hook: sets Electron's fuses in the packed binary, before it
// is signed. Fuses are switches compiled into Electron that no argument or environment
// variable can turn back on, so a packaged Lotwise cannot be started as a plain Node
// (RunAsNode, NODE_OPTIONS, --inspect), loads its code only from an app.asar whose hash is
// checked, encrypts its cookies, and gives file:// no extra privileges. A fuse newer than
// @electron/fuses knows fails the build (strictlyRequireAllFuses) instead of keeping its
// default unseen, and the wire is read back afterwards: a fuse that did not take fails the
// build rather than ship unnoticed.
//
// electron-builder loads this file in its own process (require, then import): on Node
// 22.12–22.17 that works only with --experimental-strip-types, which `npm run dist` passes.
import { join } from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion, getCurrentFuseWire, type FuseV1Config } from '@electron/fuses';

/** The fuses Lotwise sets; every one of @electron/fuses' V1 options is decided. */
export const LOTWISE_FUSES = {
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
} as const satisfies Record<FuseV1Options, boolean>;

/** The part of electron-builder's AfterPackContext this hook reads. */
export interface PackContext {
  appOutDir: string;
  electronPlatformName: string;
  /** electron-builder's Arch enum: 1 is x64, 3 is arm64, 4 universal. */
  arch: number;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}

const ARM64 = 3;
const UNIVERSAL = 4;

/** The Electron binary (a .app bundle on macOS) inside the packed output. */
export function electronBinaryPath(context: PackContext): string {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    case 'linux':
      return join(appOutDir, packager.executableName ?? packager.appInfo.productFilename.toLowerCase());
    default:
      throw new Error(`afterPack: no fuses for platform "${electronPlatformName}".`);
  }
}

export function fuseConfig(context: PackContext): FuseV1Config {
  return {
    version: FuseVersion.V1,
    // Flipping a fuse breaks the ad-hoc signature arm64 macOS requires; electron-builder
    // signs properly afterwards when a certificate is configured.
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && (context.arch === ARM64 || context.arch === UNIVERSAL),
    // An Electron upgrade can add a fuse; it must be decided here, and @electron/fuses
    // updated to name it, before Lotwise packs again.
    strictlyRequireAllFuses: true,
    ...LOTWISE_FUSES,
  };
}

/** Fuses whose state in the binary is not what LOTWISE_FUSES asks for. */
export async function fusesNotSet(binary: string): Promise<string[]> {
  const wire = (await getCurrentFuseWire(binary)) as unknown as Record<string, number>;
  const ENABLED = '1'.charCodeAt(0);
  const DISABLED = '0'.charCodeAt(0);
  return Object.entries(LOTWISE_FUSES)
    .filter(([index, enabled]) => wire[index] !== (enabled ? ENABLED : DISABLED))
    .map(([index]) => FuseV1Options[Number(index)] ?? index);
}

export default async function afterPack(context: PackContext): Promise<void> {
  const binary = electronBinaryPath(context);
  await flipFuses(binary, fuseConfig(context));
  const wrong = await fusesNotSet(binary);
  if (wrong.length > 0) throw new Error(`afterPack: these fuses did not take in ${binary}: ${wrong.join(', ')}.`);
  console.log(`  • fuses set in ${binary}`);
}
