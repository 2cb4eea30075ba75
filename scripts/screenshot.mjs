#!/usr/bin/env node
/*
 * Takes the README's screenshot of the Hub & Spoke page from a running portal (npm start) with Debian's Chromium.
 * Usage: node scripts/screenshot.mjs [url] [out.png]
 */
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const url = process.argv[2] ?? 'http://localhost:3000/hub-spoke';
const out = process.argv[3] ?? 'docs/images/topology.png';
const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-spoke-chromium-'));

const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1440, height: 1000 },
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
try {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  const enter = page.getByRole('button', { name: /enter/i });
  const signedIn = page.getByText('aks-mgmt-hub').first();
  await Promise.race([enter.waitFor({ timeout: 30000 }), signedIn.waitFor({ timeout: 30000 })]);
  if (await enter.isVisible()) await enter.click();
  await page.getByText('aks-mgmt-hub').first().waitFor({ timeout: 30000 }).catch(() => console.error('topology not visible'));
  await page.waitForTimeout(1000);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out, fullPage: false });
  console.log(`saved ${out}`);
} finally {
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
