/** "Show solution" as a change to the attendee's own code: a unified diff from their file to the solution. */
import { createTwoFilesPatch } from 'diff';

/** The unified diff turning `mine` into `solution`; empty when they are the same. */
export function solutionDiff(mine: string, solution: string, myName: string, solutionName: string): string {
  if (mine === solution) return '';
  return createTwoFilesPatch(myName, solutionName, mine, solution, 'your file', 'the solution', { context: 3 })
    .replace(/^=+\n/m, '');
}

/** Colour a diff for a terminal: removed lines red, added green, hunk headers cyan. */
export function colourDiff(diff: string): string {
  return diff.split('\n').map((line) =>
    line.startsWith('+++') || line.startsWith('---') ? `\x1b[1m${line}\x1b[0m`
      : line.startsWith('+') ? `\x1b[32m${line}\x1b[0m`
        : line.startsWith('-') ? `\x1b[31m${line}\x1b[0m`
          : line.startsWith('@@') ? `\x1b[36m${line}\x1b[0m` : line).join('\n');
}
