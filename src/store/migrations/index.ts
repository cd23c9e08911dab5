// Every migration in order. A static list (not a folder scan) so the set is the same in every build.
import type { Migration } from 'kysely';
import * as m001 from './001-strategy.ts';
import * as m002 from './002-observations.ts';
import * as m003 from './003-accounts.ts';
import * as m004 from './004-area-notes.ts';
import * as m005 from './005-followup.ts';
import * as m007 from './007-read-indexes.ts';
import * as m008 from './008-observation-segments.ts';
import * as m009 from './009-batch-completion.ts';
import * as m010 from './010-round-note-supersedes.ts';
import * as m011 from './011-surveys.ts';
import * as m012 from './012-evaluations.ts';
import * as m013 from './013-intervention-unstated.ts';
import * as m014 from './014-mail.ts';
import * as m015 from './015-survey-send.ts';
import * as m016 from './016-survey-retention.ts';
import * as m018 from './018-survey-link-lists.ts';
import * as m019 from './019-survey-send-job.ts';
import * as m020 from './020-evaluation-content.ts';
import * as m021 from './021-refresh-runs.ts';

export const migrations: Record<string, Migration> = {
  '001-strategy': m001,
  '002-observations': m002,
  '003-accounts': m003,
  '004-area-notes': m004,
  '005-followup': m005,
  '007-read-indexes': m007,
  '008-observation-segments': m008,
  '009-batch-completion': m009,
  '010-round-note-supersedes': m010,
  '011-surveys': m011,
  '012-evaluations': m012,
  '013-intervention-unstated': m013,
  '014-mail': m014,
  '015-survey-send': m015,
  '016-survey-retention': m016,
  '018-survey-link-lists': m018,
  '019-survey-send-job': m019,
  '020-evaluation-content': m020,
  '021-refresh-runs': m021,
};
