// Whether a multipart request may hand over its file, decided when the first file part arrives and before a
// byte of it is read: the request must come from this site and carry the form token of its session (or,
// before login, of its form cookie together with log-in-again fields that log in), and the user must be
// allowed the action. Anyone else's file is never read: the reader stops, the answer closes the connection,
// and the route refuses as it would any form (403 for a bad token, 401 with the log-in-again fields, 403 for
// a user without the right). Only the form's few small fields before the file are ever held.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { decide, userActor, type Action } from '../../domain/access/index.ts';
import { sameToken } from '../../service/sessions.ts';
import { formCookie } from './cookies.ts';
import type { AuthDeps } from './deps.ts';
import { crossSiteReason } from './form-protection.ts';
import { reloginBeforeBody } from './relogin.ts';

export async function mayReceiveFile(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: AuthDeps,
  fields: Readonly<Record<string, string>>,
  action: Action,
): Promise<boolean> {
  if (crossSiteReason(req)) return false;
  const token = fields._csrf;
  if (!token) return false;
  const viewer = req.auth.viewer;
  if (viewer) return sameToken(token, viewer.csrfToken) && decide(req.auth.actor, action).allowed;
  const cookie = req.cookies[formCookie];
  if (!cookie || !sameToken(token, cookie)) return false;
  const email = fields.relogin_email;
  const password = fields.relogin_password;
  if (email === undefined && password === undefined) return false;
  const login = await reloginBeforeBody(req, reply, deps, email, password);
  return login !== undefined && decide(userActor(login.user, req.ip), action).allowed;
}
