// The cookies Pejlemærke sets. All carry the __Host- prefix: Secure, Path=/, no Domain, so no other site
// or subdomain can set or read them. Browsers treat http://localhost and 127.0.0.1 as secure, so they work
// in development and in the browser tests too.
import type {} from '@fastify/cookie';
import type { FastifyReply } from 'fastify';

/** The session token. */
export const sessionCookie = '__Host-pejlemaerke';
/** A visitor's form token before login (double-submit), so the login form has CSRF protection too. */
export const formCookie = '__Host-pejlemaerke-form';
/** What must be kept between the redirect to the sign-on provider and its answer. */
export const oidcCookie = '__Host-pejlemaerke-oidc';

const hostOnly = { path: '/', secure: true, httpOnly: true } as const;

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date): void {
  reply.setCookie(sessionCookie, token, { ...hostOnly, sameSite: 'lax', expires: expiresAt });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(sessionCookie, { ...hostOnly, sameSite: 'lax' });
}

export function setFormCookie(reply: FastifyReply, token: string): void {
  reply.setCookie(formCookie, token, { ...hostOnly, sameSite: 'strict' });
}

export function setOidcCookie(reply: FastifyReply, value: string): void {
  // Lax, not Strict: the provider's redirect back is a cross-site top-level navigation.
  reply.setCookie(oidcCookie, value, { ...hostOnly, sameSite: 'lax', maxAge: 600 });
}

export function clearOidcCookie(reply: FastifyReply): void {
  reply.clearCookie(oidcCookie, { ...hostOnly, sameSite: 'lax' });
}
