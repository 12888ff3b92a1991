// The Electronegativity gate: it really reads TypeScript and TSX (a scan of an insecure
// scratch app finds what is wrong in it), and only justified suppressions let a HIGH or
// MEDIUM finding through.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { judge, readSuppressions, scan, type Finding, type Suppression } from '../../../scripts/security-scan.ts';
import { tempDir, type TempDir } from '../../support/temp-ledger.ts';

let dir: TempDir;

beforeEach(() => {
  dir = tempDir('lotwise-scan-test-');
});

afterEach(() => {
  dir.remove();
});

function finding(fields: Partial<Finding>): Finding {
  return { check: 'SANDBOX_JS_CHECK', severity: 'MEDIUM', confidence: 'FIRM', file: 'electron/main/index.ts', line: 3, sample: 'new BrowserWindow(options)', description: '', ...fields };
}

const WHY = 'The options object is built by a tested function the check cannot follow.';

describe('judging findings', () => {
  it('fails HIGH and MEDIUM findings, notes the rest', () => {
    const findings = [finding({ severity: 'HIGH' }), finding({}), finding({ severity: 'LOW' }), finding({ severity: 'INFORMATIONAL' })];
    expect(judge(findings, []).failures.map((f) => f.severity)).toEqual(['HIGH', 'MEDIUM']);
  });

  it('lets a finding through only when a justified suppression matches its check, file and line text', () => {
    const suppression: Suppression = { check: 'SANDBOX_JS_CHECK', file: 'electron/main/index.ts', contains: 'BrowserWindow(options)', why: WHY };
    const verdict = judge([finding({}), finding({ file: 'electron/main/other.ts' }), finding({ sample: 'new BrowserWindow({})' }), finding({ check: 'CONTEXT_ISOLATION_JS_CHECK' })], [suppression]);
    expect(verdict.suppressed).toHaveLength(1);
    expect(verdict.failures).toHaveLength(3);
  });

  it('reports stale and unjustified suppressions', () => {
    const stale: Suppression = { check: 'WEB_SECURITY_JS_CHECK', file: 'electron/main/index.ts', why: WHY };
    const lazy: Suppression = { check: 'SANDBOX_JS_CHECK', file: 'electron/main/index.ts', why: 'fine' };
    const verdict = judge([finding({})], [stale, lazy]);
    expect(verdict.unused).toEqual([stale]);
    expect(verdict.unjustified).toEqual([lazy]);
    // An unjustified suppression suppresses nothing.
    expect(verdict.failures).toHaveLength(1);
  });

  it("has a reason for every one of the project's suppressions", () => {
    const suppressions = readSuppressions();
    expect(suppressions.length).toBeGreaterThan(0);
    expect(judge([], suppressions).unjustified).toEqual([]);
  });
});

describe('scanning', () => {
  it('finds insecure window options and openExternal in TypeScript, and parses TSX', async () => {
    mkdirSync(join(dir.path, 'electron'));
    mkdirSync(join(dir.path, 'renderer'));
    dir.file('package.json', JSON.stringify({ name: 'scratch', devDependencies: { electron: '45.4.1' } }));
    dir.file(
      'electron/main.ts',
      [
        "import { app, BrowserWindow, shell, type WebPreferences } from 'electron';",
        'const unused = { a: 1 } satisfies Record<string, number>;',
        'export function open(url: string): void {',
        '  const win: BrowserWindow = new BrowserWindow({ webPreferences: { contextIsolation: false, webSecurity: false, allowRunningInsecureContent: true } });',
        '  void win.loadURL(url as string);',
        '  void shell.openExternal(url);',
        '}',
        "app.whenReady().then(() => open('http://example.com'));",
      ].join('\n'),
    );
    dir.file('renderer/view.tsx', 'export function View(props: { src: string }) {\n  return <webview src={props.src}></webview>;\n}\n');
    dir.file('renderer/index.html', '<html><head></head><body><div id="root"></div></body></html>\n');

    const result = await scan({ root: dir.path });

    expect(result.unparsed).toEqual([]);
    const found = new Set(result.findings.map((f) => `${f.severity} ${f.check} ${f.file}`));
    for (const expected of [
      'HIGH CONTEXT_ISOLATION_JS_CHECK electron/main.ts',
      'MEDIUM WEB_SECURITY_JS_CHECK electron/main.ts',
      'MEDIUM INSECURE_CONTENT_JS_CHECK electron/main.ts',
      'MEDIUM OPEN_EXTERNAL_JS_CHECK electron/main.ts',
      // The app-wide checks see that nothing limits navigation or permissions.
      'HIGH LIMIT_NAVIGATION_GLOBAL_CHECK N/A',
      'MEDIUM PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK N/A',
    ]) {
      expect(found, expected).toContain(expected);
    }
    expect(judge(result.findings, readSuppressions()).failures.length).toBeGreaterThanOrEqual(6);
  }, 30_000);

  it('fails a file it cannot parse instead of skipping it', async () => {
    mkdirSync(join(dir.path, 'electron'));
    mkdirSync(join(dir.path, 'renderer'));
    dir.file('package.json', '{"name":"scratch"}');
    dir.file('electron/broken.ts', 'export const = ;\n');
    const result = await scan({ root: dir.path });
    expect(result.unparsed.map((u) => u.file)).toEqual(['electron/broken.ts']);
  }, 30_000);
});
