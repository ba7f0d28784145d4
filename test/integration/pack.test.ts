// Pack capability on a real core: 出库 refused after a late lock, per-line records, counters, slot numbers,
// and the alarms pushed after a lock (interception.new, alerts.changed for batch_stale).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import iconv from 'iconv-lite';
import type { ChangeEvent } from '../../shared/api/contract.js';
import { makeCore, type TestCore } from '../helpers/core.js';
import { fixture, fixtureEvents } from '../helpers/fixtures.js';

const NOW = Date.parse('2026-11-11T12:00:00+08:00');
const TID = '3921004455660070';
const cores: TestCore[] = [];
after(() => cores.forEach((c) => c.close()));

function core(): TestCore {
  const c = makeCore({ now: NOW });
  cores.push(c);
  c.postEvents(fixtureEvents().filter((e) => e.type === 'order.upserted'));
  return c;
}
let n = 0;
const request = (tid: string, extra: Record<string, unknown> = {}) => ({
  id: `evt-pack-req-${++n}`,
  type: 'interception.requested',
  platform: 'taobao',
  occurredAt: '2026-11-11T11:00:00+08:00',
  payload: { requestId: `icp-pack-${n}`, tid, source: 'customer_service', reason: '买家改地址', ...extra },
});

describe('pack: 验货出库', () => {
  it('refuses 出库 when a line locked after the order was scanned, then records each line once released', async () => {
    const c = core();
    const scanned = await c.dispatch('pack.scan', { code: '３９２１００４４５５６６００７０\t' });
    assert.equal(scanned.match, 'tid');
    assert.equal(scanned.blocked, null);
    assert.equal(scanned.parcel.length, 3);
    const lines = scanned.parcel.map((l) => ({ oid: l.oid, qty: l.qty }));

    // The lock arrives while the packer is ticking items off.
    const req = request(TID, { oids: ['3921004455660072'] });
    c.postEvents(req);
    const refused = await c.dispatch('pack.out', { tid: TID, code: TID, mode: 'verify', lines, station: '打包台1', clerk: 'A07' });
    assert.equal(refused.ok, false);
    assert.ok(!refused.ok && refused.reason === 'locked');
    assert.deepEqual(!refused.ok && refused.blocked.lockedLines.map((l) => l.oid), ['3921004455660072']);
    assert.deepEqual((await c.dispatch('pack.records', { tid: TID })).items, [], 'nothing recorded');

    // Released: the same 出库 goes through, one record per line with station and clerk.
    await c.dispatch('interceptions.release', { requestId: req.payload.requestId, reason: '客服确认继续发货' });
    c.setNow(NOW + 60_000);
    const out = await c.dispatch('pack.out', { tid: TID, code: TID, mode: 'verify', lines, station: '打包台1', clerk: 'A07' });
    assert.ok(out.ok);
    const recs = (await c.dispatch('pack.records', { tid: TID })).items;
    assert.deepEqual(
      recs.map((r) => [r.oid, r.qty, r.station, r.clerk, r.mode, r.at]),
      lines.map((l) => [l.oid, l.qty, '打包台1', 'A07', 'verify', NOW + 60_000]),
    );
    assert.equal(out.stats.today, 1);
    assert.equal(out.stats.hour, 1);

    // A second 出库 of the same lines is refused; a new scan shows the order as already out.
    await assert.rejects(
      c.dispatch('pack.out', { tid: TID, mode: 'quick', lines, station: '打包台2' }),
      (e: { code: string }) => e.code === 'already_out',
    );
    const again = await c.dispatch('pack.scan', { code: TID });
    assert.equal(again.parcel.length, 0);
    assert.equal(again.alreadyOut?.station, '打包台1');
  });

  it('refuses a parcel that does not match the order (wrong count)', async () => {
    const c = core();
    await assert.rejects(
      c.dispatch('pack.out', { tid: TID, mode: 'verify', lines: [{ oid: '3921004455660072', qty: 1 }] }),
      (e: { code: string }) => e.code === 'changed',
    );
  });

  it('tracking-number forms find the parcel; the buyer message is read (null when none)', async () => {
    const c = core();
    c.postEvents({
      id: 'evt-pack-ship-1',
      type: 'order.shipped',
      platform: 'taobao',
      occurredAt: '2026-11-11T11:30:00+08:00',
      payload: {
        tid: TID,
        oids: ['3921004455660071'],
        carrier: '顺丰速运',
        trackingNo: 'SF1234567890',
        shippedAt: '2026-11-11T11:30:00+08:00',
      },
    });
    for (const code of ['sf1234567890', 'No:SF1234567890', 'ＳＦ１２３４５６７８９０']) {
      const r = await c.dispatch('pack.scan', { code });
      assert.equal(r.match, 'tracking', code);
      assert.deepEqual(
        r.parcel.map((l) => l.oid),
        ['3921004455660071', '3921004455660072', '3921004455660073'],
        'its own line and the lines without a tracking number yet',
      );
    }
    assert.equal((await c.dispatch('orders.get', { tid: TID })).buyerMessage, null);
    c.db.run({ text: `UPDATE orders SET buyer_message = '请用纸箱,不要塑料袋' WHERE tid = ?`, params: [TID] } as never);
    assert.equal((await c.dispatch('pack.scan', { code: TID })).order?.buyerMessage, '请用纸箱,不要塑料袋');
  });
});

