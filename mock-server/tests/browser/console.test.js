// A person's session in the mock's web console, in Debian's chromium driven by playwright-core:
// a customer texts in and the thread appears without a reload; Wayne takes and answers it;
// acting as Beth shows MSG-427; +72 h shows it expired; the journal lists the requests. No
// request may leave the mock's origin and no script error may happen.
//
// Environment: MOCK_URL (a fresh mock), CHROMIUM (default /usr/bin/chromium), SCREENSHOTS (a
// directory for the screenshots).
'use strict';

const assert = require('node:assert/strict');
const { mkdirSync } = require('node:fs');
const { join } = require('node:path');
const { chromium } = require('playwright-core');

const MOCK = process.env.MOCK_URL;
const SHOTS = process.env.SCREENSHOTS || 'screenshots';
const QUEUE = '+15559870001';
const CUSTOMER = '+16502240001';
const WAYNE = '696658052';
const BETH = '696667052';
const WAIT = { timeout: 10_000 };

assert.ok(MOCK, 'MOCK_URL names the mock to test');
mkdirSync(SHOTS, { recursive: true });
const origin = new URL(MOCK).origin;

let n = 0;
function step(title) {
  n += 1;
  console.log(`  ${n}. ${title}`);
}

async function inbound(from, text) {
  const r = await fetch(`${MOCK}/mock/v1/inbound`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ from, to: QUEUE, text }),
  });
  const body = await r.text();
  assert.equal(r.status, 200, body);
  return JSON.parse(body).threadId;
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  const failures = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = [];
    const foreign = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const missing = [];
    // A refused action logs its status as a console error: those are expected; script errors
    // and missing files are not.
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
    });
    page.on('response', (r) => { if (r.status() === 404) missing.push(r.url()); });
    page.on('request', (r) => { if (new URL(r.url()).origin !== origin) foreign.push(r.url()); });

    step('open the console: the built-in accounts, live');
    await page.goto(MOCK);
    await page.locator('#live', { hasText: 'live' }).waitFor(WAIT);
    await page.locator('#account option', { hasText: 'Mock Advisory LLC' }).waitFor({ state: 'attached', ...WAIT });
    await page.locator('#numbers', { hasText: 'Financial Advising Queue' }).waitFor(WAIT);
    await page.evaluate(() => { window.sameDocument = true; });

    step('a customer texts in: the thread appears without a reload');
    await page.locator('#numbers button', { hasText: QUEUE }).click();
    const threadId = await inbound(CUSTOMER, 'Hi, is my transfer done?');
    const row = page.locator(`#threads tr[data-thread="${threadId}"]`);
    await row.waitFor(WAIT);
    await row.locator('.status', { hasText: 'open' }).waitFor(WAIT);
    assert.equal(await page.evaluate(() => window.sameDocument), true, 'the page was not reloaded');
    await page.screenshot({ path: join(SHOTS, '1-customer-texted.png') });

    step('Wayne takes the thread and answers it; the reply is delivered');
    await row.locator('a').click();
    await page.locator('#thread-title', { hasText: CUSTOMER }).waitFor(WAIT);
    assert.match(page.url(), new RegExp(`#/accounts/37439510/threads/${threadId}$`));
    await page.selectOption('#act-as', WAYNE);
    await page.selectOption('#act [name=assignee]', WAYNE);
    await page.click('#act [data-act=assign]');
    await page.locator('#act-result', { hasText: 'Assigned.' }).waitFor(WAIT);
    await page.locator('#history', { hasText: 'assigned to Wayne T by Wayne T' }).waitFor(WAIT);
    await page.fill('#act [name=text]', 'Hi Tom, yes: it went through this morning.');
    await page.click('#act [name=do]');
    await page.locator('#act-result', { hasText: 'Sent.' }).waitFor(WAIT);
    const reply = page.locator('#messages li.outbound', { hasText: 'it went through' });
    await reply.waitFor(WAIT);
    // Queued, then Sent and Delivered as the mock's clock runs: the page follows by itself.
    await reply.locator('.delivery', { hasText: 'Delivered' }).waitFor(WAIT);
    await row.locator('.status', { hasText: 'assigned' }).waitFor(WAIT);

    step('the customer answers from the phone panel');
    await page.fill('#customer [name=from]', CUSTOMER);
    await page.selectOption('#customer [name=to]', QUEUE);
    await page.fill('#customer [name=text]', 'Great, thanks!');
    await page.click('#customer button[type=submit]');
    await page.locator('#messages li.inbound', { hasText: 'Great, thanks!' }).waitFor(WAIT);

    step('acting as Beth, a reply is refused with MSG-427');
    await page.selectOption('#act-as', BETH);
    await page.fill('#act [name=text]', 'Hello from Beth');
    await page.click('#act [name=do]');
    const refused = page.locator('#act-result.error', { hasText: 'MSG-427' });
    await refused.waitFor(WAIT);
    console.log(`     ${await refused.textContent()}`);
    await page.screenshot({ path: join(SHOTS, '2-beth-refused.png') });

    step('+72 h: the thread expires');
    await page.click('[data-advance="259200"]');
    await page.locator('#clock-mode', { hasText: 'stopped' }).waitFor(WAIT);
    await row.locator('.status', { hasText: 'expired' }).waitFor(WAIT);
    await page.locator('#history', { hasText: 'expired' }).waitFor(WAIT);
    await page.screenshot({ path: join(SHOTS, '3-expired.png') });

    step('the journal lists the requests, filterable');
    await page.click('#journal-refresh');
    await page.fill('#journal-filter', 'message-threads/messages');
    const journal = page.locator('#journal');
    await journal.locator('tr', { hasText: '200' }).first().waitFor(WAIT);
    await journal.locator('tr.failed', { hasText: '403' }).waitFor(WAIT);
    await page.fill('#journal-filter', 'oauth/token');
    await journal.locator('tr', { hasText: 'POST' }).first().waitFor(WAIT);

    step('a deep link opens the thread in a fresh page');
    const second = await browser.newPage({ viewport: { width: 390, height: 844 } });
    second.on('pageerror', (e) => errors.push(String(e)));
    second.on('request', (r) => { if (new URL(r.url()).origin !== origin) foreign.push(r.url()); });
    await second.goto(`${MOCK}/#/accounts/37439510/threads/${threadId}`);
    await second.locator('#thread-meta .status', { hasText: 'expired' }).waitFor(WAIT);
    // On a phone the threads table fits its panel: no column is cut off or needs scrolling.
    await second.locator('.threads tbody tr').first().waitFor(WAIT);
    const overflow = await second.locator('.inbox').evaluate((el) => el.scrollWidth - el.clientWidth);
    assert.ok(overflow <= 0, `the threads table is ${overflow} px wider than its panel on a phone`);
    await second.screenshot({ path: join(SHOTS, '4-phone-deep-link.png'), fullPage: true });
    await page.screenshot({ path: join(SHOTS, '5-full.png'), fullPage: true });

    step('no script error, no request outside the mock');
    assert.deepEqual(errors, [], 'script errors');
    assert.deepEqual(foreign, [], 'requests outside the mock');
  } catch (e) {
    failures.push(e);
  } finally {
    await browser.close();
  }
  if (failures.length) {
    console.error(`\nconsole walk failed at step ${n}: ${failures[0].stack || failures[0]}`);
    process.exit(1);
  }
  console.log(`\nconsole walk passed (${n} steps); screenshots in ${SHOTS}`);
}

main();
