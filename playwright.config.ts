// End-to-end tests: the built renderer (run `npm run build` first) in Debian's Chromium,
// with window.lotwise bound to the real core over a temporary ledger (tests/e2e/support).
// Besides Playwright's own failure artifacts, every run keeps screenshots of the screens
// (test-results/screenshots) and axe results per screen (test-results/accessibility).
import { defineConfig, devices } from '@playwright/test';

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  reporter: 'list',
  // A tax year is recomputed in core while the page waits, and axe scans each screen twice
  // (light, dark): on a busy two-core machine Playwright's 5 s and 30 s defaults are short.
  timeout: 120_000,
  expect: { timeout: 15_000 },
  use: {
    locale: 'en-US',
    timezoneId: 'UTC',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--headless=new',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
});
