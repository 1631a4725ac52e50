/**
 * The last steps of `astro build`, after every other integration's (Starlight's search index,
 * the sitemap Starlight adds): drop the editor's stylesheet from the pages' <head>, check the
 * links, precompress, stamp the edition. Added from
 * astro:config:setup, so they run after the integrations Starlight adds there itself.
 */
import type { AstroIntegration } from 'astro';
import buildStamp from './build-stamp.ts';
import editorCssOnDemand from './editor-css-on-demand.ts';
import linkCheck from './link-check.ts';
import precompressSite from './precompress.ts';

/** Astro integration: list it last; it appends the finishing steps behind everything else. */
export default function afterBuild(): AstroIntegration {
  return {
    name: 'workbook:after-build',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        updateConfig({ integrations: [editorCssOnDemand(), linkCheck(), precompressSite(), buildStamp()] });
      },
    },
  };
}
