// Numbered migrations, applied in order. Each runs in one transaction together with the
// `PRAGMA user_version` bump, so a crash leaves the schema at a whole version.
import m001 from './001_initial.js';
import m002 from './002_interceptions.js';
import m003 from './003_checks.js';
import m004 from './004_batches.js';
import m005 from './005_parcels.js';
import m006 from './006_office.js';
import m007 from './007_pack.js';
import m008 from './008_column_mappings.js';
import m009 from './009_redact_event_log.js';
import m010 from './010_search_queue_by_writer.js';
import m011 from './011_buyer_sealed_once.js';
import m012 from './012_deadline_index_split.js';
import m013 from './013_search_triggers_without_conflict.js';

export interface Migration {
  version: number;
  name: string;
  up: string;
}

export const MIGRATIONS: Migration[] = [
  { version: 1, name: '001_initial', up: m001 },
  { version: 2, name: '002_interceptions', up: m002 },
  { version: 3, name: '003_checks', up: m003 },
  { version: 4, name: '004_batches', up: m004 },
  { version: 5, name: '005_parcels', up: m005 },
  { version: 6, name: '006_office', up: m006 },
  { version: 7, name: '007_pack', up: m007 },
  { version: 8, name: '008_column_mappings', up: m008 },
  { version: 9, name: '009_redact_event_log', up: m009 },
  { version: 10, name: '010_search_queue_by_writer', up: m010 },
  { version: 11, name: '011_buyer_sealed_once', up: m011 },
  { version: 12, name: '012_deadline_index_split', up: m012 },
  { version: 13, name: '013_search_triggers_without_conflict', up: m013 },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
