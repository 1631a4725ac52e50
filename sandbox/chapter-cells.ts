/** Every runnable cell of every chapter, read from the MDX in content/: `<Example id="…" />` and `<Exercise id="…" />`. */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from './broker/layout.ts';

export interface ChapterCell {
  /** The chapter file, relative to content/. */
  chapter: string;
  kind: 'example' | 'exercise';
  /** Example id, or for an exercise its folder under examples/. */
  id: string;
}

export const contentDir = path.join(projectRoot, 'content');

/** All cells in reading order (chapter files sorted by name, cells in page order). */
export function chapterCells(): ChapterCell[] {
  const cells: ChapterCell[] = [];
  for (const chapter of listMdx(contentDir).sort()) {
    const text = fs.readFileSync(path.join(contentDir, chapter), 'utf8');
    for (const match of text.matchAll(/<(Example|Exercise)\s+[^>]*?\bid="([^"]+)"/g)) {
      cells.push({ chapter, kind: match[1] === 'Example' ? 'example' : 'exercise', id: match[2] });
    }
  }
  return cells;
}

function listMdx(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listMdx(path.join(dir, entry.name), `${prefix}${entry.name}/`)
      : /\.mdx?$/.test(entry.name) ? [`${prefix}${entry.name}`] : []);
}
