// A recipient's personal link: a token of 256 random bits, base64url, handed out once — when the link is issued
// for printing or sending — and kept only as its SHA-256, so a copy of the database opens no one's answer.
// A link cannot be shown again later; issuing a new one for the recipient makes the earlier one stop working.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 bytes: twice the 128 bits a guess would have to beat. */
const TOKEN_BYTES = 32;
const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

/** The path under the site's public address where a link's token is answered. */
export const surveyLinkPath = '/svar/';

export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Whether the text can be a token at all; anything else is unknown without asking the database. */
export function looksLikeToken(token: string): boolean {
  return tokenPattern.test(token);
}

/** Compares two hashes in constant time (the database found the row by the hash; this confirms it). */
export function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The link for a token under a base URL such as https://pejlemaerke.ballerup.dk. */
export function surveyLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${surveyLinkPath}${token}`;
}
