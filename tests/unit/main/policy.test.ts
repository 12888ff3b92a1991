// Main's security policy as pure functions: hardened window options and the application
// menu, which URLs count as Lotwise's own page, which frames may call it and which windows
// hear core's events, which links may open in the browser, which files app:// may serve,
// and the Content Security Policy.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { applicationMenuTemplate } from '../../../electron/main/policy/app-menu.ts';
import { resolveAppFile } from '../../../electron/main/policy/app-files.ts';
import { APP_ENTRY_URL, eventRecipients, isTrustedSender, isTrustedUrl, rendererEntryUrl } from '../../../electron/main/policy/app-origin.ts';
import {
  CONTENT_SECURITY_POLICY,
  META_CONTENT_SECURITY_POLICY,
} from '../../../electron/main/policy/content-security-policy.ts';
import { externalLinkTarget } from '../../../electron/main/policy/external-links.ts';
import { acceptDroppedFile } from '../../../electron/main/policy/dropped-files.ts';
import { mainWindowOptions, secureWebPreferences } from '../../../electron/main/policy/window-options.ts';

const repoRoot = resolve(import.meta.dirname, '../../..');

const installed = { preloadPath: '/app/out/preload/index.cjs', isPackaged: true };
const development = { preloadPath: '/app/out/preload/index.cjs', isPackaged: false };

