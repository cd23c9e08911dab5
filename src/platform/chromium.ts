// Where Debian's Chromium is and how long a print may take: `CHROMIUM_PATH` (default /usr/bin/chromium) and
// `PDF_TIMEOUT_MS` (default 60 s, from launch to the last byte). Read here, not in config.ts, because only the
// PDF producers need them.
export interface ChromiumSettings {
  readonly executablePath: string;
  readonly timeoutMs: number;
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
] as const;

export class ChromiumSettingError extends Error {
  override readonly name = 'ChromiumSettingError';
}

export function chromiumSettings(env: NodeJS.ProcessEnv): ChromiumSettings {
  const raw = env.PDF_TIMEOUT_MS;
  const timeoutMs = raw === undefined || raw === '' ? 60_000 : Number(raw);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 3_600_000)
    throw new ChromiumSettingError(
      `PDF_TIMEOUT_MS must be a whole number of milliseconds from 100 to 3600000, not "${raw}"`,
    );
  return { executablePath: env.CHROMIUM_PATH || '/usr/bin/chromium', timeoutMs };
}
