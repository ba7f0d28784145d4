import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { ShipLockError } from '../../electron/app/errors.js';
import { parseCsv, decodeText } from '../../electron/intake/decode.js';
import { yuanToFen } from '../../shared/rules/amounts.js';
import { HOUR } from '../../shared/rules/time.js';
import { sign } from '../../electron/intake/signature.js';
import { makeCore, SECRET, type TestCore } from '../helpers/core.js';
import { fixture, fixtureText } from '../helpers/fixtures.js';

const GBK = [
  { name: 'taobao-orders-gbk.csv', data: fixture('taobao-orders-gbk.csv') },
  { name: 'taobao-items-gbk.csv', data: fixture('taobao-items-gbk.csv') },
  { name: 'sku-master.csv', data: fixture('sku-master.csv') },
];

const cores: TestCore[] = [];
const core = () => {
  const c = makeCore({ now: Date.parse('2026-11-11T12:00:00+08:00') });
  cores.push(c);
  return c;
};
after(() => cores.forEach((c) => c.close()));

const count = (c: TestCore, table: string) => c.db.get<{ n: number }>({ text: `SELECT COUNT(*) AS n FROM ${table}`, params: [] })!.n;

async function expectImportError(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ShipLockError, String(e));
    return e;
  }
  assert.fail('expected the import to be rejected');
}

/** A .jsonl event file signed like POST /api/events (the importer refuses unsigned ones). */
const signedFile = (c: TestCore, name: string, data: Uint8Array) => {
  const timestamp = String(Math.floor(c.now() / 1000));
  return { name, data, timestamp, signature: sign(SECRET, timestamp, Buffer.from(data)) };
};

