/**
 * Whole lines: at 1280 × 800 no line of any cell is cut off at the cell's edge, on every page the
 * sidebar lists (so chapters added later are walked too): not in the highlighted code, not in the
 * editor, not in the view of edited code. Long lines wrap under their own indentation instead.
 */
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { openPage, screenshot, useSandboxAndBrowser } from './fixture.ts';

const { browser, sandbox } = useSandboxAndBrowser();
const viewport = { width: 1280, height: 800 };

/** Every page in the sidebar (read on the first chapter: the home page has none), as paths. */
async function sidebarPages(): Promise<string[]> {
  const page = await openPage(browser(), `${sandbox().url}/00-hello/`, { viewport });
  const hrefs = await page.locator('nav.sidebar a[href]').evaluateAll((links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname));
  await page.context().close();
  return [...new Set(hrefs)];
}

/** The cells on a page whose element `selector` is wider inside than its box: [example id, box width, content width]. */
function clipped(page: Page, selector: string): Promise<[string, number, number][]> {
  return page.locator(selector).evaluateAll((elements) => elements
    .filter((element) => (element as HTMLElement).offsetParent !== null && element.scrollWidth > element.clientWidth + 1)
    .map((element) => [element.closest('wb-cell')?.getAttribute('data-example') ?? '?', element.clientWidth, element.scrollWidth] as [string, number, number]));
}

it('shows every line of every cell whole at 1280 px: highlighted code, editor, edited code', async () => {
  const pages = await sidebarPages();
  expect(pages).toEqual(expect.arrayContaining(['/00-hello/', '/01-why-mq/']));
  let cellsSeen = 0;
  for (const path of pages) {
    const page = await openPage(browser(), `${sandbox().url}${path}`, { viewport });
    const cells = page.locator('wb-cell');
    const count = await cells.count();
    cellsSeen += count;
    if (count === 0) {
      await page.context().close();
      continue;
    }
    expect(await clipped(page, 'wb-cell [data-part="code"] pre'), path).toEqual([]);

    // The editor and the edited view, on the cell with the longest line of the page.
    const longest = await cells.evaluateAll((all) => {
      const widths = all.map((cell) => Math.max(...(JSON.parse(cell.querySelector('[data-part="source"]')!.textContent!) as string).split('\n').map((line) => line.length)));
      return widths.indexOf(Math.max(...widths));
    });
    const cell = cells.nth(longest);
    await cell.getByRole('button', { name: 'Edit', exact: true }).click();
    await cell.locator('.monaco-editor').waitFor();
    const editorWidths = await page.evaluate(() => (window as any).monaco.editor.getEditors().map((editor: any) => [editor.getScrollWidth(), editor.getLayoutInfo().width]));
    for (const [scrollWidth, width] of editorWidths) expect(scrollWidth, `${path}: the editor scrolls sideways`).toBeLessThanOrEqual(width);
    await screenshot(cell, `whole-lines${path.replaceAll('/', '-')}editor`);
    await page.evaluate(() => {
      const model = (window as any).monaco.editor.getEditors()[0].getModel();
      model.setValue(`${model.getValue()}\n// an edit, so the cell shows the edited view when the editor closes`);
    });
    await cell.getByRole('button', { name: 'Close editor' }).click();
    expect(await cell.locator('[data-part="edited-code"]').isVisible()).toBe(true);
    expect(await clipped(page, 'wb-cell [data-part="edited-code"]'), path).toEqual([]);
    await screenshot(page, `whole-lines${path.replaceAll('/', '-')}1280`);
    await page.context().close();
  }
  expect(cellsSeen).toBeGreaterThan(0);
});
