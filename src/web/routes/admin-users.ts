// The administrators' user pages: the list with a form to add a user, and each user's page with forms to
// change their role and centres, disable them or set a new password. Every write goes through the accounts
// service and is logged.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isRole, type Role } from '../../domain/access/index.ts';
import {
  AccountInputError,
  addUser,
  changeAccess,
  disableUser,
  getUser,
  listUsers,
  resetPassword,
  type AccountProblem,
  type UserRow,
} from '../../service/accounts.ts';
import { listCentres, type Centre } from '../../service/centres.ts';
import { NotFoundError } from '../../service/errors.ts';
import {
  allowAction,
  allowPage,
  field,
  fields,
  formToken,
  hrefWith,
  sendStatusPage,
} from '../auth/access.ts';
import { writeContext, type AuthDeps } from '../auth/deps.ts';
import { reloginFromForm, reloginView, type Relogin } from '../auth/relogin.ts';
import { HttpError } from '../http-error.ts';
import { translator, type MessageKey } from '../i18n/messages.ts';
import { link, renderPage } from '../render.ts';
import { requestLanguage, requestPath } from '../request-language.ts';

interface UserParams {
  userId: string;
}

interface AddValues {
  readonly email: string;
  readonly displayName: string;
  readonly role: string;
  readonly centres: readonly string[];
}

type Problem = { readonly field: AccountProblem['field']; readonly key: MessageKey };

const problemKey = (p: AccountProblem): MessageKey => {
  const key = `field.${p.field}.${p.code}` as MessageKey;
  return translator('da')(key) === key ? 'field.invalid' : key;
};

/** The id in the page a problem's summary link jumps to. */
function fieldId(f: AccountProblem['field'], centres: readonly Centre[]): string {
  if (f === 'role') return 'role-admin';
  if (f === 'centres') return centres[0] ? `centre-${centres[0].id}` : 'centres';
  return f;
}

