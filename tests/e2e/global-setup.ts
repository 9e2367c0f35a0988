import { buildExtension } from './extension-harness.ts';

/**
 * Builds the extension once for every end-to-end test: the development build, which also runs on
 * this computer's pages (the demo portal) and reaches a relay here. Each test opens its own profile.
 */
export default async function setup(): Promise<void> {
  await buildExtension('chrome', 'development');
}
