// `npm run security:scan`: Electronegativity over electron/ and renderer/, failing on any
// HIGH or MEDIUM finding that scripts/security-suppressions.json does not justify.
//
// Electronegativity exits 0 whatever it finds, so it is run as a library and its findings
// are judged here. Both trees are scanned as one app (copied with package.json into a
// temporary directory), because its global checks (navigation limits, permission handler,
// CSP) look for the main-process half of a rule the renderer half relies on. It parses
// TypeScript and TSX itself; a file it cannot parse fails the scan, since it was not
// checked. It runs offline: its translation download is answered "not found" and the check
// that downloads Electron's release list is skipped (Electron's patch level is npm's job).
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');
const SCANNED_DIRS = ['electron', 'renderer'];
const SCANNED_EXTENSIONS = new Set(['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.html', '.htm']);
/** Checks that need the network; see the header. */
const OFFLINE_EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];
const FAILING_SEVERITIES = new Set(['HIGH', 'MEDIUM']);

export interface Finding {
  check: string;
  severity: string;
  confidence: string;
  /** Relative to the repository root, or "N/A" for an app-wide finding. */
  file: string;
  line: number;
  sample: string;
  description: string;
}

export interface Suppression {
  check: string;
  file: string;
  /** Text the flagged line must contain, so the suppression does not follow the check elsewhere. */
  contains?: string;
  /** Why this is not a vulnerability: what the scanner cannot see, and what proves it. */
  why: string;
}

export interface ScanResult {
  findings: Finding[];
  /** Files Electronegativity could not parse, and so did not check. */
  unparsed: { file: string; message: string }[];
}

export interface Judgement {
  failures: Finding[];
  suppressed: { finding: Finding; suppression: Suppression }[];
  /** Suppressions that matched nothing: stale, or mistyped. */
  unused: Suppression[];
  /** Suppressions without a reason. */
  unjustified: Suppression[];
}

function matches(suppression: Suppression, finding: Finding): boolean {
  return (
    suppression.check === finding.check &&
    suppression.file === finding.file &&
    (suppression.contains === undefined || finding.sample.includes(suppression.contains))
  );
}

/** Which findings fail the run: HIGH and MEDIUM ones no justified suppression covers. */
export function judge(findings: Finding[], suppressions: Suppression[]): Judgement {
  const unjustified = suppressions.filter((s) => s.why.trim().length < 20);
  const justified = suppressions.filter((s) => !unjustified.includes(s));
  const used = new Set<Suppression>();
  const failures: Finding[] = [];
  const suppressed: Judgement['suppressed'] = [];
  for (const finding of findings) {
    if (!FAILING_SEVERITIES.has(finding.severity)) continue;
    const suppression = justified.find((s) => matches(s, finding));
    if (suppression) {
      used.add(suppression);
      suppressed.push({ finding, suppression });
    } else {
      failures.push(finding);
    }
  }
  return { failures, suppressed, unused: justified.filter((s) => !used.has(s)), unjustified };
}

interface EngIssue {
  id: string;
  file: string;
  sample?: string;
  description: string;
  location: { line: number; column: number };
  severity: { name: string };
  confidence: { name: string };
}

interface EngRun {
  (options: Record<string, unknown>, forCli: boolean): Promise<{ issues: EngIssue[]; errors: { file: string; message: string; tolerable: boolean }[] }>;
}

/** Electronegativity's runner, with its translation download answered offline. */
function loadElectronegativity(): EngRun {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
  const fromPackage = createRequire(join(packageDir, 'package.json'));
  const gotPath = fromPackage.resolve('got');
  const offline = () => Promise.resolve({ statusCode: 404, body: '' });
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline } as unknown as NodeJS.Module;
  return fromPackage('./dist/runner.js') as EngRun;
}

/** Copies the scanned sources (and package.json, for the Electron version) into `into`. */
function stageSources(root: string, dirs: string[], into: string): void {
  cpSync(join(root, 'package.json'), join(into, 'package.json'));
  for (const dir of dirs) {
    cpSync(join(root, dir), join(into, dir), {
      recursive: true,
      filter: (source) => !source.includes(`${join(root, dir)}/node_modules`) && (extname(source) === '' || SCANNED_EXTENSIONS.has(extname(source))),
    });
  }
}

/** Runs Electronegativity over `dirs` of `root` (the repository unless a test says otherwise). */
export async function scan(options: { root?: string; dirs?: string[] } = {}): Promise<ScanResult> {
  const root = options.root ?? ROOT;
  const staged = mkdtempSync(join(tmpdir(), 'lotwise-security-scan-'));
  try {
    stageSources(root, options.dirs ?? SCANNED_DIRS, staged);
    const electronVersion = (JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
    const run = loadElectronegativity();
    const { issues, errors } = await run(
      {
        input: staged,
        isRelative: true,
        customScan: [],
        excludeFromScan: OFFLINE_EXCLUDED_CHECKS,
        electronVersionOverride: electronVersion,
        parserPlugins: [],
      },
      false,
    );
    return {
      findings: issues.map((issue) => ({
        check: issue.id,
        severity: issue.severity.name,
        confidence: issue.confidence.name,
        file: issue.file,
        line: issue.location.line,
        sample: issue.sample ?? '',
        description: issue.description,
      })),
      unparsed: errors.filter((e) => !e.tolerable).map((e) => ({ file: relative(staged, e.file), message: e.message })),
    };
  } finally {
    rmSync(staged, { recursive: true, force: true });
  }
}

export function readSuppressions(path = join(ROOT, 'scripts/security-suppressions.json')): Suppression[] {
  return (JSON.parse(readFileSync(path, 'utf8')) as { suppressions: Suppression[] }).suppressions;
}

function describe(finding: Finding): string {
  const where = finding.file === 'N/A' ? 'app-wide' : `${finding.file}:${finding.line}`;
  return `${finding.severity} ${finding.check} (${finding.confidence}) ${where}\n    ${finding.description}${finding.sample && finding.sample !== 'N/A' ? `\n    > ${finding.sample}` : ''}`;
}

async function main(): Promise<number> {
  const started = Date.now();
  const result = await scan();
  const verdict = judge(result.findings, readSuppressions());
  const lower = result.findings.filter((f) => !FAILING_SEVERITIES.has(f.severity));
  for (const { finding, suppression } of verdict.suppressed) console.log(`suppressed: ${describe(finding)}\n    why: ${suppression.why}`);
  for (const finding of lower) console.log(`noted: ${describe(finding)}`);
  for (const { file, message } of result.unparsed) console.error(`NOT SCANNED: ${file}: ${message}`);
  for (const finding of verdict.failures) console.error(`FAIL: ${describe(finding)}`);
  for (const s of verdict.unused) console.error(`STALE SUPPRESSION (matches nothing): ${s.check} ${s.file}${s.contains ? ` "${s.contains}"` : ''}`);
  for (const s of verdict.unjustified) console.error(`UNJUSTIFIED SUPPRESSION (say why): ${s.check} ${s.file}`);
  const failed = verdict.failures.length + result.unparsed.length + verdict.unused.length + verdict.unjustified.length > 0;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `security:scan: ${result.findings.length} findings (${verdict.failures.length} failing, ${verdict.suppressed.length} suppressed, ${lower.length} low or informational) in ${SCANNED_DIRS.join(', ')}, ${seconds}s`,
  );
  return failed ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
