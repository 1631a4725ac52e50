/**
 * A rehype plugin for chapters: every Markdown table can be focused (tabindex="0"). Starlight
 * lets a wide table scroll sideways inside the text column (chapter 3's 18 delay levels, any table
 * on a 375 px phone), and a region that scrolls must be reachable by keyboard to be read (WCAG
 * 2.1.1; axe's scrollable-region-focusable), as Expressive Code does for wide code blocks.
 */

/** The part of a hast node this plugin reads and changes. */
interface Node {
  type: string;
  tagName?: string;
  properties?: Record<string, unknown>;
  children?: Node[];
}

/** The rehype plugin: `markdown: { rehypePlugins: [rehypeFocusableTables] }`. */
export function rehypeFocusableTables() {
  const visit = (node: Node): void => {
    if (node.type === 'element' && node.tagName === 'table') node.properties = { ...node.properties, tabIndex: 0 };
    node.children?.forEach(visit);
  };
  return (tree: Node) => visit(tree);
}
