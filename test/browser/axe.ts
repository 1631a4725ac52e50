/**
 * Accessibility audits with axe-core (the pinned npm package, injected into the page): WCAG 2.0,
 * 2.1 and 2.2 rules at levels A and AA. Also lists a built site's pages, so every page that exists
 * is audited without naming it here.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'playwright-core';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The rule sets the audit runs: WCAG 2.2 level AA includes every A and AA rule of 2.0 and 2.1. */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Every page of a built site, as URL paths under `base`: `/`, `/00-hello/`, …, and the 404 page. */
export function sitePages(dir: string, base = '/'): string[] {
  return (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((file) => file.endsWith('.html'))
    .map((file) => `${base}${file.split(path.sep).join('/').replace(/(^|\/)index\.html$/, '$1')}`)
    .sort();
}

/**
 * Audit the page as it is now, with every disclosure (hints, solutions, data tables) opened so
 * their content is audited too. Returns one readable line per violation and element; [] is a pass.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(() => document.querySelectorAll('details').forEach((details) => (details.open = true)));
  // Expressive Code makes a code block that scrolls sideways focusable (tabindex="0") from a
  // ResizeObserver, a moment after layout: audit the page once it has.
  await page.waitForFunction(() => [...document.querySelectorAll('.expressive-code pre')]
    .every((pre) => pre.scrollWidth <= pre.clientWidth || pre.hasAttribute('tabindex')));
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const results = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    interface AxeViolation { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary: string }[] }
    const { violations } = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map(({ target, failureSummary }) => ({ target: target.join(' '), failureSummary })) }));
  }, wcagTags);
  return results.flatMap(({ id, impact, help, nodes }) =>
    nodes.map(({ target, failureSummary }) => `${id} (${impact}): ${help} — ${target}: ${failureSummary.replace(/\s+/g, ' ')}`));
}
