#!/usr/bin/env node
/*
 * Measures, in Chromium, the time from navigation to /hub-spoke until the topology graph shows every cluster, for
 * a fleet given as FLEET_GENERATE (e.g. spokes=200,apps=10000) or the default fleet. Signs in first so that the
 * figure is the page's own. Also measures how long the page takes to apply a search filter.
 * Usage: FLEET_GENERATE=spokes=200,apps=10000 node e2e/graph-timing.mjs [runs]
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  launchBrowser,
  openSignedIn,
  root,
  startPortal,
  APP_URL,
} from './portal.mjs';

const runs = Number(process.argv[2] ?? 3);
const outDir = path.join(root, 'e2e-results');
fs.mkdirSync(outDir, { recursive: true });
const fleet = process.env.FLEET_GENERATE ?? 'default';

const portal = await startPortal({
  logFile: path.join(outDir, 'portal-timing.log'),
});
const browser = await launchBrowser();
const page = await browser.context.newPage();
const figures = [];
try {
  await openSignedIn(page, '/hub-spoke', 'Fleet topology');
  // wait for the backend's first full snapshot
  await page
    .locator('[aria-label^="Cluster "]')
    .first()
    .waitFor({ timeout: 120_000 });
  const expected = await page.evaluate(async () => {
    const token = await fetch('http://localhost:7007/api/auth/guest/refresh', {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
      credentials: 'include',
    })
      .then(r => r.json())
      .then(j => j.backstageIdentity.token);
    const topology = await fetch(
      'http://localhost:7007/api/hub-spoke/topology',
      {
        headers: { authorization: `Bearer ${token}` },
      },
    ).then(r => r.json());
    return topology.clusters.filter(c => c.role === 'spoke').length;
  });
  for (let i = 0; i < runs; i++) {
    const started = Date.now();
    await page.goto(`${APP_URL}/hub-spoke`, { waitUntil: 'commit' });
    await page.waitForFunction(
      n => document.querySelectorAll('[aria-label^="Cluster "]').length >= n,
      expected,
      { timeout: 60_000, polling: 50 },
    );
    const graphMs = Date.now() - started;

    const search = page.getByRole('textbox', { name: /search/i }).first();
    const filterStarted = Date.now();
    await search.fill('zzz-no-such-cluster');
    await page.waitForFunction(
      () => document.querySelectorAll('[aria-label^="Cluster "]').length === 0,
      undefined,
      {
        timeout: 30_000,
        polling: 20,
      },
    );
    const filterMs = Date.now() - filterStarted;
    figures.push({ graphMs, filterMs });
    console.log(
      `run ${
        i + 1
      }: graph with ${expected} spokes visible after ${graphMs} ms; filter applied in ${filterMs} ms`,
    );
  }
  await page.goto(`${APP_URL}/hub-spoke`);
  await page.waitForFunction(
    n => document.querySelectorAll('[aria-label^="Cluster "]').length >= n,
    expected,
  );
  await page.screenshot({
    path: path.join(outDir, `graph-${fleet.replace(/[^a-z0-9]+/gi, '-')}.png`),
  });
} finally {
  await browser.close();
  await portal.stop();
}
const median = key =>
  [...figures].sort((a, b) => a[key] - b[key])[Math.floor(figures.length / 2)][
    key
  ];
const result = {
  fleet,
  runs,
  medianGraphMs: median('graphMs'),
  medianFilterMs: median('filterMs'),
  figures,
};
fs.writeFileSync(
  path.join(outDir, `graph-timing-${fleet.replace(/[^a-z0-9]+/gi, '-')}.json`),
  JSON.stringify(result, null, 2),
);
console.log(JSON.stringify(result));
