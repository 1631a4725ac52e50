/**
 * A rehype plugin for chapters: a link written from the site's root (`[chapter 2](/02-sending/)`)
 * gets the site's base path, so chapters link the same way whether the site is served at `/` or
 * under `WORKBOOK_BASE=/rocketmq-workbook/`. Authors never write the base themselves.
 */

/** The part of a hast (or MDX JSX) node this plugin reads and changes. */
interface Node {
  type: string;
  tagName?: string;
  name?: string | null;
  properties?: Record<string, unknown>;
  attributes?: { type: string; name?: string; value?: unknown }[];
  children?: Node[];
}

/** Attributes that hold a URL, per element. */
const urlAttributes: Record<string, string> = { a: 'href', img: 'src', area: 'href' };

/** `/02-sending/#x` → `/rocketmq-workbook/02-sending/#x` for base `/rocketmq-workbook/`; anything else as it is. */
export function withBase(url: string, base: string): string {
  const prefix = base.replace(/\/+$/, '');
  if (!prefix || !url.startsWith('/') || url.startsWith('//') || url === prefix || url.startsWith(`${prefix}/`)) return url;
  return `${prefix}${url}`;
}

/** The rehype plugin: `markdown: { rehypePlugins: [[rehypeBaseLinks, { base }]] }`. */
export function rehypeBaseLinks({ base }: { base: string }) {
  const visit = (node: Node): void => {
    if (node.type === 'element' && node.tagName && node.properties) {
      const attribute = urlAttributes[node.tagName];
      const value = attribute ? node.properties[attribute] : undefined;
      if (typeof value === 'string') node.properties[attribute] = withBase(value, base);
    }
    // Links written as JSX in MDX (<a href="/00-hello/">) stay JSX nodes until the MDX compiler runs.
    const jsxName = node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement' ? node.name : undefined;
    const jsxAttribute = jsxName ? urlAttributes[jsxName] : undefined;
    for (const attribute of jsxAttribute ? node.attributes ?? [] : []) {
      if (attribute.type === 'mdxJsxAttribute' && attribute.name === jsxAttribute && typeof attribute.value === 'string') {
        attribute.value = withBase(attribute.value, base);
      }
    }
    node.children?.forEach(visit);
  };
  return (tree: Node) => visit(tree);
}