describe('pack: orders with nothing to hand over', () => {
  // rules.md §1: a closed order is "not shipped … order not shipped/picked_up/succeeded/closed"; the pack
  // station is the last gate before a parcel leaves, so a cancelled trade (交易关闭) is never handed over,
  // however its closing arrived: a platform event, or an export row 已关闭 / 已取消.
  const refusedClosed = (e: { code: string; status: number; message: string }) =>
    e.code === 'closed' && e.status === 409 && e.message.includes('已关闭');

  it('order.upserted status closed: the scan lists every line as closed, nothing to pack; 出库 is refused, nothing recorded', async () => {
    const c = core();
    const base = fixtureEvents().find((e) => e.type === 'order.upserted' && (e.payload as { tid: string }).tid === TID)!;
    const closed = structuredClone(base) as typeof base & { payload: { status: string } };
    closed.id = 'evt-pack-closed';
    closed.occurredAt = '2026-11-11T11:40:00+08:00';
    closed.payload.status = 'closed';
    const before = await c.dispatch('pack.scan', { code: TID });
    const lines = before.parcel.map((l) => ({ oid: l.oid, qty: l.qty }));
    c.postEvents([closed]);
    const r = await c.dispatch('pack.scan', { code: TID });
    assert.equal(r.order?.status, 'closed');
    assert.deepEqual(r.parcel, []);
    assert.deepEqual(
      r.others.map((o) => [o.oid, o.why]),
      lines.map((l) => [l.oid, 'closed']),
    );
    // The packer had scanned it before it closed: the final step asks again.
    await assert.rejects(c.dispatch('pack.out', { tid: TID, code: TID, mode: 'quick', lines, station: '打包台1' }), refusedClosed);
    assert.deepEqual((await c.dispatch('pack.records', { tid: TID })).items, []);
  });

  it('a Douyin export row 已关闭 and a JD row 已取消: refused the same way', async () => {
    const c = makeCore({ now: NOW });
    cores.push(c);
    const dy = new TextDecoder()
      .decode(fixture('douyin-orders.csv'))
      .split('\r\n')
      .map((l, i) => (i > 0 && l.includes('6917926768823643751') ? l.replace('"待发货"', '"已关闭"') : l))
      .join('\r\n');
    await c.dispatch('imports.run', { files: [{ name: 'douyin.csv', data: new TextEncoder().encode(dy) }] });
    const r = await c.dispatch('pack.scan', { code: '6917926768823643751' });
    assert.equal(r.order?.status, 'closed');
    assert.deepEqual(r.parcel, []);
    assert.ok(r.others.length > 0 && r.others.every((o) => o.why === 'closed'));
    const lines = r.others.map((o) => ({ oid: o.oid, qty: o.qty }));
    await assert.rejects(c.dispatch('pack.out', { tid: '6917926768823643751', mode: 'quick', lines, station: '打包台1' }), refusedClosed);

    const jd = iconv
      .decode(Buffer.from(fixture('jd-orders-gbk.csv')), 'gbk')
      .replaceAll(',等待出库,普通订单,jd_user01,', ',已取消,普通订单,jd_user01,');
    await c.dispatch('imports.run', { files: [{ name: 'jd.csv', data: iconv.encode(jd, 'gbk') }] });
    const j = await c.dispatch('pack.scan', { code: '300012345678' });
    assert.equal(j.order?.status, 'closed');
    assert.deepEqual(j.parcel, []);
    const jdLines = j.others.map((o) => ({ oid: o.oid, qty: o.qty }));
    await assert.rejects(c.dispatch('pack.out', { tid: '300012345678', mode: 'quick', lines: jdLines, station: '打包台1' }), refusedClosed);
  });

  it('every line refunded: the order closes, the scan lists its lines as refunded, 出库 is refused', async () => {
    const c = core();
    const before = await c.dispatch('pack.scan', { code: TID });
    c.postEvents({
      id: 'evt-pack-refund-all',
      type: 'refund.completed',
      platform: 'taobao',
      occurredAt: '2026-11-11T11:45:00+08:00',
      payload: { tid: TID, refundFee: 100, completedAt: '2026-11-11T11:45:00+08:00' },
    });
    const r = await c.dispatch('pack.scan', { code: TID });
    assert.deepEqual(r.parcel, []);
    assert.ok(r.others.length === before.parcel.length && r.others.every((o) => o.why === 'refunded'));
    assert.equal(r.order?.status, 'closed');
    await assert.rejects(
      c.dispatch('pack.out', { tid: TID, mode: 'quick', lines: before.parcel.map((l) => ({ oid: l.oid, qty: l.qty })), station: '1' }),
      refusedClosed,
    );
    assert.deepEqual((await c.dispatch('pack.records', { tid: TID })).items, []);
  });
});