describe('imports', () => {
  it('imports the GBK order, item and SKU exports together', async () => {
    const c = core();
    const r = await c.dispatch('imports.run', { files: GBK });
    assert.equal(r.imported, 40 + 40 + 7, JSON.stringify(r.files));
    assert.deepEqual(r.rejected, []);
    assert.equal(count(c, 'orders'), 40);
    assert.equal(count(c, 'order_lines'), 56);
    const o = await c.dispatch('orders.get', { tid: '3921004455660070' });
    assert.deepEqual(
      o.lines.map((l) => [l.sku, l.qty, l.bin, l.barcode]),
      [
        ['BAG-CANVAS', 1, 'C-02-05', '6901234567854'],
        ['SOCK-5P', 2, 'A-07-01', '6901234567861'],
        ['TSHIRT-B-M', 2, 'A-03-10', '6901234567885'],
      ],
    );
    assert.equal(o.contact.name, '周*');
    assert.equal(o.contact.secretNo, '170****4544');
    assert.equal(o.contact.extension, '2120');
    assert.equal(o.contact.phone, null);
    assert.equal(o.contact.address, '浙江省 杭州市 余杭区 科技园南****');
    // No platform deadline in an export: paid + 48 h for spot orders.
    assert.equal(o.shipDeadline, Date.parse('2026-11-11T01:53:13+08:00') + 48 * HOUR);
    assert.equal(o.shipDeadlineSource, 'derived');
  });

  it('derives the paid amount by the 实付款 rule, matching the export’s own column on every row', async () => {
    const c = core();
    await c.dispatch('imports.run', { files: GBK.slice(0, 1) });
    const rows = parseCsv(decodeText(fixture('taobao-orders-gbk.csv')).text);
    const header = rows[0]!;
    const tidCol = header.indexOf('订单编号');
    const paidCol = header.indexOf('买家实际支付金额');
    for (const row of rows.slice(1)) {
      const tid = row[tidCol]!.replace(/[="]/g, '');
      const o = await c.dispatch('orders.get', { tid });
      assert.equal(o.paidAmount, yuanToFen(row[paidCol]!), `paid amount of ${tid}`);
    }
    const presale = await c.dispatch('orders.get', { tid: '3921004455660030' });
    assert.equal(presale.orderType, 'presale');
    assert.equal(presale.paidAmount, 10700);
    assert.equal(presale.shipDeadline, Date.parse('2026-11-11T01:11:30+08:00') + 168 * HOUR);
  });

  it('reads the UTF-8 (BOM) exports the same as the GBK ones', async () => {
    const c = core();
    const r = await c.dispatch('imports.run', {
      files: [
        { name: 'taobao-orders-utf8.csv', data: fixture('taobao-orders-utf8.csv') },
        { name: 'taobao-items-utf8.csv', data: fixture('taobao-items-utf8.csv') },
      ],
    });
    assert.equal(r.imported, 20);
    const o = await c.dispatch('orders.get', { tid: '3921004455660010' });
    assert.equal(o.contact.name, '欧阳*');
    assert.equal(o.buyerNick, 'tb_642597');
    assert.equal(o.lines[0]!.sku, 'BAG-CANVAS');
    assert.equal(o.lines[0]!.bin, null, 'no SKU master imported yet');
  });

  it('imports the event stream file, and a second import of any fixture changes nothing', async () => {
    const c = core();
    const first = await c.dispatch('imports.run', { files: [signedFile(c, 'events.jsonl', fixture('events.jsonl'))] });
    assert.equal(first.imported, 44);
    assert.equal(count(c, 'orders'), 40);
    assert.equal(count(c, 'event_log'), 44);
    const o = await c.dispatch('orders.get', { tid: '3921004455660000' });
    assert.equal(o.shipDeadline, Date.parse('2026-11-13T03:28:27+08:00'));
    assert.equal(o.shipDeadlineSource, 'platform');
    assert.equal(o.paidAmount, 1290);
    const before = c.db.all({ text: 'SELECT * FROM orders ORDER BY tid', params: [] });
    const again = await c.dispatch('imports.run', { files: [signedFile(c, 'events.jsonl', fixture('events.jsonl'))] });
    assert.equal(again.imported, 0);
    assert.equal(again.unchanged, 44);
    // An export of orders the events already describe does not overwrite them.
    const csv = await c.dispatch('imports.run', { files: GBK });
    assert.equal(csv.updated, 0);
    assert.deepEqual(c.db.all({ text: 'SELECT * FROM orders ORDER BY tid', params: [] }), before);
  });

  it('re-importing the same exports changes nothing', async () => {
    const c = core();
    await c.dispatch('imports.run', { files: GBK });
    const snapshot = () => ({
      orders: c.db.all({ text: 'SELECT * FROM orders ORDER BY tid', params: [] }),
      lines: c.db.all({ text: 'SELECT * FROM order_lines ORDER BY oid', params: [] }),
      skus: c.db.all({ text: 'SELECT * FROM skus ORDER BY sku', params: [] }),
    });
    const before = snapshot();
    c.setNow(c.now() + HOUR);
    const r = await c.dispatch('imports.run', { files: GBK });
    assert.equal(r.imported, 0);
    assert.equal(r.updated, 0);
    assert.equal(r.unchanged, 87);
    assert.deepEqual(snapshot(), before);
  });

  it('a file with one bad row is rejected with its row and field, and nothing of the request is stored', async () => {
    const c = core();
    const text = iconv.decode(Buffer.from(fixture('taobao-orders-gbk.csv')), 'gb18030');
    const lines = text.split('\r\n');
    lines[5] = lines[5]!.replace(',147.00,0.00,0,147.00,', ',一百,0.00,0,147.00,'); // row 6: 买家应付货款
    assert.notEqual(lines[5], text.split('\r\n')[5], 'the fixture row was changed');
    const bad = new Uint8Array(iconv.encode(lines.join('\r\n'), 'gb18030'));
    const err = await expectImportError(c.dispatch('imports.run', { files: [GBK[2]!, { name: 'bad-orders.csv', data: bad }, GBK[1]!] }));
    assert.equal(err.status, 422);
    assert.deepEqual(
      err.errors?.map((e) => [e.file, e.row, e.field]),
      [['bad-orders.csv', 6, '买家应付货款']],
    );
    assert.match(err.errors![0]!.message, /一百/);
    assert.equal(count(c, 'orders'), 0);
    assert.equal(count(c, 'skus'), 0, 'the good SKU master of the same request is not stored either');
    assert.equal(count(c, 'imports'), 0);
  });

  it('an item row for an unknown order rolls back the whole request', async () => {
    const c = core();
    const items = fixtureText('taobao-items-utf8.csv').replace('3921004455660090,', '3921009999999999,');
    const err = await expectImportError(
      c.dispatch('imports.run', {
        files: [
          { name: 'o.csv', data: fixture('taobao-orders-utf8.csv') },
          { name: 'i.csv', data: new TextEncoder().encode(items) },
        ],
      }),
    );
    assert.equal(err.status, 422);
    assert.deepEqual(
      err.errors?.map((e) => [e.file, e.row, e.field]),
      [['i.csv', 15, '订单编号']],
    );
    assert.equal(count(c, 'orders'), 0);
  });

  it('names missing columns, unknown files and bad event lines', async () => {
    const c = core();
    const noCol = new TextEncoder().encode('订单编号,收货人姓名,订单状态\n1234567,张三,交易成功\n');
    const unknown = new TextEncoder().encode('a,b\n1,2\n');
    const events = new TextEncoder().encode(
      `${fixtureText('events.jsonl').split('\n')[0]}\n{"id":"x","type":"order.shipped","platform":"taobao","occurredAt":"2026-11-11T00:00:00+08:00","payload":{"tid":"1"}}\n`,
    );
    const err = await expectImportError(
      c.dispatch('imports.run', {
        files: [{ name: 'a.csv', data: noCol }, { name: 'b.csv', data: unknown }, signedFile(c, 'c.jsonl', events)],
      }),
    );
    const got = err.errors!.map((e) => [e.file, e.row, e.field]);
    assert.deepEqual(got, [
      ['a.csv', 1, '收货地址'],
      ['a.csv', 1, '买家应付货款'],
      ['b.csv', 1, null],
      ['c.jsonl', 2, 'payload.carrier'],
    ]);
    assert.equal(count(c, 'event_log'), 0);
  });

  it('unpaid orders are listed as rejected, not imported', async () => {
    const c = core();
    const text = fixtureText('taobao-orders-utf8.csv').replace('"买家已付款,等待卖家发货"', '等待买家付款');
    const r = await c.dispatch('imports.run', { files: [{ name: 'o.csv', data: new TextEncoder().encode(text) }] });
    assert.equal(r.imported, 9);
    assert.equal(r.rejected.length, 1);
    assert.equal(r.rejected[0]!.row, 2);
    assert.equal(r.rejected[0]!.tid, '3921004455660000');
  });
});

describe('settings', () => {
  it('changing the deadline hours re-derives export deadlines, never platform ones', async () => {
    const c = core();
    await c.dispatch('imports.run', { files: GBK.slice(0, 1) });
    await c.dispatch('settings.update', {
      shipDeadlineHours: { spot: 24, presale: 168, custom_ship_time: 72, tiered: 72, scheduled_delivery: 72 },
    });
    const o = await c.dispatch('orders.get', { tid: '3921004455660070' });
    assert.equal(o.shipDeadline, Date.parse('2026-11-11T01:53:13+08:00') + 24 * HOUR);
  });

  it('an update changes only the fields it names', async () => {
    const c = core();
    await c.dispatch('settings.update', { dueSoonHours: 4, stationName: '打包台 7' });
    const v = await c.dispatch('settings.update', { locale: 'en' });
    assert.equal(v.dueSoonHours, 4);
    assert.equal(v.stationName, '打包台 7');
    assert.equal(v.locale, 'en');
  });

  it('rejects invalid settings naming the field', async () => {
    const c = core();
    await assert.rejects(
      c.dispatch('settings.update', { dueSoonHours: -1 }),
      (e: ShipLockError) => e.status === 400 && e.path === 'dueSoonHours',
    );
    await assert.rejects(c.dispatch('settings.update', { timeZone: 'Mars/Base' }), (e: ShipLockError) => e.path === 'timeZone');
    await assert.rejects(c.dispatch('settings.update', { nope: 1 } as never), (e: ShipLockError) => e.status === 400);
  });
});
