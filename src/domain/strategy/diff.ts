// What changed between two versions of a strategy: each change with the items it lies in (a focus area, an
// indicator, an intervention, named by their titles as the pages name them), the field within the last of them,
// and the values before and after — so the versions page can say "Indikator «Offentlig forsørgelse»: retning
// ændret fra ned til op" instead of a path.
import { formatPath, type StrategyDefinition } from './schema.ts';

/** An item of an id-keyed list the change lies in: the list's key (`areas`, `indicators`, `items`, …). */
export interface ChangedItem {
  readonly list: string;
  readonly id: string;
  /** The item's title as the pages show it: its title, text, name or label, else its id. */
  readonly title: string;
}

export interface ChangeAt {
  /** The path as in the definition file, e.g. `areas[1].indicators[2].direction`. */
  readonly path: string;
  /** The items passed on the way, outermost first. */
  readonly items: readonly ChangedItem[];
  /** The keys and positions below the last item: `['goal', 'statements', 0]`; empty for the item itself. */
  readonly field: readonly (string | number)[];
}

export type Change =
  | ({ readonly kind: 'added'; readonly after: unknown } & ChangeAt)
  | ({ readonly kind: 'removed'; readonly before: unknown } & ChangeAt)
  | ({ readonly kind: 'changed'; readonly before: unknown; readonly after: unknown } & ChangeAt);

/**
 * Lists of objects with an `id` are matched by id, not position, so inserting one intervention
 * reports one addition instead of every later item as changed.
 */
export function diffDefinitions(before: StrategyDefinition, after: StrategyDefinition): readonly Change[] {
  const out: Change[] = [];
  walk(before, after, { path: [], items: [], field: [] }, out);
  return out;
}

interface Where {
  readonly path: readonly (string | number)[];
  readonly items: readonly ChangedItem[];
  readonly field: readonly (string | number)[];
}

const at = (w: Where): ChangeAt => ({ path: formatPath(w.path), items: w.items, field: w.field });

function walk(a: unknown, b: unknown, where: Where, out: Change[]): void {
  if (Object.is(a, b)) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (isIdList(a) && isIdList(b)) {
      const list = String(where.path.at(-1) ?? '');
      const into = (item: { id: string }, i: number): Where => ({
        path: [...where.path, i],
        items: [...where.items, { list, id: item.id, title: titleOf(item) }],
        field: [],
      });
      const byId = new Map(a.map((x, i) => [x.id, { x, i }]));
      const seen = new Set<string>();
      b.forEach((y, j) => {
        const match = byId.get(y.id);
        if (match) {
          seen.add(y.id);
          walk(match.x, y, into(y, j), out);
        } else out.push({ kind: 'added', ...at(into(y, j)), after: y });
      });
      a.forEach((x, i) => {
        if (!seen.has(x.id)) out.push({ kind: 'removed', ...at(into(x, i)), before: x });
      });
      return;
    }
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const w = { ...where, path: [...where.path, i], field: [...where.field, i] };
      if (i >= a.length) out.push({ kind: 'added', ...at(w), after: b[i] });
      else if (i >= b.length) out.push({ kind: 'removed', ...at(w), before: a[i] });
      else walk(a[i], b[i], w, out);
    }
    return;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const w = { ...where, path: [...where.path, k], field: [...where.field, k] };
      if (!(k in a) || a[k] === undefined) {
        if (b[k] !== undefined) out.push({ kind: 'added', ...at(w), after: b[k] });
      } else if (!(k in b) || b[k] === undefined) out.push({ kind: 'removed', ...at(w), before: a[k] });
      else walk(a[k], b[k], w, out);
    }
    return;
  }
  out.push({ kind: 'changed', ...at(where), before: a, after: b });
}

/** What a reader knows an item by: its title, its text (an intervention), its name (a centre) or its label. */
export function titleOf(item: unknown): string {
  if (!isPlainObject(item)) return String(item);
  for (const key of ['title', 'text', 'name', 'label'])
    if (typeof item[key] === 'string' && item[key] !== '') return item[key];
  return typeof item.id === 'string' ? item.id : '';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isIdList(v: unknown[]): v is { id: string }[] {
  return v.length > 0 && v.every((x) => isPlainObject(x) && typeof x.id === 'string');
}