describe('pack: slots, alarms and pushes', () => {
  it('a lock on a printed batch: interception.new with batch and slip number, batch_stale pushed, acknowledged once', async () => {
    const c = core();
    const pushed: ChangeEvent[] = [];
    c.bus.subscribe((e) => pushed.push(e));
    const { batch } = await c.dispatch('batches.create', { tids: ['3921004455660330', TID, '3921004455660210'] });
    assert.deepEqual(Object.values(batch.seqs).sort(), [1, 2, 3]);
    await c.dispatch('batches.markPrinted', { batchNo: batch.batchNo });
    const seq = batch.seqs[TID]!;

    c.postEvents(request(TID));
    const alarm = pushed.find((e) => e.kind === 'interception.new');
    assert.ok(alarm && alarm.kind === 'interception.new', JSON.stringify(pushed.map((e) => e.kind)));
    assert.equal(alarm.items.length, 1);
    assert.equal(alarm.items[0]!.tid, TID);
    assert.equal(alarm.items[0]!.batchNo, batch.batchNo);
    assert.equal(alarm.items[0]!.seq, seq);
    assert.equal(alarm.items[0]!.printed, true);
    assert.deepEqual(
      alarm.items[0]!.lines.map((l) => l.bin),
      ['C-02-05', 'A-07-01', 'A-03-10'],
    );
    const stale = pushed.find((e) => e.kind === 'alerts.changed');
    assert.ok(stale && stale.kind === 'alerts.changed' && stale.critical.some((a) => a.kind === 'batch_stale' && a.tid === TID));

    // The pack block, the batch's 需撤出 list and the queue all carry the slip number.
    const scanned = await c.dispatch('pack.scan', { code: TID });
    assert.equal(scanned.blocked?.batchNo, batch.batchNo);
    assert.equal(scanned.blocked?.seq, seq);
    assert.ok((await c.dispatch('batches.get', { batchNo: batch.batchNo })).stale.every((s) => s.seq === seq));
    const [icp] = (await c.dispatch('interceptions.list', { q: TID })).items;
    assert.equal(icp!.toWithdraw.length, 3);
    assert.ok(icp!.toWithdraw.every((w) => w.batchNo === batch.batchNo && w.seq === seq));

    // Until acknowledged it stays listed; a withdrawal clears 待撤出.
    assert.deepEqual(
      (await c.dispatch('alarms.list', {})).items.map((a) => a.requestId),
      [icp!.requestId],
    );
    await c.dispatch('alarms.acknowledge', { requestIds: [icp!.requestId], by: '主管' });
    assert.deepEqual((await c.dispatch('alarms.list', {})).items, []);
    for (const w of icp!.toWithdraw) await c.dispatch('batches.withdrawLine', { batchNo: batch.batchNo, oid: w.oid });
    assert.deepEqual((await c.dispatch('interceptions.list', { q: TID })).items[0]!.toWithdraw, []);
    const slots = await c.dispatch('batches.get', { batchNo: batch.batchNo });
    assert.equal(slots.seqs[TID], seq, 'the slip keeps its number after the withdrawal');
  });

  it('counts today and this batch for the station', async () => {
    const c = core();
    const { batch } = await c.dispatch('batches.create', { tids: [TID, '3921004455660210'] });
    const r = await c.dispatch('pack.scan', { code: TID });
    const out = await c.dispatch('pack.out', {
      tid: TID,
      mode: 'quick',
      lines: r.parcel.map((l) => ({ oid: l.oid, qty: l.qty })),
      station: 'S1',
    });
    assert.ok(out.ok);
    assert.deepEqual(out.stats, { station: 'S1', today: 1, hour: 1, batch: { batchNo: batch.batchNo, done: 1, total: 2 } });
    assert.equal((await c.dispatch('pack.stats', { station: 'S2' })).today, 0);
  });
});