describe('window options', () => {
  it('isolate and sandbox the renderer and keep Node out of it', () => {
    const preferences = secureWebPreferences(installed);
    expect(preferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
  });

  it('offer the developer tools only in a development build', () => {
    expect(secureWebPreferences(installed).devTools).toBe(false);
    expect(secureWebPreferences(development).devTools).toBe(true);
  });

  it('are what the main window is created with', () => {
    const options = mainWindowOptions(installed);
    expect(options.webPreferences).toEqual(secureWebPreferences(installed));
    expect(options.webPreferences?.devTools).toBe(false);
    expect(options.show).toBe(false);
  });
});

/** Every role in a menu template, submenus included. */
function menuRoles(template: MenuItemConstructorOptions[]): string[] {
  return template.flatMap((item) => [...(item.role ? [item.role] : []), ...(Array.isArray(item.submenu) ? menuRoles(item.submenu) : [])]);
}

function submenuRoles(template: MenuItemConstructorOptions[], label: string): string[] {
  const menu = template.find((item) => item.label === label);
  return Array.isArray(menu?.submenu) ? menuRoles(menu.submenu) : [];
}

describe('application menu', () => {
  const PLATFORMS = ['darwin', 'win32', 'linux'] as const;
  const DEVELOPER_ROLES = ['reload', 'forceReload', 'toggleDevTools'];

  it.each(PLATFORMS)('in the installed app on %s, offers no reload and no developer tools anywhere', (platform) => {
    const roles = menuRoles(applicationMenuTemplate({ appName: 'Lotwise', platform, isPackaged: true }));
    for (const role of DEVELOPER_ROLES) expect(roles, role).not.toContain(role);
  });

  it.each(PLATFORMS)('in a development build on %s, offers reload and the developer tools', (platform) => {
    const roles = submenuRoles(applicationMenuTemplate({ appName: 'Lotwise', platform, isPackaged: false }), 'View');
    expect(roles).toEqual(expect.arrayContaining(DEVELOPER_ROLES));
  });

  it.each(PLATFORMS)('on %s, keeps the text-editing commands, zoom, full screen and the window commands', (platform) => {
    const template = applicationMenuTemplate({ appName: 'Lotwise', platform, isPackaged: true });
    expect(submenuRoles(template, 'Edit')).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
    expect(submenuRoles(template, 'View')).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    expect(submenuRoles(template, 'Window')).toEqual(expect.arrayContaining(['minimize', 'close']));
  });

  it("quits from macOS's app menu, named after the app, and from File elsewhere", () => {
    const mac = applicationMenuTemplate({ appName: 'Lotwise', platform: 'darwin', isPackaged: true });
    expect(mac.map((item) => item.label)).toEqual(['Lotwise', 'Edit', 'View', 'Window']);
    expect(submenuRoles(mac, 'Lotwise')).toEqual(['about', 'services', 'hide', 'hideOthers', 'unhide', 'quit']);
    for (const platform of ['win32', 'linux'] as const) {
      const template = applicationMenuTemplate({ appName: 'Lotwise', platform, isPackaged: true });
      expect(template.map((item) => item.label)).toEqual(['File', 'Edit', 'View', 'Window']);
      expect(submenuRoles(template, 'File')).toEqual(['quit']);
    }
  });
});

describe('trusted origin', () => {
  it("accepts the app's own pages", () => {
    expect(isTrustedUrl('app://lotwise/index.html', APP_ENTRY_URL)).toBe(true);
    expect(isTrustedUrl('app://lotwise/assets/index.js?x=1#top', APP_ENTRY_URL)).toBe(true);
  });

  it.each([
    'file:///home/user/index.html',
    'http://evil.com/',
    'https://app.evil/',
    'https://lotwise/index.html',
    'app://lotwise.evil/index.html',
    'app://evil/index.html',
    'app://user@lotwise/index.html',
    'about:blank',
    // Where an iframe's navigation (will-frame-navigate) can head.
    'about:srcdoc',
    'chrome-error://chromewebdata/',
    'data:text/html,<p>hi</p>',
    'javascript:alert(document.domain)',
    'file:///etc/passwd',
    'https://exchange.com.evil.com/',
    'https://user@evil.com/',
    'app://lotwise@evil.com/index.html',
    'app://lotwise:80/index.html',
    'blob:app://lotwise/0b4f',
    'not a url',
    '',
    undefined,
  ])('refuses %s', (url) => {
    expect(isTrustedUrl(url, APP_ENTRY_URL)).toBe(false);
  });

  it('in development, trusts exactly the dev server', () => {
    const devEntry = 'http://localhost:5173/';
    expect(isTrustedUrl('http://localhost:5173/index.html', devEntry)).toBe(true);
    expect(isTrustedUrl('http://localhost:5174/', devEntry)).toBe(false);
    expect(isTrustedUrl('http://127.0.0.1:5173/', devEntry)).toBe(false);
    expect(isTrustedUrl('app://lotwise/index.html', devEntry)).toBe(false);
  });
});

describe('IPC sender', () => {
  it("accepts Lotwise's own top frame", () => {
    expect(isTrustedSender({ url: 'app://lotwise/index.html', parent: null }, APP_ENTRY_URL)).toBe(true);
  });

  it('refuses a frame that is gone, any subframe, and any other page', () => {
    expect(isTrustedSender(null, APP_ENTRY_URL)).toBe(false);
    expect(isTrustedSender(undefined, APP_ENTRY_URL)).toBe(false);
    const top = { url: 'app://lotwise/index.html', parent: null };
    expect(isTrustedSender({ url: 'app://lotwise/index.html', parent: top }, APP_ENTRY_URL)).toBe(false);
    for (const url of ['https://exchange.com.evil.com/', 'https://user@evil.com/', 'file:///index.html', 'data:text/html,x', 'javascript:void 0']) {
      expect(isTrustedSender({ url, parent: null }, APP_ENTRY_URL), url).toBe(false);
    }
  });
});

describe('event recipients', () => {
  function window(url: string) {
    return { id: url, webContents: { mainFrame: { url, parent: null } } };
  }

  it("are the windows whose main frame shows Lotwise's own page", () => {
    const windows = [
      window('app://lotwise/index.html'),
      window('app://lotwise/index.html#/review'),
      // Still loading, a failed load, other content: none hears about the ledger.
      window(''),
      window('chrome-error://chromewebdata/'),
      window('about:blank'),
      window('https://www.kraken.com/u/security/api'),
      window('https://exchange.com.evil.com/'),
      window('app://lotwise.evil/index.html'),
      window('app://user@lotwise/index.html'),
      window('file:///home/user/index.html'),
      window('data:text/html,<p>hi</p>'),
    ];
    expect(eventRecipients(windows, APP_ENTRY_URL).map((w) => w.id)).toEqual(['app://lotwise/index.html', 'app://lotwise/index.html#/review']);
  });

  it('in development, are the windows showing exactly the dev server', () => {
    const devEntry = 'http://localhost:5173/';
    const windows = [window('http://localhost:5173/'), window('http://localhost:5174/'), window('app://lotwise/index.html')];
    expect(eventRecipients(windows, devEntry).map((w) => w.id)).toEqual(['http://localhost:5173/']);
  });
});

describe('external links', () => {
  it('open in the browser only for https pages on the allow-list', () => {
    expect(externalLinkTarget('https://www.kraken.com/u/security/api')).toBe('https://www.kraken.com/u/security/api');
    expect(externalLinkTarget('https://WWW.IRS.GOV/forms-pubs/about-form-8949')).toBe('https://www.irs.gov/forms-pubs/about-form-8949');
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'file:///etc/passwd',
    'data:text/html,<script>alert(1)</script>',
    'http://www.kraken.com/',
    'https://www.kraken.com.evil.com/',
    'https://exchange.com.evil.com/',
    'https://evil.com/www.kraken.com',
    'https://user@evil.com/',
    'https://www.kraken.com@evil.com/',
    'https://user:pass@www.kraken.com/',
    'https://www.kraken.com:8443/',
    'https://www.kraken.com./',
    'https://kraken.com/',
    'https:\\\\evil.com\\www.kraken.com',
    'https://www.krаken.com/',
    'smb://www.kraken.com/share',
    'app://lotwise/index.html',
    '//www.kraken.com/',
    'www.kraken.com',
    '',
  ])('refuses %s', (url) => {
    expect(externalLinkTarget(url)).toBeNull();
  });
});

describe('renderer entry URL', () => {
  it('is always the bundled app in a packaged build', () => {
    expect(rendererEntryUrl({ isPackaged: true, devServerUrl: 'http://localhost:5173/' })).toBe(APP_ENTRY_URL);
  });

  it('uses a loopback dev server when unpackaged', () => {
    expect(rendererEntryUrl({ isPackaged: false, devServerUrl: 'http://localhost:5173' })).toBe('http://localhost:5173/');
    expect(rendererEntryUrl({ isPackaged: false, devServerUrl: 'http://127.0.0.1:5173/' })).toBe('http://127.0.0.1:5173/');
    expect(rendererEntryUrl({ isPackaged: false, devServerUrl: undefined })).toBe(APP_ENTRY_URL);
  });

  it.each(['http://evil.com:5173/', 'file:///tmp/index.html', 'javascript:alert(1)', 'garbage'])(
    'ignores a dev server URL of %s',
    (devServerUrl) => {
      expect(rendererEntryUrl({ isPackaged: false, devServerUrl })).toBe(APP_ENTRY_URL);
    },
  );
});

describe('app:// files', () => {
  const rendererDir = '/opt/lotwise/out/renderer';

  it('maps app:// paths into the renderer directory', () => {
    expect(resolveAppFile(rendererDir, 'app://lotwise/')).toBe(join(rendererDir, 'index.html'));
    expect(resolveAppFile(rendererDir, 'app://lotwise/index.html')).toBe(join(rendererDir, 'index.html'));
    expect(resolveAppFile(rendererDir, 'app://lotwise/assets/index-abc.js?v=1')).toBe(join(rendererDir, 'assets/index-abc.js'));
    expect(resolveAppFile(rendererDir, 'app://lotwise/assets/a%20b.css')).toBe(join(rendererDir, 'assets/a b.css'));
  });

  it('keeps dot segments, which the URL parser resolves, inside the directory', () => {
    expect(resolveAppFile(rendererDir, 'app://lotwise/../../etc/passwd')).toBe(join(rendererDir, 'etc/passwd'));
    expect(resolveAppFile(rendererDir, 'app://lotwise/%2e%2e/%2e%2e/etc/passwd')).toBe(join(rendererDir, 'etc/passwd'));
  });

  it.each([
    'app://lotwise/..%2F..%2Fetc%2Fpasswd',
    'app://lotwise/assets/..%2F..%2F..%2Fsecret',
    'app://lotwise/index.html%00.png',
    'app://lotwise/%E0%A4%A',
    'app://other/index.html',
    'file:///opt/lotwise/out/renderer/index.html',
  ])('refuses %s', (url) => {
    expect(resolveAppFile(rendererDir, url)).toBeNull();
  });
});

describe('content security policy', () => {
  it('is the one in renderer/index.html', () => {
    const html = readFileSync(join(repoRoot, 'renderer/index.html'), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html);
    expect(meta?.[1]).toBe(META_CONTENT_SECURITY_POLICY);
  });

  it('allows only our own scripts, no form submissions, no frames, and forbids framing', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-src 'none'; frame-ancestors 'none'",
    );
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)/);
  });
});

describe('acceptDroppedFile', () => {
  const files = new Set(['/home/user/Downloads/coinbase.csv']);
  const isFile = (path: string) => files.has(path);

  it('accepts an absolute path to a regular file, named by its last part', () => {
    expect(acceptDroppedFile('/home/user/Downloads/coinbase.csv', isFile)).toEqual({ path: '/home/user/Downloads/coinbase.csv', name: 'coinbase.csv' });
  });

  it.each([
    ['a relative path', 'Downloads/coinbase.csv'],
    ['a folder or missing file', '/home/user/Downloads'],
    ['an empty string', ''],
    ['a NUL byte', '/home/user/Downloads/coinbase.csv\0.png'],
    ['a file URL', 'file:///home/user/Downloads/coinbase.csv'],
    ['a number', 42],
    ['an object', { path: '/home/user/Downloads/coinbase.csv' }],
    ['a path longer than any OS allows', `/${'a'.repeat(5000)}`],
  ])('refuses %s', (_what, path) => {
    expect(acceptDroppedFile(path, isFile)).toBeNull();
  });
});
