import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { contentScriptPages, holdfastManifest } from './src/manifest/holdfast-manifest.ts';

// Least privilege: the portal only in production; this computer's pages and relay in a
// development build (`--mode development`). See src/manifest/holdfast-manifest.ts.
export default defineConfig({
  srcDir: '.',
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser, manifestVersion, mode }) => holdfastManifest({ browser, manifestVersion, mode }),
  hooks: {
    // The content script's entrypoint names the portal; a development build adds this computer's pages.
    'build:manifestGenerated': (wxt, manifest) => {
      for (const script of manifest.content_scripts ?? []) script.matches = contentScriptPages(wxt.config.mode);
    },
  },
});
