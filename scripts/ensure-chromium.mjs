#!/usr/bin/env node
// The end-to-end tests and browser benchmarks drive Debian's Chromium (no browser downloads).
// Installs it with apt-get when it is missing and we may (root, or passwordless sudo).
import { execSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.HOLDFAST_CHROMIUM ?? '/usr/bin/chromium';

if (!existsSync(CHROMIUM)) {
  const asRoot = process.getuid?.() === 0;
  const sudo = asRoot ? '' : spawnSync('sudo', ['-n', 'true']).status === 0 ? 'sudo -n ' : null;
  if (sudo === null) {
    console.error(
      `Chromium is missing at ${CHROMIUM}. Install Debian's package first: sudo apt-get install chromium (or set HOLDFAST_CHROMIUM).`,
    );
    process.exit(1);
  }
  console.log('Installing Debian chromium for the browser tests…');
  execSync(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`, {
    stdio: 'inherit',
  });
}
