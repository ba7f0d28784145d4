// The pack station reacts to one order fact: numbered export lines (`${tid}-n`) that took the platform's real
// sub-order ids keep their handover records (pack_outs) under the new id, so a line handed over stays handed over.
import type { FactBus } from '../app/facts.js';
import { sql } from '../db/sql.js';

export function subscribePack(facts: FactBus): void {
  facts.on('lines.reidentified', (ctx, f) => {
    // One handover per line (pack_outs_one_per_line): a record already under the new id is kept as it is.
    for (const r of f.renamed) ctx.db.run(sql`UPDATE OR IGNORE pack_outs SET oid = ${r.to} WHERE oid = ${r.from}`);
  });
}
