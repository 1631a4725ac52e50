/** Content collections: the chapters live in the top-level content/ folder, not src/content/. */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsSchema } from '@astrojs/starlight/schema';

export const collections = {
  docs: defineCollection({
    loader: glob({ pattern: '**/[^_]*.{md,mdx}', base: './content' }),
    schema: docsSchema(),
  }),
};
