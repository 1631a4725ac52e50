/**
 * A reader's edits, kept in localStorage under the example id and a hash of the original file:
 * when the example changes, the old edit is no longer found and drops out by itself.
 */

const prefix = 'wb-edit:';

const keyOf = (id: string, hash: string) => `${prefix}${id}@${hash}`;

/** The reader's saved version of an example, or undefined. */
export function loadEdit(id: string, hash: string): string | undefined {
  try {
    return localStorage.getItem(keyOf(id, hash)) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Save the reader's version (and forget edits of older versions of the same example). */
export function saveEdit(id: string, hash: string, code: string): void {
  try {
    forgetStale(id, hash);
    localStorage.setItem(keyOf(id, hash), code);
  } catch {
    // storage full or disabled: the edit lives as long as the page
  }
}

/** Forget the reader's version of an example. */
export function clearEdit(id: string, hash: string): void {
  try {
    localStorage.removeItem(keyOf(id, hash));
  } catch {
    // nothing stored
  }
}

function forgetStale(id: string, hash: string): void {
  for (let i = localStorage.length - 1; i >= 0; i--) {
    const key = localStorage.key(i);
    if (key?.startsWith(`${prefix}${id}@`) && key !== keyOf(id, hash)) localStorage.removeItem(key);
  }
}
