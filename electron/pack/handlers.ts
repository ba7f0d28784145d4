// The pack capability's handlers (打包台 and the new-interception alarms), built from the core's services.
// Also starts the alarm watcher on the change bus (see alarms.ts).
import type { HandlersOf, PackOutputs } from '../../shared/api/contract.js';
import type { ChangeBus } from '../app/bus.js';
import type { CoreDeps } from '../app/context.js';
import { sql } from '../db/sql.js';
import { acknowledgeAlarms, listAlarms, watchAlarms } from './alarms.js';
import { packOut, packRecords, packStats } from './out.js';
import { scan } from './scan.js';

export interface PackDeps extends CoreDeps {
  bus: ChangeBus;
}

export function packHandlers(d: PackDeps): HandlersOf<PackOutputs> {
  watchAlarms(d.db, d.bus);
  const stationOf = (station?: string) => station || d.settings().stationName;
  return {
    'pack.scan': ({ code }) => scan(d.db, code, d.viewCtx()),
    'pack.acknowledge': ({ code, tid, by, station, clerk }) => {
      d.write((ctx) => {
        ctx.db.run(sql`INSERT INTO audit_log (at, actor, action, tid, detail)
          VALUES (${ctx.now}, ${by ?? (clerk || stationOf(station))}, 'pack_block_acknowledged', ${tid}, ${`scan ${code} @ ${stationOf(station)}`})`);
      });
      return { ok: true };
    },
    'pack.out': (input) => {
      const station = stationOf(input.station);
      const r = d.write((ctx) => packOut(ctx, input, station));
      if (!r.ok) return r;
      return { ...r, stats: packStats(d.db, station, d.now(), d.settings().timeZone) };
    },
    'pack.stats': ({ station }) => packStats(d.db, stationOf(station), d.now(), d.settings().timeZone),
    'pack.records': ({ tid }) => ({ items: packRecords(d.db, sql`p.tid = ${tid}`) }),
    'alarms.list': () => ({ items: listAlarms(d.db) }),
    'alarms.acknowledge': ({ requestIds, by, station }) => {
      d.write((ctx) => acknowledgeAlarms(ctx, requestIds, by ?? stationOf(station), stationOf(station)));
      return { ok: true };
    },
  };
}
