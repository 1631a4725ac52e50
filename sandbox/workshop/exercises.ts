/**
 * The workshop's exercises, in reader order: every `<Exercise id="…" title="…" />` of content/*.mdx
 * (found the way the site and every-cell.test.ts find them), each with its folder under examples/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../broker/layout.ts';
import { chapterCells, contentDir } from '../chapter-cells.ts';
import { examplesDir } from '../examples.ts';
import { splitHints } from '../../src/lib/split-hints.ts';

export interface WorkshopExercise {
  /** The folder under examples/, as the page names it: "01-why-mq/exercises/tag-filter". */
  id: string;
  /** The chapter folder: "01-why-mq". */
  chapter: string;
  /** The folder's own name: "tag-filter". */
  name: string;
  /** The title on the page (the Exercise's title, else its name). */
  title: string;
  /** examples/<id>/ */
  folder: string;
  /** Where the attendee's own copy lives (git-ignored): my-work/<chapter>/<name>.ts */
  workFile: string;
}

/** The files every exercise has (test/integration/workshop.test.ts holds every exercise to it). */
export const exerciseFiles = ['starter.ts', 'solution.ts', 'check.ts', 'hints.md'] as const;

/** Where attendees' files live: my-work/ (git-ignored); WORKBOOK_WORK_DIR moves it (tests use their own). */
export function workDir(): string {
  return process.env.WORKBOOK_WORK_DIR ? path.resolve(process.env.WORKBOOK_WORK_DIR) : path.join(projectRoot, 'my-work');
}

/** Every exercise on the site, in reading order (chapter files by name, exercises in page order). */
export function workshopExercises(): WorkshopExercise[] {
  const titles = new Map<string, string>();
  for (const chapter of fs.readdirSync(contentDir).filter((name) => name.endsWith('.mdx'))) {
    const text = fs.readFileSync(path.join(contentDir, chapter), 'utf8');
    for (const match of text.matchAll(/<Exercise\s+([^>]*?)\/?>/g)) {
      const id = /\bid="([^"]+)"/.exec(match[1])?.[1];
      const title = /\btitle="([^"]+)"/.exec(match[1])?.[1];
      if (id && title) titles.set(id, title);
    }
  }
  return chapterCells().filter((cell) => cell.kind === 'exercise').map(({ id }) => {
    const chapter = id.split('/')[0];
    const name = id.split('/').at(-1)!;
    return {
      id, chapter, name,
      title: titles.get(id) ?? name[0].toUpperCase() + name.slice(1).replaceAll('-', ' '),
      folder: path.join(examplesDir, id),
      workFile: path.join(workDir(), chapter, `${name}.ts`),
    };
  });
}

/** An exercise by what an attendee types: its name ("tag-filter"), chapter/name, or full id; undefined when none or several match. */
export function findExercise(exercises: WorkshopExercise[], given: string): WorkshopExercise | { error: string } {
  const wanted = given.replace(/\/+$/, '');
  const matches = exercises.filter((exercise) => exercise.id === wanted || exercise.name === wanted
    || `${exercise.chapter}/${exercise.name}` === wanted);
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) return { error: `"${given}" names ${matches.length} exercises; say which: ${matches.map((e) => `${e.chapter}/${e.name}`).join(', ')}` };
  return { error: `no exercise "${given}": \`npm run workshop -- list\` shows them all` };
}

/**
 * An exercise file's source as it reads from `toDir` instead of the exercise folder: relative
 * imports ('../../../lib/workbook.ts', './scenario.ts') are rewritten to reach the same files, so
 * the attendee's copy in my-work/ compiles, runs and type-checks in their editor like the starter.
 */
export function relocateImports(code: string, exerciseFolder: string, toDir: string): string {
  return code.replace(/(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\2/g, (_whole, lead: string, quote: string, specifier: string) => {
    let moved = path.relative(toDir, path.resolve(exerciseFolder, specifier)).split(path.sep).join('/');
    if (!moved.startsWith('.')) moved = `./${moved}`;
    return `${lead}${quote}${moved}${quote}`;
  });
}

/** The starter or the solution, as the attendee's copy in my-work/ would read. */
export function exerciseSource(exercise: WorkshopExercise, file: 'starter.ts' | 'solution.ts'): string {
  return relocateImports(fs.readFileSync(path.join(exercise.folder, file), 'utf8'), exercise.folder, path.dirname(exercise.workFile));
}

/** hints.md split into hints, as the page shows them (one per top-level list item, else per paragraph). */
export function exerciseHints(exercise: WorkshopExercise): string[] {
  const file = path.join(exercise.folder, 'hints.md');
  return fs.existsSync(file) ? splitHints(fs.readFileSync(file, 'utf8')) : [];
}
