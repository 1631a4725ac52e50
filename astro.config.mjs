// The site: Starlight reads the chapters from content/ (src/content.config.ts). With no `sidebar`
// option Starlight lists every chapter in file-name order, so a new chapter appears by itself.
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import monacoAssets from './src/integrations/monaco-assets.ts';

export default defineConfig({
  outDir: './dist',
  // The broker's store and test output change all the time: keep `astro dev` from watching them.
  vite: { server: { watch: { ignored: ['**/.rocketmq/**', '**/.sandbox/**', '**/test-artifacts/**'] } } },
  integrations: [
    monacoAssets(),
    starlight({
      title: 'RocketMQ Workbook',
      description: 'An interactive, literate tutorial for Apache RocketMQ 5 in TypeScript.',
      customCss: ['./src/styles/cell.css', './src/styles/exercise.css', './src/styles/chart.css'],
      pagination: true,
    }),
  ],
});
