// Main's security policy as pure functions: hardened window options, which URLs count as
// Lotwise's own page and which frames may call it, which links may open in the browser,
// which files app:// may serve, and the Content Security Policy.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppFile } from '../../../electron/main/policy/app-files.ts';
import { APP_ENTRY_URL, isTrustedSender, isTrustedUrl, rendererEntryUrl } from '../../../electron/main/policy/app-origin.ts';
import {
  CONTENT_SECURITY_POLICY,
  META_CONTENT_SECURITY_POLICY,
} from '../../../electron/main/policy/content-security-policy.ts';
import { externalLinkTarget } from '../../../electron/main/policy/external-links.ts';
import { acceptDroppedFile } from '../../../electron/main/policy/dropped-files.ts';
import { mainWindowOptions, secureWebPreferences } from '../../../electron/main/policy/window-options.ts';

const repoRoot = resolve(import.meta.dirname, '../../..');

describe('window options', () => {
  it('isolate and sandbox the renderer and keep Node out of it', () => {
    const preferences = secureWebPreferences('/app/out/preload/index.cjs');
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

  it('are what the main window is created with', () => {
    const options = mainWindowOptions('/app/out/preload/index.cjs');
    expect(options.webPreferences).toEqual(secureWebPreferences('/app/out/preload/index.cjs'));
    expect(options.show).toBe(false);
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
