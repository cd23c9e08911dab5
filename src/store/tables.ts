// Row types of every table, as Kysely sees them. One interface per table; JSON columns typed as unknown
// and validated where they are read.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, never>;

export interface StrategyTable {
  id: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface StrategyVersionTable {
  strategy_id: string;
  version: number;
  content_hash: string;
  format_version: number;
  /** The validated definition; stored as written so a version can be shown again years later. */
  definition: ColumnType<unknown, string, never>;
  title: string;
  source_file: string;
  loaded_at: Timestamp;
  loaded_by: string;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: ColumnType<Date, Date | string | undefined, never>;
  actor: string;
  actor_kind: string;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  origin: string | null;
  outcome: string;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
}

export interface ImportBatchTable {
  id: Generated<string>;
  source: string;
  source_table: string | null;
  query: string | null;
  file_name: string | null;
  sha256: string | null;
  licence: string | null;
  note: string | null;
  retrieved_at: Timestamp;
  imported_at: Timestamp;
  imported_by: string;
  illustrative: boolean;
  rows_received: number;
  rows_stored: number;
  rows_unchanged: number;
}

/** A column of a view: read, never written. */
type ViewColumn<T> = ColumnType<T, never, never>;

/** The view `observation` (migration 008): one row per figure, unnested from `observation_segment`. */
export interface ObservationView {
  id: ViewColumn<string>;
  batch_id: ViewColumn<string>;
  series: ViewColumn<string>;
  area: ViewColumn<string>;
  period: ViewColumn<string>;
  dims: ViewColumn<Record<string, string>>;
  dims_key: ViewColumn<string>;
  value: ViewColumn<number | null>;
  missing_reason: ViewColumn<string | null>;
  missing_marker: ViewColumn<string | null>;
  numerator: ViewColumn<number | null>;
  denominator: ViewColumn<number | null>;
  unit: ViewColumn<string>;
  status: ViewColumn<string>;
  illustrative: ViewColumn<boolean>;
  recorded_at: ViewColumn<Date>;
}

/** One key's figures in one batch: parallel arrays over `periods` (null arrays where no figure has one). */
export interface ObservationSegmentTable {
  id: Generated<string>;
  batch_id: string;
  series: string;
  area: string;
  dims: ColumnType<Record<string, string>, string, never>;
  dims_key: string;
  unit: string;
  status: string;
  illustrative: boolean;
  recorded_at: Timestamp;
  periods: string[];
  vals: (number | null)[];
  missing_reasons: (string | null)[] | null;
  missing_markers: (string | null)[] | null;
  numerators: (number | null)[] | null;
  denominators: (number | null)[] | null;
}

export interface SeriesPeriodTable {
  series: string;
  period: string;
}

export interface AppUserTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string | null;
  roles: string[];
  centres: ColumnType<string[], string[] | undefined, string[]>;
  disabled_at: Date | null;
  failed_logins: ColumnType<number, number | undefined, number>;
  locked_until: Date | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  oidc_issuer: string | null;
  oidc_subject: string | null;
}

export interface AppSessionTable {
  /** SHA-256 (hex) of the token in the cookie; the token itself is never stored. */
  id: string;
  user_id: string;
  created_at: ColumnType<Date, Date | string, never>;
  last_seen_at: ColumnType<Date, Date | string, Date | string>;
  expires_at: ColumnType<Date, Date | string, never>;
  csrf_secret: string;
  origin: string | null;
  ended_at: Date | null;
  ended_reason: string | null;
}

export interface AreaNoteTable {
  id: Generated<string>;
  strategy_id: string;
  area_id: string;
  body: string;
  created_at: ColumnType<Date, Date | string, never>;
  created_by: string | null;
  author: string;
}

export interface InterventionTable {
  strategy_id: string;
  id: string;
  area_id: string;
  source_item: string | null;
  title: string;
  description: string;
  status: string | null;
  lead_centre: string | null;
  involved_centres: string[];
  starts_on: ColumnType<string | null, string | null, string | null>;
  ends_on: ColumnType<string | null, string | null, string | null>;
  indicator_ids: string[];
  position: number;
  revision: Generated<number>;
  created_at: ColumnType<Date, Date | string, never>;
  created_by: string;
  updated_at: ColumnType<Date, Date | string, Date | string>;
  updated_by: string;
  archived_at: Date | null;
}

export interface InterventionNoteTable {
  id: Generated<string>;
  strategy_id: string;
  intervention_id: string;
  noted_on: ColumnType<string, string, never>;
  body: string;
  created_at: ColumnType<Date, Date | string, never>;
  created_by: string | null;
  author: string;
}

export interface FollowupRoundTable {
  id: Generated<string>;
  strategy_id: string;
  title: string;
  deadline: string;
  created_at: ColumnType<Date, Date | string, never>;
  created_by: string;
  closed_at: Date | null;
  closed_by: string | null;
}

export interface RoundNoteTable {
  id: Generated<string>;
  round_id: string;
  area_id: string;
  status: string;
  body: string;
  created_at: ColumnType<Date, Date | string, never>;
  created_by: string | null;
  author: string;
  /** The earlier note of the same round and area this one corrects (migration 010). */
  supersedes: ColumnType<string | null, string | null | undefined, never>;
}

export interface Tables {
  strategy: StrategyTable;
  strategy_version: StrategyVersionTable;
  audit_log: AuditLogTable;
  import_batch: ImportBatchTable;
  observation: ObservationView;
  observation_segment: ObservationSegmentTable;
  series_period: SeriesPeriodTable;
  app_user: AppUserTable;
  app_session: AppSessionTable;
  area_note: AreaNoteTable;
  intervention: InterventionTable;
  intervention_note: InterventionNoteTable;
  followup_round: FollowupRoundTable;
  round_note: RoundNoteTable;
}
