// The language of a request: `?lang=en` on the URL, Danish otherwise. A parameter, not a cookie, so every
// page can be linked to in either language and works without JavaScript.
import type { FastifyRequest } from 'fastify';
import { isLanguage, type Language } from './i18n/messages.ts';

export function requestLanguage(req: FastifyRequest): Language {
  const q = req.query as Record<string, unknown> | undefined;
  const lang = q?.lang;
  return isLanguage(lang) ? lang : 'da';
}

export function requestPath(req: FastifyRequest): string {
  return req.url.split('?')[0] ?? '/';
}
