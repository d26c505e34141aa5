// A real headless Chromium for the dashboard's browser tests: Debian's `chromium` driven by
// playwright-core. Without the browser the suites are skipped with one line saying what to
// install, or, with SYNAPSE_TEST_SERVICES=required (CI), they fail.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { eventually } from './eventually.js';

export const CHROMIUM_PATH = process.env.SYNAPSE_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'];

/** `describe` options: empty when the browser is there, `skip` with the reason when not (outside CI). */
export function needChromium(): { skip?: string } {
  if (existsSync(CHROMIUM_PATH)) return {};
  const reason = `no Chromium at ${CHROMIUM_PATH}: apt-get install chromium (or set SYNAPSE_CHROMIUM)`;
  if (process.env.SYNAPSE_TEST_SERVICES === 'required') throw new Error(reason);
  return { skip: reason };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** A laptop-sized page that records every console error and uncaught exception. */
export async function openPage(browser: Browser): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 860 } });
  const problems: string[] = [];
  page.on('console', (message) => {
    // A failed API call the page shows as a message (a 404 of an absent API) is logged by the browser too.
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return { page, problems };
}

/** Waits until the locator's text satisfies the predicate, and returns it. */
export async function textWhen(locator: Locator, what: string, accept: (text: string) => boolean, withinMs = 10_000): Promise<string> {
  let text = '';
  await eventually(what, withinMs, async () => {
    text = (await locator.count()) > 0 ? ((await locator.first().textContent()) ?? '') : '';
    return accept(text);
  });
  return text;
}

/** Reads a figure as shown ("1,234", "25.0%") as a number. */
export function figure(text: string): number {
  return Number(text.replace(/[^0-9.-]/g, ''));
}

/** Saves a screenshot for docs/dashboard.md when SYNAPSE_DASHBOARD_SCREENSHOTS names a folder. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const folder = process.env.SYNAPSE_DASHBOARD_SCREENSHOTS;
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `dashboard-${name}.png`), fullPage: false });
}
