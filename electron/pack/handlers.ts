import type { HandlersOf, PackOutputs } from '../../shared/api/contract.js';
import type { CoreDeps } from '../app/context.js';
import { sql } from '../db/sql.js';
import { scan } from './scan.js';

export function packHandlers(d: CoreDeps): HandlersOf<PackOutputs> {
  return {
    'pack.scan': ({ code }) => scan(d.db, code, d.viewCtx()),
    'pack.acknowledge': ({ code, tid, by }) => {
      d.write((ctx) => {
        ctx.db.run(sql`INSERT INTO audit_log (at, actor, action, tid, detail)
          VALUES (${ctx.now}, ${d.actor(by)}, 'pack_block_acknowledged', ${tid}, ${`scan ${code}`})`);
      });
      return { ok: true };
    },
  };
}
