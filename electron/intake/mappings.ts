// Saved column mappings: list, preview, save, delete (the `mappings.*` methods), and the lookup the
// import parser uses to map a header it doesn't recognise by itself.
import type { Handlers } from '../../shared/api/contract.js';
import type { MappingFields, MappingPreviewOrder, MappingView } from '../../shared/api/mappings.js';
import type { Platform } from '../../shared/domain.js';
import { normHeader } from '../../shared/intake/common.js';
import { mapWithMapping } from '../../shared/intake/mapped.js';
import { paidAmount } from '../../shared/rules/amounts.js';
import { maskAddress, maskName, maskPhone } from '../../shared/rules/masking.js';
import { ApiError } from '../app/errors.js';
import { sql, type Db } from '../db/sql.js';
import { headerSignature, type SavedMapping } from './parse.js';

interface MappingRow {
  id: number;
  signature: string;
  name: string;
  platform: string;
  header: string;
  fields: string;
  created_at: number;
  updated_at: number;
}

const view = (r: MappingRow): MappingView => ({
  id: r.id,
  name: r.name,
  signature: r.signature,
  platform: r.platform as Platform,
  header: JSON.parse(r.header) as string[],
  fields: JSON.parse(r.fields) as MappingFields,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const saved = (r: MappingRow): SavedMapping => ({
  id: r.id,
  platform: r.platform as Platform,
  fields: JSON.parse(r.fields) as MappingFields,
});

/** The mapping saved for a header signature. */
export function findMapping(db: Db, signature: string): SavedMapping | null {
  const r = db.get<MappingRow>(sql`SELECT * FROM column_mappings WHERE signature = ${signature}`);
  return r ? saved(r) : null;
}

/** A mapping by id (POST /api/imports `mapping`); 404 when there is none. */
export function mappingById(db: Db, id: number): SavedMapping {
  const r = db.get<MappingRow>(sql`SELECT * FROM column_mappings WHERE id = ${id}`);
  if (!r) throw new ApiError(404, 'not_found', `没有这个列映射 column mapping ${id} not found`, 'mapping');
  return saved(r);
}

/** The handlers for the `mappings.*` methods; core spreads them into its handler map. */
export function mappingHandlers(deps: {
  db: Db;
  now: () => number;
  timeZone: () => string;
}): Pick<Handlers, 'mappings.list' | 'mappings.preview' | 'mappings.save' | 'mappings.delete'> {
  const { db, now } = deps;
  return {
    'mappings.list': () => ({
      items: db.all<MappingRow>(sql`SELECT * FROM column_mappings ORDER BY updated_at DESC, id DESC`).map(view),
    }),
    'mappings.preview': ({ header, rows, platform, fields }) => {
      const r = mapWithMapping(rows, header, { platform, fields }, 'preview', deps.timeZone());
      const orders: MappingPreviewOrder[] = r.orders.map((o) => ({
        row: o.row,
        tid: o.tid,
        status: o.status,
        orderType: o.orderType,
        paidAmount: paidAmount(o.amounts),
        paidAt: o.paidAt,
        shipDeadline: o.shipDeadline,
        encrypted: o.buyer.encrypted,
        receiver: o.buyer.encrypted ? '已加密' : maskName(o.buyer.name),
        phone: o.buyer.encrypted ? null : maskPhone(o.buyer.secretNo ?? o.buyer.phone),
        address: o.buyer.encrypted ? '已加密' : maskAddress(o.buyer.address),
        lines: (o.lines ?? []).map((l) => ({ oid: l.oid, sku: l.sku, title: l.title, qty: l.qty })),
        parcels: o.parcels.map((p) => ({ carrier: p.carrier, trackingNo: p.trackingNo })),
      }));
      return { signature: headerSignature(header), orders, skipped: r.skipped, errors: r.errors };
    },
    'mappings.save': ({ name, header, platform, fields }) => {
      const missing = Object.entries(fields).filter(([, c]) => c && !header.some((h) => normHeader(h) === normHeader(c)));
      if (missing.length) {
        const [f, c] = missing[0]!;
        throw new ApiError(400, 'invalid_input', `fields.${f}: 表头里没有列 “${c}” the header has no column “${c}”`, `fields.${f}`);
      }
      const signature = headerSignature(header);
      const at = now();
      db.tx(() =>
        db.run(sql`INSERT INTO column_mappings (signature, name, platform, header, fields, created_at, updated_at)
          VALUES (${signature}, ${name}, ${platform}, ${JSON.stringify(header)}, ${JSON.stringify(fields)}, ${at}, ${at})
          ON CONFLICT (signature) DO UPDATE SET name = excluded.name, platform = excluded.platform, header = excluded.header,
            fields = excluded.fields, updated_at = excluded.updated_at`),
      );
      return view(db.get<MappingRow>(sql`SELECT * FROM column_mappings WHERE signature = ${signature}`)!);
    },
    'mappings.delete': ({ id }) => {
      const n = db.tx(() => db.run(sql`DELETE FROM column_mappings WHERE id = ${id}`).changes);
      if (!n) throw new ApiError(404, 'not_found', `没有这个列映射 column mapping ${id} not found`, 'id');
      return { ok: true };
    },
  };
}
