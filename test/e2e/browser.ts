// canvasProblems() runs in the page
/// <reference lib="dom" />
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

/**
 * What a person cannot read on the open workflow's canvas, as it opens: text of a sticky note cut
 * off by the note's edge, a note or a node (with its labels) outside the canvas or under the
 * floating "Execute workflow" button (none when everything can be read); and how many notes and
 * nodes it looked at.
 */
export async function canvasProblems(page: Page): Promise<{ notes: number; nodes: number; problems: string[] }> {
	return await page.evaluate(() => {
		type Box = { left: number; right: number; top: number; bottom: number };
		const inside = (r: Box, o: Box) => r.left >= o.left - 1 && r.right <= o.right + 1 && r.top >= o.top - 1 && r.bottom <= o.bottom + 1;
		const meets = (r: Box, o: Box) => r.left < o.right && r.right > o.left && r.top < o.bottom && r.bottom > o.top;
		const textBoxes = (root: Element) => {
			const found: Array<{ box: Box; text: string }> = [];
			const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
			for (let node = walker.nextNode(); node; node = walker.nextNode()) {
				const text = (node.textContent ?? '').trim();
				if (!text) continue;
				const range = document.createRange();
				range.selectNodeContents(node);
				for (const box of Array.from(range.getClientRects())) if (box.width && box.height) found.push({ box, text: text.slice(0, 40) });
			}
			return found;
		};
		const canvas = document.querySelector('[data-test-id="canvas"]')!.getBoundingClientRect();
		const button = document.querySelector('[data-test-id="execute-workflow-button"]')?.getBoundingClientRect();
		const problems: string[] = [];
		const items: Array<[string, Element]> = [
			...Array.from(document.querySelectorAll('[data-test-id="sticky"]')).map((e): [string, Element] => ['a note', e]),
			...Array.from(document.querySelectorAll('[data-test-id="canvas-node"]')).map((e): [string, Element] => [
				`node "${e.getAttribute('data-node-name')}"`,
				e,
			]),
		];
		for (const [what, element] of items) {
			const own = element.getBoundingClientRect();
			if (!inside(own, canvas)) problems.push(`${what} is not inside the canvas`);
			if (button && meets(own, button)) problems.push(`${what} is under the Execute workflow button`);
			for (const { box, text } of textBoxes(element)) {
				if (what === 'a note' && !inside(box, own)) problems.push(`${what}: "${text}" is cut off`);
				else if (!inside(box, canvas)) problems.push(`${what}: "${text}" is outside the canvas`);
				if (button && meets(box, button)) problems.push(`${what}: "${text}" is under the Execute workflow button`);
			}
		}
		const notes = items.filter(([what]) => what === 'a note').length;
		return { notes, nodes: items.length - notes, problems };
	});
}
