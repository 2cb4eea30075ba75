#!/usr/bin/env node
/*
 * End-to-end: starts the fleet simulator, backend and frontend (as `npm start` does), drives Debian's Chromium with
 * playwright-core through what a platform engineer does on the Hub & Spoke page, and saves screenshots to
 * e2e-results/. Prints "e2e: N passed, N failed" and exits 1 on any failure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, openSignedIn, root, setFault, startPortal } from './portal.mjs';

const outDir = path.join(root, 'e2e-results');
fs.mkdirSync(outDir, { recursive: true });
const screenshotsOnly = process.argv.includes('--screenshots-only');

const results = [];
async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push({ name, ok: true, ms: Date.now() - started });
    console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    results.push({ name, ok: false, ms: Date.now() - started, error: e.message });
    const shot = path.join(outDir, `failed-${results.length}.png`);
    await page.screenshot({ path: shot }).catch(() => {});
    console.log(`  ✕ ${name}: ${e.message.split('\n')[0]}`);
  }
}

/** Calls the backend as the signed-in guest, from the page (its session cookie gets the token). */
async function api(page, method, apiPath, body) {
  return page.evaluate(
    async ({ method, apiPath, body }) => {
      const token = await fetch('http://localhost:7007/api/auth/guest/refresh', {
        headers: { 'x-requested-with': 'XMLHttpRequest' },
        credentials: 'include',
      })
        .then(r => r.json())
        .then(j => j.backstageIdentity.token);
      const res = await fetch(`http://localhost:7007${apiPath}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      let parsed;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
      return { status: res.status, body: parsed };
    },
    { method, apiPath, body },
  );
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

console.log('starting the portal on the simulated fleet…');
const portal = await startPortal({ logFile: path.join(outDir, 'portal.log') });
console.log(`portal up after ${portal.startupMs} ms`);
const browser = await launchBrowser();
const page = await browser.context.newPage();
const consoleErrors = [];
page.on('pageerror', e => consoleErrors.push(e.message));

try {
  await step('the topology page shows both hubs and the graph', async () => {
    const started = Date.now();
    await openSignedIn(page, '/hub-spoke', 'aks-mgmt-hub');
    const graph = page.getByRole('img', { name: 'Fleet topology graph' }).or(page.locator('[aria-label="Fleet topology graph"]'));
    await graph.first().waitFor({ timeout: 30_000 });
    await page.locator('[aria-label^="Cluster aks-eu-prod-1"]').first().waitFor({ timeout: 30_000 });
    const visibleMs = Date.now() - started;
    fs.writeFileSync(path.join(outDir, 'timings.json'), JSON.stringify({ graphVisibleMs: visibleMs, startupMs: portal.startupMs }, null, 2));
    console.log(`    graph visible ${visibleMs} ms after navigation (includes guest sign-in)`);
    for (const hub of ['aks-mgmt-hub', 'eks-mgmt-hub']) {
      expect(await page.locator(`[aria-label^="Hub ${hub}"]`).count() > 0, `hub ${hub} is not drawn`);
    }
    await page.screenshot({ path: path.join(outDir, 'topology.png') });
  });

  if (!screenshotsOnly) {
    await step('clusters show the states the simulator serves', async () => {
      const label = async name => page.locator(`[aria-label^="Cluster ${name}"]`).first().getAttribute('aria-label');
      const dev = await label('aks-eu-dev-1');
      expect(/fail|unreach|error/i.test(dev ?? ''), `aks-eu-dev-1 (Argo CD cannot reach it) reads "${dev}"`);
      const legacy = await label('legacy-onprem-1');
      expect(/regist/i.test(legacy ?? ''), `legacy-onprem-1 (unregistered) reads "${legacy}"`);
      const routes = await page.locator('[aria-label^="Route global-ingress/checkout-global"]').count();
      expect(routes >= 2, `expected the hub gateway's weighted routes, found ${routes}`);
    });

    await step('a cluster opens its details with hosts, certificates and applications', async () => {
      await page.locator('[aria-label^="Cluster aks-eu-stage-1"]').first().click();
      const drawer = page.locator('[aria-label="Cluster aks-eu-stage-1"]');
      await drawer.waitFor({ timeout: 15_000 });
      await drawer.getByText('apps.aks-eu-stage-1.example.com').first().waitFor({ timeout: 15_000 });
      await drawer.getByText(/checkout-eu-stage/).first().waitFor({ timeout: 15_000 });
      expect(page.url().includes('cluster='), `the URL does not name the open cluster: ${page.url()}`);
      await page.screenshot({ path: path.join(outDir, 'cluster-details.png') });
      await page.getByRole('button', { name: 'Close details' }).click();
    });

    await step('filters narrow the graph and live in the URL', async () => {
      await openSignedIn(page, '/hub-spoke?hub=eks-mgmt-hub', 'eks-mgmt-hub');
      await page.locator('[aria-label^="Cluster eks-us-prod-1"]').first().waitFor({ timeout: 15_000 });
      const eu = await page.locator('[aria-label^="Cluster aks-eu-prod-1"]').count();
      expect(eu === 0, 'a cluster of the filtered-out hub is still drawn');
      await page.screenshot({ path: path.join(outDir, 'filtered.png') });
    });

    await step('a hub that goes down shows as unreachable while the other hub stays', async () => {
      await setFault('hub', 'eks-mgmt-hub', { kind: 'down' });
      try {
        const res = await api(page, 'POST', '/api/hub-spoke/refresh');
        expect(res.status === 200, `refresh answered ${res.status}`);
        await openSignedIn(page, '/hub-spoke', 'aks-mgmt-hub');
        await page.getByText(/unreachable/i).first().waitFor({ timeout: 20_000 });
        await page.screenshot({ path: path.join(outDir, 'hub-down.png') });
      } finally {
        await setFault('hub', 'eks-mgmt-hub', null);
      }
    });

    await step('onboarding a spoke in apply mode (scaffolder template) puts it on the topology', async () => {
      await openSignedIn(page, '/hub-spoke', 'aks-mgmt-hub');
      const task = await api(page, 'POST', '/api/scaffolder/v2/tasks', {
        templateRef: 'template:default/onboard-spoke',
        values: {
          name: 'aks-eu-prod-9',
          server: 'https://aks-eu-prod-9.example.com:443',
          hub: 'aks-mgmt-hub',
          owner: 'group:default/platform-team',
          auth: { type: 'azure', clientId: '00000000-0000-0000-0000-000000000009' },
          cidr: '10.209.0.0/16',
          labels: { environment: 'prod' },
          mode: 'apply',
        },
      });
      expect(task.status === 201 || task.status === 200, `creating the task answered ${task.status}: ${JSON.stringify(task.body)}`);
      let state;
      for (let i = 0; i < 120; i++) {
        state = await api(page, 'GET', `/api/scaffolder/v2/tasks/${task.body.id}`);
        if (['completed', 'failed', 'cancelled'].includes(state.body.status)) break;
        await new Promise(r => setTimeout(r, 500));
      }
      expect(state.body.status === 'completed', `the onboarding task ended ${state.body.status}`);
      await api(page, 'POST', '/api/hub-spoke/refresh');
      await page.reload();
      await page.locator('[aria-label^="Cluster aks-eu-prod-9"]').first().waitFor({ timeout: 30_000 });
      await page.screenshot({ path: path.join(outDir, 'onboarded-spoke.png') });
    });

    await step('a component’s entity page shows where it runs', async () => {
      await openSignedIn(page, '/catalog/default/component/checkout', 'checkout');
      await page.getByText('checkout-eu1').first().waitFor({ timeout: 30_000 });
      await page.getByText('aks-eu-prod-1').first().waitFor({ timeout: 15_000 });
      await page.getByText('checkout-eu1').first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(outDir, 'entity-checkout.png') });
    });

    await step('a cluster Resource’s entity page shows that cluster', async () => {
      // the Resource comes from the Hub & Spoke catalog module, which may still be on its first run
      for (let attempt = 0; ; attempt++) {
        await openSignedIn(page, '/catalog/default/resource/aks-eu-prod-1', 'aks-eu-prod-1');
        try {
          await page.getByText('checkout-eu1').first().waitFor({ timeout: 10_000 });
          break;
        } catch (e) {
          if (attempt >= 8) throw e;
        }
      }
      await page.getByText('checkout-eu1').first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(outDir, 'entity-cluster.png') });
    });

    await step('no uncaught errors in the page', async () => {
      expect(consoleErrors.length === 0, `page errors: ${consoleErrors.join(' | ')}`);
    });
  }
} finally {
  await browser.close();
  await portal.stop();
}

fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify(results, null, 2));
const passed = results.filter(r => r.ok).length;
const failed = results.length - passed;
console.log(`screenshots in ${path.relative(process.cwd(), outDir)}/`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
