/**
 * The n8n editor in a real browser: Chromium driven by playwright-core (which downloads no browser:
 * Debian's `chromium` is installed when no Chromium or Chrome is found). Screenshots go to
 * $SCREENSHOTS_DIR when it is set (`npm run screenshots`: docs/images/).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { chromium, selectors } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

import type { N8nServer } from './n8n';
import { OWNER } from './n8n';

const BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** A Chromium or Chrome on this machine ($CHROMIUM_PATH first); installs Debian's chromium when there is none. */
export function browserPath(): string {
	const found = [process.env.CHROMIUM_PATH, ...BROWSERS].find((file) => file && fs.existsSync(file));
	if (found) return found;
	const apt = (...args: string[]) =>
		execFileSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	try {
		apt('install', '-y', 'chromium');
	} catch {
		apt('update');
		apt('install', '-y', 'chromium');
	}
	return BROWSERS[0];
}

// n8n's editor marks its elements with data-test-id
selectors.setTestIdAttribute('data-test-id');

/** Chromium signed in to `server` as its owner (restSession() set the owner up). */
export async function openEditor(server: N8nServer): Promise<{ browser: Browser; page: Page }> {
	const browser = await chromium.launch({ executablePath: browserPath(), args: ['--no-sandbox'] });
	const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
	page.setDefaultTimeout(30_000);
	await page.goto(`${server.url}/signin`);
	await page.getByTestId('emailOrLdapLoginId').locator('input').fill(OWNER.email);
	await page.getByTestId('password').locator('input').fill(OWNER.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
	return { browser, page };
}

/** Saves a screenshot as $SCREENSHOTS_DIR/<name>.png (no pointer hovering over anything). */
export async function screenshot(page: Page, name: string): Promise<void> {
	const dir = process.env.SCREENSHOTS_DIR;
	if (!dir) return;
	fs.mkdirSync(dir, { recursive: true });
	await page.mouse.move(0, 0);
	await page.waitForTimeout(300);
	await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/** In the open node: "Add Filter" → `filter`. */
export async function addFilter(page: Page, filter: string): Promise<void> {
	// 2.x: a button; 1.x: a select whose placeholder says it
	await page
		.getByTestId('collection-parameter-add')
		.filter({ hasText: 'Add Filter' })
		.or(page.getByPlaceholder('Add Filter'))
		.first()
		.click();
	await page
		.getByTestId('collection-parameter-option')
		.filter({ hasText: exactly(filter) })
		.click();
}

/** Opens the list of the resource locator `parameter` and returns its entries as shown. */
export async function openList(page: Page, parameter: string): Promise<string[]> {
	await page.getByTestId(`resource-locator-${parameter}`).getByTestId('rlc-input').click();
	const items = page.getByTestId('rlc-item').filter({ visible: true });
	await items.first().waitFor();
	return (await items.allInnerTexts()).map((text) => text.trim());
}

/** Picks `entry` in the open resource-locator list. */
export async function pick(page: Page, entry: string): Promise<void> {
	await page
		.getByTestId('rlc-item')
		.filter({ visible: true })
		.filter({ hasText: exactly(entry) })
		.click();
}
