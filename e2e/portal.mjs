/*
 * Starts the portal on the simulated fleet (scripts/start.mjs) and drives Debian's Chromium with playwright-core.
 * Shared by the end-to-end test (e2e/run.mjs) and the screenshot script.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
);
export const APP_URL = 'http://localhost:3000';
export const BACKEND_URL = 'http://localhost:7007';
export const ADMIN_URL = 'http://127.0.0.1:7442';

async function waitForUrl(url, timeoutMs, isUp = res => res.status < 500) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (isUp(res)) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = e.cause?.code ?? e.message;
    }
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`${url} did not come up within ${timeoutMs} ms (${last})`);
}

async function assertPortFree(port) {
  await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', () =>
      reject(
        new Error(
          `port ${port} is in use: stop the other portal or simulator first (the e2e run starts its own)`,
        ),
      ),
    );
    server.listen(port, () => server.close(resolve));
  });
}

/** Starts simulator + backend + frontend; resolves once the portal answers, rejects if it exits first. */
export async function startPortal({ logFile, env = {} } = {}) {
  for (const port of [3000, 7007, 7442, 7443]) await assertPortFree(port);
  const logPath = logFile ?? path.join(os.tmpdir(), 'hub-spoke-portal.log');
  const log = fs.openSync(logPath, 'w');
  const child = spawn(
    process.execPath,
    [path.join(root, 'scripts/start.mjs')],
    {
      cwd: root,
      env: { ...process.env, BROWSER: 'none', ...env },
      stdio: ['ignore', log, log],
      detached: true,
    },
  );
  const started = Date.now();
  const exited = new Promise((_, reject) =>
    child.once('exit', code =>
      reject(
        new Error(
          `the portal exited with ${code} before it was ready; see ${logPath}:\n${fs
            .readFileSync(logPath, 'utf8')
            .slice(-2000)}`,
        ),
      ),
    ),
  );
  exited.catch(() => {});
  await Promise.race([
    (async () => {
      await waitForUrl(
        `${BACKEND_URL}/.backstage/health/v1/readiness`,
        240_000,
        res => res.ok,
      );
      await waitForUrl(APP_URL, 240_000, res => res.ok);
    })(),
    exited,
  ]);
  return {
    startupMs: Date.now() - started,
    async stop() {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await new Promise(r => setTimeout(r, 1500));
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    },
  };
}

export async function launchBrowser() {
  const userDataDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'hub-spoke-chromium-'),
  );
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
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Where the sign-in page remembers the chosen provider (core-components' SignInPage). */
const SIGN_IN_PROVIDER_KEY = '@backstage/core:SignInPage:provider';

/** The demo's two sign-ins (app-config.yaml auth.providers): the sign-in page's card button of each. */
export const IDENTITIES = {
  // the guest: a developer of the commerce team
  developer: { provider: 'guest', button: /^enter$/i },
  // platform-guest: platform-admin of platform-team, whom the demo permission policy lets apply
  platform: { provider: 'platform-guest', button: /^sign in$/i },
};

/** Signs in afresh as `who` (a key of IDENTITIES) through the sign-in page, then opens a path. */
export async function signInAs(page, who, urlPath, readyText) {
  const { button } = IDENTITIES[who];
  await page.goto(`${APP_URL}${urlPath}`, { waitUntil: 'domcontentloaded' });
  await page.evaluate(
    key => localStorage.removeItem(key),
    SIGN_IN_PROVIDER_KEY,
  );
  await page.reload({ waitUntil: 'domcontentloaded' });
  const choice = page.getByRole('button', { name: button });
  await choice.waitFor({ timeout: 60_000 });
  await choice.click();
  await page.getByText(readyText).first().waitFor({ timeout: 60_000 });
}

/** The provider the page is signed in with (guest unless the platform engineer was chosen). */
export async function signedInProvider(page) {
  return page.evaluate(
    key => localStorage.getItem(key) ?? 'guest',
    SIGN_IN_PROVIDER_KEY,
  );
}

/** Opens a path and signs in as guest when the sign-in page shows (else stays whoever is signed in). */
export async function openSignedIn(page, urlPath, readyText) {
  await page.goto(`${APP_URL}${urlPath}`, { waitUntil: 'domcontentloaded' });
  const enter = page.getByRole('button', { name: /enter/i });
  const ready = page.getByText(readyText).first();
  await Promise.race([
    enter.waitFor({ timeout: 60_000 }),
    ready.waitFor({ timeout: 60_000 }),
  ]);
  if (await enter.isVisible()) await enter.click();
  await ready.waitFor({ timeout: 60_000 });
}

export async function setFault(kind, name, fault) {
  const res = await fetch(`${ADMIN_URL}/faults/${kind}/${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });
  if (!res.ok)
    throw new Error(
      `setting a fault on ${kind}/${name} failed: HTTP ${res.status}`,
    );
}
