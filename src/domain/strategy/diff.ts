// What changed between two versions of a strategy, as a list of paths: shown beside the versions so a
// reader sees that, say, an indicator's direction changed from version 2 to 3.
import { formatPath, type StrategyDefinition } from './schema.ts';

export type Change =
  | { readonly kind: 'added'; readonly path: string; readonly after: unknown }
  | { readonly kind: 'removed'; readonly path: string; readonly before: unknown }
  | { readonly kind: 'changed'; readonly path: string; readonly before: unknown; readonly after: unknown };

/**
 * Lists of objects with an `id` are matched by id, not position, so inserting one intervention
 * reports one addition instead of every later item as changed.
 */
export function diffDefinitions(before: StrategyDefinition, after: StrategyDefinition): readonly Change[] {
  const out: Change[] = [];
  walk(before, after, [], out);
  return out;
}

function walk(a: unknown, b: unknown, path: (string | number)[], out: Change[]): void {
  if (Object.is(a, b)) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (isIdList(a) && isIdList(b)) {
      const byId = new Map(a.map((x, i) => [x.id, { x, i }]));
      const seen = new Set<string>();
      b.forEach((y, j) => {
        const match = byId.get(y.id);
        if (match) {
          seen.add(y.id);
          walk(match.x, y, [...path, j], out);
        } else out.push({ kind: 'added', path: formatPath([...path, j]), after: y });
      });
      a.forEach((x, i) => {
        if (!seen.has(x.id)) out.push({ kind: 'removed', path: formatPath([...path, i]), before: x });
      });
      return;
    }
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      if (i >= a.length) out.push({ kind: 'added', path: formatPath([...path, i]), after: b[i] });
      else if (i >= b.length) out.push({ kind: 'removed', path: formatPath([...path, i]), before: a[i] });
      else walk(a[i], b[i], [...path, i], out);
    }
    return;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      if (!(k in a) || a[k] === undefined) {
        if (b[k] !== undefined) out.push({ kind: 'added', path: formatPath([...path, k]), after: b[k] });
      } else if (!(k in b) || b[k] === undefined)
        out.push({ kind: 'removed', path: formatPath([...path, k]), before: a[k] });
      else walk(a[k], b[k], [...path, k], out);
    }
    return;
  }
  out.push({ kind: 'changed', path: formatPath(path), before: a, after: b });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isIdList(v: unknown[]): v is { id: string }[] {
  return v.length > 0 && v.every((x) => isPlainObject(x) && typeof x.id === 'string');
}
