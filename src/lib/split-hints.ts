/** hints.md into hints: shared by the page (src/lib/hints.ts renders them) and `npm run workshop -- hint`. */

/** A top-level list item starts at column 0 with "-", "*", "+" or "1.". */
const listItem = /^(?:[-*+]|\d+[.)])\s+/;

/** Split hints.md into hints: top-level list items when it has any, blank-line separated paragraphs otherwise. */
export function splitHints(markdown: string): string[] {
  const lines = markdown.replace(/\r\n/g, '\n').split('\n').filter((line) => !/^#\s/.test(line));
  if (!lines.some((line) => listItem.test(line))) {
    return lines.join('\n').split(/\n\s*\n/).map((part) => part.trim()).filter(Boolean);
  }
  const hints: string[][] = [];
  for (const line of lines) {
    if (listItem.test(line)) hints.push([line.replace(listItem, '')]);
    else if (hints.length > 0) hints[hints.length - 1].push(line.replace(/^ {1,4}/, ''));
  }
  return hints.map((hint) => hint.join('\n').trim()).filter(Boolean);
}
