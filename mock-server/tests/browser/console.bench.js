// The console's figures for `cargo xtask bench`: the first rows of the inbox with 10,000 threads
// loaded, and the time from a customer's text to its row on screen. Prints one JSON line.
//
// Environment: MOCK_URL (a fresh mock), CHROMIUM (default /usr/bin/chromium), SAMPLES (texts
// to time, default 20).
'use strict';

const assert = require('node:assert/strict');
const { chromium } = require('playwright-core');

const MOCK = process.env.MOCK_URL;
const SAMPLES = Number(process.env.SAMPLES || 20);
const QUEUE = '+15559870001';
const WAIT = { timeout: 30_000 };

assert.ok(MOCK, 'MOCK_URL names the mock to measure');

async function post(path, body) {
  const r = await fetch(`${MOCK}${path}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  const text = await r.text();
  assert.equal(r.status, 200, text);
  return JSON.parse(text);
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.round((sorted.length - 1) * p))];
}

async function main() {
  await post('/mock/v1/load', { threads: 10_000, messagesPerThread: 1, to: QUEUE });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const opened = performance.now();
    await page.goto(MOCK);
    await page.locator('#threads tr[data-thread]').first().waitFor(WAIT);
    const firstRender = performance.now() - opened;
    await page.locator('#live', { hasText: 'live' }).waitFor(WAIT);

    const live = [];
    for (let i = 0; i < SAMPLES; i += 1) {
      const from = `+1917666${String(i).padStart(4, '0')}`;
      const sent = performance.now();
      const { threadId } = await post('/mock/v1/inbound', { from, to: QUEUE, text: 'Hello?' });
      await page.locator(`#threads tr[data-thread="${threadId}"]`).waitFor(WAIT);
      live.push(performance.now() - sent);
    }
    live.sort((a, b) => a - b);
    console.log(JSON.stringify({
      first_render_ms: firstRender,
      live_p50_ms: percentile(live, 0.5),
      live_max_ms: live[live.length - 1],
      samples: live.length,
    }));
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
