// Debian's Chromium driven by playwright-core; never a browser downloaded by a test tool.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../src/platform/chromium.ts';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath))
    throw new Error(
      `Chromium not found at ${chromiumPath}; install it with scripts/install-test-deps.sh (apt-get install chromium)`,
    );
  return chromium.launch({
    executablePath: chromiumPath,
    args: [...CHROMIUM_ARGS],
  });
}
