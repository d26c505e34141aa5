// The dashboard in a real headless Chromium against a real gateway on the fake upstream: sign in,
// traffic moving the numbers, the request log's filters and detail, memory search and the ask
// box's cited sources, and creating and revoking a key. Needs `npm run build` (the UI bundle).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { figure, launchChromium, needChromium, openPage, screenshot, textWhen } from '../../helpers/dashboard-browser.js';
import { ADMIN_KEY, startTestGateway, type TestGateway } from '../../helpers/test-gateway.js';

describe('dashboard in Chromium', needChromium(), () => {
  let gw: TestGateway;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let logApi = false;

  const chat = async (content: string, model = 'gpt-4o') => {
    const response = await gw.request('/v1/chat/completions', { body: { model, messages: [{ role: 'user', content }] } });
    assert.equal(response.status, 200, await response.clone().text());
    return response.headers.get('x-cache-status');
  };
  const go = async (hash: string) => {
    await page.goto(`${gw.url}/dashboard${hash}`);
    await page.locator('h1').first().waitFor();
  };
  const store = async (projectId: string, branchName: string, thisContribution: string) => {
    const response = await gw.request(`/api/v1/memory/projects/${projectId}/store`, { body: { branchName, thisContribution, agentId: 'builder-bot', cumulativeProgress: 'Shop in progress' } });
    assert.ok(response.status === 200, await response.text());
  };

  before(async () => {
    gw = await startTestGateway();
    logApi = (await gw.request('/api/v1/analytics/savings')).status !== 404;
    assert.equal((await gw.request('/api/v1/memory/projects', { body: { projectId: 'shop', name: 'Shop' } })).status, 200);
    await store('shop', 'main', 'Set up the product catalogue with categories and search');
    await store('shop', 'main', 'Fixed a crash in the webhook handler when the payment payload is empty');
    const branch = await gw.request('/api/v1/memory/projects/shop/branches', { body: { branchName: 'checkout', parentBranch: 'main', purpose: 'One-page checkout', agentId: 'builder-bot' } });
    assert.equal(branch.status, 200, await branch.text());
    await store('shop', 'checkout', 'Built the checkout page with address validation');
    browser = await launchChromium();
    ({ page, problems } = await openPage(browser));
  });
  after(async () => {
    await browser?.close();
    await gw?.close();
  });

  test('the page and its hashed assets are served by the gateway, with caching and a content policy', async () => {
    const response = await fetch(`${gw.url}/dashboard`);
    assert.equal(response.status, 200, 'run `npm run build` first: the dashboard bundle is missing');
    assert.equal(response.headers.get('cache-control'), 'no-cache');
    assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'self'/);
    const html = await response.text();
    const assets = [...html.matchAll(/\/dashboard\/assets\/([\w.-]+)/g)].map((match) => match[1]!);
    assert.equal(assets.length, 2, html);
    for (const asset of assets) {
      assert.match(asset, /-[A-Z0-9]{8}\.(js|css)$/, 'content-hashed name');
      const file = await fetch(`${gw.url}/dashboard/assets/${asset}`);
      assert.equal(file.status, 200);
      assert.match(file.headers.get('cache-control') ?? '', /immutable/);
    }
    assert.doesNotMatch(html, /https?:\/\//, 'nothing from another origin');
    assert.equal((await fetch(`${gw.url}/dashboard/assets/missing-00000000.js`)).status, 404);
  });

  test('signing in: a wrong key is refused, a right one gives a token in sessionStorage, never the key', async () => {
    await page.goto(`${gw.url}/dashboard`);
    await screenshot(page, 'sign-in');
    await page.getByLabel('API key').fill('sk-syn-not-a-key-000000000000000000000000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel('API key').fill(ADMIN_KEY);
    await page.getByLabel('API key').press('Enter');
    await page.getByRole('navigation', { name: 'Dashboard' }).waitFor();
    const stored = await page.evaluate<string>('JSON.stringify(sessionStorage)');
    assert.match(stored, /token/);
    assert.ok(!stored.includes(ADMIN_KEY), 'the API key is not kept');
    assert.ok(!(await page.evaluate<string>('JSON.stringify(localStorage)')).includes('token'));
  });

  test('cache: traffic moves the numbers; the preview says HIT, and invalidating the entry makes it MISS', async () => {
    await go('#/cache');
    const hits = page.getByTestId('cache-hits');
    const before = figure(await textWhen(hits, 'cache stats shown', (text) => /\d/.test(text)));
    const entriesBefore = figure(await page.getByTestId('cache-entries').textContent() ?? '');
    assert.equal(await chat('What does the dashboard show?'), 'MISS');
    assert.equal(await chat('What does the dashboard show?'), 'HIT');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await textWhen(hits, 'one more hit', (text) => figure(text) === before + 1);
    await textWhen(page.getByTestId('cache-entries'), 'one more entry', (text) => figure(text) === entriesBefore + 1);

    await page.getByLabel('Model').first().fill('gpt-4o');
    await page.getByLabel('User message').fill('What does the dashboard show?');
    await page.getByRole('button', { name: 'Preview' }).click();
    await textWhen(page.getByTestId('preview-result'), 'preview answers HIT', (text) => text.includes('HIT (exact)'));
    await screenshot(page, 'cache');
    await page.getByRole('button', { name: 'Invalidate this entry' }).click();
    await textWhen(page.getByTestId('cache-entries'), 'the entry is gone', (text) => figure(text) === entriesBefore);
    await page.getByRole('button', { name: 'Preview' }).click();
    await textWhen(page.getByTestId('preview-result'), 'preview answers MISS', (text) => text.includes('MISS'));
    assert.equal(await chat('What does the dashboard show?'), 'MISS');

    await page.getByLabel('Similarity threshold').fill('0.9');
    await page.getByRole('button', { name: 'Save gateway thresholds' }).click();
    await page.getByText('Thresholds saved.').waitFor();
    assert.equal(((await (await gw.request('/api/v1/thresholds')).json()) as { cacheHitThreshold: number }).cacheHitThreshold, 0.9);
  });

  test('overview: the figures follow the traffic (or a clear message without the analytics API)', async () => {
    await go('#/overview');
    if (!logApi) {
      await textWhen(page.getByTestId('api-absent'), 'absent-API message', (text) => text.includes('not available on this gateway'));
      return;
    }
    const total = page.getByTestId('total-requests');
    const before = figure(await textWhen(total, 'overview figures', (text) => /\d/.test(text)));
    await chat('overview traffic one');
    await chat('overview traffic one');
    await chat('overview traffic two');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await textWhen(total, 'three more requests', (text) => figure(text) >= before + 3, 15_000);
    assert.ok(figure((await page.getByTestId('hit-rate').textContent()) ?? '') > 0);
    await page.getByRole('table', { name: 'Top models' }).getByText('gpt-4o').first().waitFor();
    await screenshot(page, 'overview');
  });

  test('requests: the log filters by cache outcome, and a row opens its detail', async () => {
    await go('#/requests');
    if (!logApi) {
      await textWhen(page.getByTestId('api-absent'), 'absent-API message', (text) => text.includes('not available on this gateway'));
      return;
    }
    await chat('log filter probe', 'gpt-4o-mini');
    await chat('log filter probe', 'gpt-4o-mini');
    const table = page.getByTestId('log-table');
    await page.getByLabel('Model').fill('gpt-4o-mini');
    await page.getByLabel('Cache').selectOption('hit');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await textWhen(table.locator('caption'), 'one hit of gpt-4o-mini', (text) => text.startsWith('1 call'), 15_000);
    const rows = table.locator('tbody tr');
    assert.equal(await rows.count(), 1);
    assert.match((await rows.first().textContent()) ?? '', /HIT/);
    await screenshot(page, 'requests');
    await rows.first().getByRole('button').press('Enter');
    const detail = page.getByTestId('log-detail');
    await textWhen(detail, 'the detail of the hit', (text) => text.includes('gpt-4o-mini') && text.includes('HIT'));
    await screenshot(page, 'request-detail');
  });

  test('a gateway without the log API: Overview and Requests say so, and the other pages still work', async () => {
    const absent = { error: { type: 'not_found', code: 'route_not_found', message: 'not found: no route for GET /api/v1/…' } };
    await page.route(/\/api\/v1\/(logs|analytics)/, (route) => route.fulfill({ status: 404, contentType: 'application/json', body: JSON.stringify(absent) }));
    try {
      for (const hash of ['#/overview', '#/requests']) {
        await go(hash);
        await textWhen(page.getByTestId('api-absent'), `absent-API message on ${hash}`, (text) => text.includes('not available on this gateway'));
      }
      await go('#/memory');
      await page.getByRole('link', { name: 'Shop' }).waitFor();
    } finally {
      await page.unroute(/\/api\/v1\/(logs|analytics)/);
    }
  });

  test('memory: a search result opens its milestone in the branch timeline', async () => {
    await go('#/memory');
    await page.getByRole('link', { name: 'Shop' }).click();
    await page.getByTestId('timeline').locator('li').first().waitFor();
    await page.getByLabel('Words to find').fill('checkout address');
    await page.getByRole('button', { name: 'Search' }).click();
    const result = page.getByTestId('search-results').getByRole('link', { name: /shop \/ checkout/ });
    await result.first().click();
    await textWhen(page.getByTestId('milestone-contribution'), 'the milestone opens', (text) => text.includes('address validation'));
    assert.match(page.url(), /branch=checkout/);
    await textWhen(page.getByTestId('timeline').locator('li.selected'), 'selected in the timeline', (text) => text.includes('address validation'));
    await screenshot(page, 'memory');
  });

  test('memory: an answer cites its sources, and a source links to its milestone', async () => {
    await go('#/memory');
    await page.getByLabel('Question').fill('What was fixed in the webhook handler?');
    await page.getByRole('button', { name: 'Ask' }).click();
    const sources = page.getByTestId('sources').getByRole('link');
    await sources.first().waitFor();
    const answer = (await page.getByTestId('answer').textContent()) ?? '';
    assert.match(answer, /webhook/i);
    await screenshot(page, 'memory-ask');
    const webhook = page.getByTestId('sources').locator('li', { hasText: 'webhook' }).getByRole('link');
    await webhook.first().click();
    await textWhen(page.getByTestId('milestone-contribution'), 'the cited milestone opens', (text) => text.includes('webhook handler'));
  });

  test('keys: a new key is shown once and works; revoking it (with a confirming click) stops it', async () => {
    await go('#/keys');
    await page.getByLabel('Name').fill('ci-robot');
    await page.getByLabel('Role').selectOption('readonly');
    await page.getByRole('button', { name: 'Create key' }).click();
    const plain = (await page.getByTestId('new-key-value').textContent()) ?? '';
    assert.match(plain, /^sk-syn-/);
    assert.equal((await gw.request('/api/v1/memory/projects', { auth: plain })).status, 200, 'the new key works');
    await screenshot(page, 'keys');
    await page.getByRole('button', { name: 'I have stored it' }).click();
    assert.equal(await page.getByTestId('new-key').count(), 0, 'shown once');
    const row = page.locator('tr[data-key-name="ci-robot"]');
    await row.getByRole('button', { name: 'Revoke ci-robot' }).click();
    await row.getByRole('button', { name: 'Confirm: revoke ci-robot' }).click();
    await textWhen(row, 'the key shows as revoked', (text) => text.includes('revoked'));
    assert.equal((await gw.request('/api/v1/memory/projects', { auth: plain })).status, 401, 'the revoked key is refused');
  });

  test('the navigation works from the keyboard, and a readonly key sees no admin pages', async () => {
    await go('#/overview');
    await page.getByRole('link', { name: 'Memory' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Memory', level: 1 }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Memory' }).getAttribute('aria-current'), 'page');

    const reader = await gw.createKey({ role: 'readonly', name: 'reader' });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').fill(reader.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Dashboard' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Keys' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: 'Cache' }).count(), 0);
  });

  test('no script errors or content-policy violations on any page', () => {
    assert.deepEqual(problems, []);
  });
});
