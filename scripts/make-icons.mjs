#!/usr/bin/env node
// Renders the app icon (assets/icons/icon.svg) into the PNG sizes the web app manifest lists, with the same
// headless Chromium the browser tests use, and writes them beside it. Run it after changing the SVG and commit
// the PNGs: `node scripts/make-icons.mjs`.

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchBrowser, root } from '../tests/e2e/support.mjs';

const ICONS = join(root, 'assets', 'icons');
const SIZES = [192, 512];

const browser = await launchBrowser();
try {
  for (const size of SIZES) {
    // An SVG with a viewBox and no size of its own fills the viewport.
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    await page.goto(pathToFileURL(join(ICONS, 'icon.svg')).href);
    const path = join(ICONS, `icon-${size}.png`);
    await page.screenshot({ path, omitBackground: true });
    await page.close();
    console.log(`wrote ${path}`);
  }
} finally {
  await browser.close();
}