export function registerAdminUsers(app: FastifyInstance, deps: AuthDeps): void {
  const usersPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    options: { values?: AddValues; problems?: readonly Problem[]; relogin?: Relogin },
  ) => {
    const lang = requestLanguage(req);
    const t = translator(lang);
    const centres = await listCentres(deps.database);
    // A visitor whose session ended sees the form again, not the list.
    const users = req.auth.viewer ? await listUsers(writeContext(req, deps)) : [];
    const errors = (options.problems ?? []).map((p) => ({
      id: fieldId(p.field, centres),
      field: p.field,
      message: t(p.key),
    }));
    const centreNames = new Map(centres.map((c) => [c.id, c.name]));
    return reply
      .code(status)
      .type('text/html')
      .send(
        renderPage(
          'admin-users.njk',
          { lang, path: requestPath(req) },
          {
            title: t('admin.users.title'),
            breadcrumbs: [{ text: t('nav.home'), href: link('/', lang) }, { text: t('admin.users.title') }],
            users: users.map((u) => ({ ...u, centreNames: u.centres.map((c) => centreNames.get(c) ?? c) })),
            centres,
            roleChoices: ['admin', 'editor', 'reader'],
            values: options.values ?? { email: '', displayName: '', role: '', centres: [] },
            errors,
            fieldErrors: Object.fromEntries(errors.map((e) => [e.field, e.message])),
            relogin: reloginView(req, t, options.relogin),
            action: link('/admin/brugere', lang),
            csrfToken: formToken(req, reply),
            now: deps.now(),
          },
        ),
      );
  };

  app.get('/admin/brugere', async (req, reply) => {
    if (!(await allowPage(req, reply, deps, 'user.manage'))) return reply;
    return usersPage(req, reply, 200, {});
  });

  app.post('/admin/brugere', async (req, reply) => {
    const body = req.body;
    const values: AddValues = {
      email: (field(body, 'email') ?? '').trim(),
      displayName: (field(body, 'displayName') ?? '').trim(),
      role: field(body, 'role') ?? '',
      centres: fields(body, 'centres'),
    };
    const relogin = await reloginFromForm(req, reply, deps);
    if (!req.auth.viewer)
      return usersPage(req, reply, relogin.status === 'failed' ? relogin.httpStatus : 401, {
        values,
        relogin,
      });
    if (!(await allowAction(req, reply, deps, 'user.manage'))) return reply;
    const known = new Set((await listCentres(deps.database)).map((c) => c.id));
    const problems: Problem[] = [];
    if (values.centres.some((c) => !known.has(c)))
      problems.push({ field: 'centres', key: 'field.centres.invalid' });
    if (values.role !== '' && !isRole(values.role))
      problems.push({ field: 'role', key: 'field.role.invalid' });
    if (problems.length === 0) {
      try {
        const user = await addUser(writeContext(req, deps), {
          email: values.email,
          displayName: values.displayName,
          roles: isRole(values.role) ? [values.role as Role] : [],
          centres: values.centres,
          password: field(body, 'password') ?? '',
        });
        return reply.redirect(
          hrefWith(`/admin/brugere/${user.id}`, requestLanguage(req), { oprettet: '1' }),
          303,
        );
      } catch (e) {
        if (!(e instanceof AccountInputError)) throw e;
        problems.push(...e.problems.map((p) => ({ field: p.field, key: problemKey(p) })));
      }
    }
    return usersPage(req, reply, 400, { values, problems });
  });

  const userPage = async (
    req: FastifyRequest<{ Params: UserParams }>,
    reply: FastifyReply,
    status: number,
    user: UserRow,
    options: {
      passwordError?: MessageKey;
      access?: { values: { role: string; centres: readonly string[] }; problems: readonly Problem[] };
    } = {},
  ) => {
    const lang = requestLanguage(req);
    const t = translator(lang);
    const q = req.query as Record<string, unknown>;
    const count = (v: unknown) => (typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : undefined);
    const centres = await listCentres(deps.database);
    const centreNames = new Map(centres.map((c) => [c.id, c.name]));
    const notices = [
      q.oprettet === '1' ? t('admin.users.added', { email: user.email }) : undefined,
      count(q.deaktiveret) !== undefined
        ? t('admin.user.disabled', { n: count(q.deaktiveret) ?? 0 })
        : undefined,
      count(q.nulstillet) !== undefined
        ? t('admin.user.resetDone', { n: count(q.nulstillet) ?? 0 })
        : undefined,
      count(q.adgang) !== undefined ? t('admin.user.accessDone', { n: count(q.adgang) ?? 0 }) : undefined,
      q.uaendret === '1' ? t('admin.user.accessSame') : undefined,
    ].filter((x): x is string => x !== undefined);
    const passwordError = options.passwordError;
    const accessErrors = (options.access?.problems ?? []).map((p) => ({
      id: fieldId(p.field, centres),
      field: p.field,
      message: t(p.key),
    }));
    const errors = [
      ...accessErrors,
      ...(passwordError ? [{ id: 'password', message: t(passwordError) }] : []),
    ];
    return reply
      .code(status)
      .type('text/html')
      .send(
        renderPage(
          'admin-user.njk',
          { lang, path: requestPath(req) },
          {
            title: user.email,
            breadcrumbs: [
              { text: t('nav.home'), href: link('/', lang) },
              { text: t('admin.users.title'), href: link('/admin/brugere', lang) },
              { text: user.email },
            ],
            user: { ...user, centreNames: user.centres.map((c) => centreNames.get(c) ?? c) },
            notices,
            errors,
            passwordError: passwordError ? t(passwordError) : undefined,
            centres,
            roleChoices: ['admin', 'editor', 'reader'],
            access: options.access?.values ?? { role: user.roles[0] ?? '', centres: user.centres },
            fieldErrors: Object.fromEntries(accessErrors.map((e) => [e.field, e.message])),
            base: `/admin/brugere/${user.id}`,
            historyHref: hrefWith('/admin/log', lang, { person: user.email }),
            csrfToken: formToken(req, reply),
            now: deps.now(),
          },
        ),
      );
  };

  const loadUser = async (req: FastifyRequest<{ Params: UserParams }>) => {
    try {
      return await getUser(writeContext(req, deps), { id: req.params.userId });
    } catch (e) {
      if (e instanceof NotFoundError) throw new HttpError(404, 'user not found');
      throw e;
    }
  };

  app.get<{ Params: UserParams }>('/admin/brugere/:userId', async (req, reply) => {
    if (!(await allowPage(req, reply, deps, 'user.manage'))) return reply;
    return userPage(req, reply, 200, await loadUser(req));
  });

  /** A visitor whose session ended: nothing typed to keep here (a password is never shown again). */
  const loginAgain = (req: FastifyRequest, reply: FastifyReply) =>
    sendStatusPage(req, reply, 401, 'auth.relogin.title', 'auth.login.expired');

  app.post<{ Params: UserParams }>('/admin/brugere/:userId/deaktiver', async (req, reply) => {
    if (!req.auth.viewer) return loginAgain(req, reply);
    if (!(await allowAction(req, reply, deps, 'user.manage'))) return reply;
    const { user, sessionsEnded } = await disableUser(writeContext(req, deps), {
      id: (await loadUser(req)).id,
    });
    return reply.redirect(
      hrefWith(`/admin/brugere/${user.id}`, requestLanguage(req), { deaktiveret: String(sessionsEnded) }),
      303,
    );
  });

  app.post<{ Params: UserParams }>('/admin/brugere/:userId/adgangskode', async (req, reply) => {
    if (!req.auth.viewer) return loginAgain(req, reply);
    if (!(await allowAction(req, reply, deps, 'user.manage'))) return reply;
    const target = await loadUser(req);
    try {
      const { sessionsEnded } = await resetPassword(
        writeContext(req, deps),
        { id: target.id },
        field(req.body, 'password') ?? '',
      );
      return reply.redirect(
        hrefWith(`/admin/brugere/${target.id}`, requestLanguage(req), { nulstillet: String(sessionsEnded) }),
        303,
      );
    } catch (e) {
      if (!(e instanceof AccountInputError) || !e.problems[0]) throw e;
      return userPage(req, reply, 400, target, { passwordError: problemKey(e.problems[0]) });
    }
  });

  app.post<{ Params: UserParams }>('/admin/brugere/:userId/adgang', async (req, reply) => {
    if (!req.auth.viewer) return loginAgain(req, reply);
    if (!(await allowAction(req, reply, deps, 'user.manage'))) return reply;
    const target = await loadUser(req);
    const values = { role: field(req.body, 'role') ?? '', centres: fields(req.body, 'centres') };
    // Only the listed centres and roles; anything else (a forged value) is named, not stored.
    const known = new Set((await listCentres(deps.database)).map((c) => c.id));
    const problems: Problem[] = [];
    if (values.role === '') problems.push({ field: 'role', key: 'field.role.required' });
    else if (!isRole(values.role)) problems.push({ field: 'role', key: 'field.role.invalid' });
    if (values.centres.some((c) => !known.has(c)))
      problems.push({ field: 'centres', key: 'field.centres.invalid' });
    if (problems.length === 0) {
      try {
        const r = await changeAccess(
          writeContext(req, deps),
          { id: target.id },
          {
            roles: [values.role],
            centres: values.centres,
          },
        );
        const params: Record<string, string> = r.changed
          ? { adgang: String(r.sessionsEnded) }
          : { uaendret: '1' };
        return reply.redirect(hrefWith(`/admin/brugere/${target.id}`, requestLanguage(req), params), 303);
      } catch (e) {
        if (!(e instanceof AccountInputError)) throw e;
        problems.push(...e.problems.map((p) => ({ field: p.field, key: problemKey(p) })));
      }
    }
    return userPage(req, reply, 400, target, { access: { values, problems } });
  });
}
