// Issue #9: "buyer_private is encrypted with AES-256-GCM … A copy of the data folder alone reveals no phone,
// name or address", "event_log keeps envelopes with the buyer block replaced by a reference", "A
// number-protected order stores no real phone at all". Real fixtures in, then every byte of the data folder
// (database, WAL, settings) is searched for the buyers' real values.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { DB_FILE_NAME } from '../../electron/db/open.js';
import { openJson, seal } from '../../electron/security/seal.js';
import { makeCore, type TestCore } from '../helpers/core.js';
import { fixture, fixtureEvents, FIXTURES } from '../helpers/fixtures.js';

const cores: TestCore[] = [];
after(() => cores.forEach((c) => c.close()));

/** The fixtures' real names, phones and address details. */
function secrets(): string[] {
  const out = new Set<string>();
  for (const e of fixtureEvents()) {
    const b = (e.payload as { buyer?: { name?: string; phone?: string; address?: { detail?: string } } }).buyer;
    if (!b) continue;
    if (b.name && b.name.length > 1) out.add(b.name);
    if (b.phone) out.add(b.phone);
    if (b.address?.detail) out.add(b.address.detail);
  }
  return [...out];
}

function folderBytes(dir: string): Buffer {
  return Buffer.concat(
    fs
      .readdirSync(dir)
      .filter((f) => fs.statSync(path.join(dir, f)).isFile())
      .map((f) => fs.readFileSync(path.join(dir, f))),
  );
}

describe('buyer data sealed at rest', () => {
  it('no real phone, name or address anywhere in the data folder (database, WAL, settings)', async () => {
    const c = makeCore();
    cores.push(c);
    c.postEvents(fixtureEvents());
    await c.dispatch('imports.run', {
      files: ['sku-master.csv', 'taobao-orders-gbk.csv', 'taobao-items-gbk.csv'].map((name) => ({ name, data: fixture(name) })),
    });
    const bytes = folderBytes(c.dataDir);
    const values = secrets();
    assert.ok(values.length >= 20, 'the fixtures carry real-looking contacts');
    for (const v of values) assert.equal(bytes.includes(Buffer.from(v, 'utf8')), false, `found “${v}” in the data folder`);
    // …yet the supervisor can still reveal them (sealed, not lost).
    await c.security.pin.setInitial('246810', 'lead', 'terminal');
    const shown = await c.dispatch('orders.reveal', { tid: '3921004455660010', supervisor: 'lead', pin: '246810', reason: '核对' });
    assert.ok(values.includes(shown.name), shown.name);
    const logged = c.db.get<{ envelope: string }>({
      text: "SELECT envelope FROM event_log WHERE type = 'order.upserted' LIMIT 1",
      params: [],
    })!;
    assert.match(logged.envelope, /"buyer":\{"ref":"buyer_private:/);
  });

  it('a protected order keeps no real phone even sealed', () => {
    const c = makeCore();
    cores.push(c);
    c.postEvents(fixtureEvents().filter((e) => e.type === 'order.upserted'));
    const row = c.db.get<{ sealed: string; phone: string | null; secret_no: string | null }>({
      text: 'SELECT sealed, phone, secret_no FROM buyer_private WHERE tid = ?',
      params: ['3921004455660000'],
    })!;
    // One sealed value per order (migration 011): the other columns hold nothing.
    assert.equal(row.phone, null);
    assert.equal(row.secret_no, null);
    assert.match(row.sealed, /^sl1:/);
    const opened = openJson<{ phone: string | null; secretNo: string | null }>(c.dataKey, row.sealed, '3921004455660000');
    assert.equal(opened.phone, null, 'no real phone inside the sealed value either');
    assert.equal(opened.secretNo, '17097561792');
  });

  it('a row sealed column by column before migration 011 still reveals, and is sealed as one value when next written', async () => {
    const c = makeCore();
    cores.push(c);
    const upsert = fixtureEvents().find((e) => e.type === 'order.upserted')!;
    const tid = (upsert.payload as { tid: string }).tid;
    c.postEvents([upsert]);
    // The form rows had between sealing (schema 9) and migration 011: each column sealed on its own.
    const b = (upsert.payload as { buyer: { name: string; phone?: string; address: unknown; privacy?: { secretNo?: string } } }).buyer;
    const secretNo = b.privacy?.secretNo ?? null;
    c.db.run({
      text: 'UPDATE buyer_private SET sealed = NULL, name = ?, phone = ?, secret_no = ?, address = ? WHERE tid = ?',
      params: [
        seal(c.dataKey, b.name, tid),
        secretNo || !b.phone ? null : seal(c.dataKey, b.phone, tid),
        secretNo ? seal(c.dataKey, secretNo, tid) : null,
        seal(c.dataKey, JSON.stringify(b.address), tid),
        tid,
      ],
    });
    await c.security.pin.setInitial('246810', 'lead', 'terminal');
    const shown = await c.dispatch('orders.reveal', { tid, supervisor: 'lead', pin: '246810', reason: '核对' });
    assert.equal(shown.name, b.name);
    assert.equal(shown.secretNo, secretNo);
    assert.equal(shown.phone, secretNo ? null : (b.phone ?? null));
    // Written again (a newer view): one sealed value, the old columns emptied.
    c.postEvents([
      {
        ...upsert,
        id: `${String(upsert.id)}-again`,
        occurredAt: new Date(Date.parse(String(upsert.occurredAt)) + 60_000).toISOString(),
        payload: { ...(upsert.payload as object), sellerMemo: '再写一次' },
      },
    ]);
    const row = c.db.get<{ sealed: string | null; name: string; phone: string | null; secret_no: string | null; address: string }>({
      text: 'SELECT sealed, name, phone, secret_no, address FROM buyer_private WHERE tid = ?',
      params: [tid],
    })!;
    assert.deepEqual([row.name, row.phone, row.secret_no, row.address], ['', null, null, '{}']);
    assert.equal(openJson<{ name: string }>(c.dataKey, row.sealed!, tid).name, b.name);
  });

  it('an upgraded schema-4 store is sealed and redacted at start, and its free pages hold no plaintext', () => {
    const dir = fs.mkdtempSync(path.join(fs.mkdtempSync('/tmp/shiplock-seal-'), 'data-'));
    fs.copyFileSync(path.join(FIXTURES, 'v4-populated.sqlite3'), path.join(dir, DB_FILE_NAME));
    const before = fs.readFileSync(path.join(dir, DB_FILE_NAME));
    const values = secrets().filter((v) => before.includes(Buffer.from(v, 'utf8')));
    assert.ok(values.length > 0, 'the schema-4 file holds plaintext contacts');
    const c = makeCore({ dataDir: dir });
    cores.push(c);
    c.db.raw.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = folderBytes(dir);
    for (const v of values) assert.equal(bytes.includes(Buffer.from(v, 'utf8')), false, `found “${v}” after the upgrade`);
  });
});
