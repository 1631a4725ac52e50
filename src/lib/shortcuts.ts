/**
 * The keyboard shortcuts of cells and exercises, in one table: the page lists them
 * (Exercise.astro), the buttons announce them (aria-keyshortcuts), the scripts act on them.
 * Alt+Shift letters are read by key position (event.code): on a Mac, Option changes the character.
 */
export type Shortcut = 'run' | 'check' | 'hint' | 'editor';

export const shortcuts: { action: Shortcut; keys: string; aria: string; what: string }[] = [
  { action: 'run', keys: 'Shift+Enter', aria: 'Shift+Enter', what: 'Run' },
  { action: 'check', keys: 'Ctrl+Shift+Enter (⌘⇧↵)', aria: 'Control+Shift+Enter Meta+Shift+Enter', what: 'Check' },
  { action: 'hint', keys: 'Alt+Shift+H', aria: 'Alt+Shift+H', what: 'Next hint' },
  { action: 'editor', keys: 'Alt+Shift+E', aria: 'Alt+Shift+E', what: 'Edit: open the editor and put the cursor in it' },
];

/** Which shortcut a key press is, if any. */
export function shortcutOf(event: Pick<KeyboardEvent, 'key' | 'code' | 'shiftKey' | 'altKey' | 'ctrlKey' | 'metaKey'>): Shortcut | undefined {
  if (event.key === 'Enter' && event.shiftKey && !event.altKey) return event.ctrlKey || event.metaKey ? 'check' : 'run';
  if (event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey) {
    if (event.code === 'KeyH') return 'hint';
    if (event.code === 'KeyE') return 'editor';
  }
  return undefined;
}
