// Observations stored as segments: one row per batch, series, area, dimension combination, unit, status and
// illustrative flag, holding that key's periods and figures as parallel arrays. A statistical table repeats a
// handful of keys over many periods, so a million figures are some ten thousand rows: an import writes (and
// indexes) a hundredth of what one row per figure cost, and a national read scans as little. The view
// `observation` unnests the segments into the row shape every reader used before, one row per figure.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table observation_segment (
      id bigserial primary key,
      -- Checked at commit when an import writes its segments before its batch row (deferBatchCheck).
      batch_id bigint not null references import_batch (id) deferrable initially immediate,
      series text not null,
      area text not null,
      dims jsonb not null,
      dims_key text not null,
      unit text not null,
      status text not null,
      illustrative boolean not null,
      recorded_at timestamptz not null,
      periods text[] not null,
      vals double precision[] not null,
      -- Null when no figure of the segment is missing, or none has a numerator or denominator: most have none.
      missing_reasons text[],
      missing_markers text[],
      numerators double precision[],
      denominators double precision[],
      check (cardinality(periods) between 1 and 65535),
      check (array_ndims(periods) = 1 and array_ndims(vals) = 1),
      check (cardinality(vals) = cardinality(periods)),
      check (missing_reasons is null or cardinality(missing_reasons) = cardinality(periods)),
      check (missing_markers is null or cardinality(missing_markers) = cardinality(periods)),
      check (numerators is null or cardinality(numerators) = cardinality(periods)),
      check (denominators is null or cardinality(denominators) = cardinality(periods))
    )`.execute(db);
  // The vintage lookup: a key's segments, newest first. A figure's current vintage is the newest segment that
  // holds its period.
  await sql`
    create index observation_segment_vintage
    on observation_segment (series, area, dims_key, recorded_at desc, id desc)`.execute(db);
  await sql`create index observation_segment_batch on observation_segment (batch_id)`.execute(db);
  await sql`
    create trigger observation_segment_append_only before update or delete on observation_segment
    for each row execute function refuse_change()`.execute(db);
  await sql`
    create trigger observation_segment_no_truncate before truncate on observation_segment
    for each statement execute function refuse_change()`.execute(db);
  // The periods each series has, for the choosers on the pages: kept at import, so no read unnests a series.
  await sql`
    create table series_period (
      series text not null,
      period text not null,
      primary key (series, period)
    )`.execute(db);

  // Figures stored one per row until now become segments, in the order they were stored.
  await sql`
    insert into observation_segment (batch_id, series, area, dims, dims_key, unit, status, illustrative,
      recorded_at, periods, vals, missing_reasons, missing_markers, numerators, denominators)
    select batch_id, series, area, dims, dims_key, unit, status, illustrative, recorded_at,
      array_agg(period order by id), array_agg(value order by id),
      case when bool_or(missing_reason is not null) then array_agg(missing_reason order by id) end,
      case when bool_or(missing_marker is not null) then array_agg(missing_marker order by id) end,
      case when bool_or(numerator is not null) then array_agg(numerator order by id) end,
      case when bool_or(denominator is not null) then array_agg(denominator order by id) end
    from observation
    group by batch_id, series, area, dims, dims_key, unit, status, illustrative, recorded_at
    order by min(id)`.execute(db);
  await sql`insert into series_period select distinct series, period from observation`.execute(db);
  await sql`drop table observation`.execute(db);

  // One row per figure, as before. `id` orders a segment's figures after those of earlier segments.
  await sql`
    create view observation as
    select s.id * 65536 + f.n as id, s.batch_id, s.series, s.area, f.period, s.dims, s.dims_key, f.value,
      f.missing_reason, f.missing_marker, f.numerator, f.denominator, s.unit, s.status, s.illustrative,
      s.recorded_at
    from observation_segment s
    cross join lateral unnest(s.periods, s.vals, s.missing_reasons, s.missing_markers, s.numerators,
      s.denominators) with ordinality as f(period, value, missing_reason, missing_marker, numerator, denominator, n)`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  throw new Error('migration 008 cannot be undone: observation vintages are kept for good');
}
