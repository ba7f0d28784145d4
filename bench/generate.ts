// Seeded synthetic data for the benchmarks: realistic orders as platform events, Taobao exports and Douyin
// exports (CSV and .xlsx).
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PLATFORMS, type OrderType } from '../shared/domain.js';

/** mulberry32: a small, fast, seeded PRNG so every run generates the same data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SKUS = Array.from({ length: 400 }, (_, i) => ({
  sku: `SKU-${String(i).padStart(4, '0')}`,
  title: `商品 ${i} 号`,
  bin: `${'ABCDEFGH'[i % 8]}-${String((i * 7) % 40).padStart(2, '0')}-${String((i * 13) % 30).padStart(2, '0')}`,
  barcode: `690${String(1000000000 + i).slice(-10)}`,
}));
const SURNAMES = ['张', '李', '王', '刘', '陈', '杨', '欧阳', '司马', '周', '吴'];
const CITIES: Array<[string, string, string]> = [
  ['浙江省', '杭州市', '余杭区'],
  ['江苏省', '苏州市', '工业园区'],
  ['四川省', '成都市', '武侯区'],
  ['上海', '上海市', '浦东新区'],
];
const TYPES: OrderType[] = ['spot', 'spot', 'spot', 'spot', 'presale', 'tiered', 'custom_ship_time', 'scheduled_delivery'];

export interface GeneratedOrder {
  tid: string;
  platform: (typeof PLATFORMS)[number];
  orderType: OrderType;
  paidAt: number;
  createdAt: number;
  name: string;
  phone: string;
  secretNo: string | null;
  ext: string | null;
  address: [string, string, string, string];
  lines: Array<{ oid: string; sku: string; title: string; qty: number; price: number; bin: string; barcode: string }>;
  items: number;
  postage: number;
  coupon: number;
}

export function generateOrders(n: number, seed: number, now: number): GeneratedOrder[] {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  const out: GeneratedOrder[] = [];
  for (let i = 0; i < n; i++) {
    const tid = String(4000000000000000 + i * 10);
    const paidAt = now - Math.floor(r() * 72 * 3_600_000);
    const lineCount = 1 + Math.floor(r() * 3);
    const lines = Array.from({ length: lineCount }, (_, j) => {
      const s = pick(SKUS);
      return {
        oid: String(4000000000000000 + i * 10 + j + 1),
        sku: s.sku,
        title: s.title,
        qty: 1 + Math.floor(r() * 3),
        price: 990 + Math.floor(r() * 20000),
        bin: s.bin,
        barcode: s.barcode,
      };
    });
    const privacy = r() < 0.6;
    const [province, city, district] = pick(CITIES);
    out.push({
      tid,
      platform: r() < 0.7 ? 'taobao' : pick(PLATFORMS),
      orderType: pick(TYPES),
      paidAt,
      createdAt: paidAt - 60_000,
      name: pick(SURNAMES) + '某某',
      phone: `13${String(Math.floor(r() * 1e9)).padStart(9, '0')}`,
      secretNo: privacy ? `170${String(Math.floor(r() * 1e8)).padStart(8, '0')}` : null,
      ext: privacy ? String(Math.floor(r() * 10000)).padStart(4, '0') : null,
      address: [province, city, district, `某某路${Math.floor(r() * 999)}号${Math.floor(r() * 30)}栋${Math.floor(r() * 3000)}室`],
      lines,
      items: lines.reduce((s, l) => s + l.price * l.qty, 0),
      postage: r() < 0.3 ? 800 : 0,
      coupon: r() < 0.4 ? 500 : 0,
    });
  }
  return out;
}

const iso = (ms: number) => new Date(ms).toISOString();

const MEMOS = ['加急,今天必须发', '送礼物 不要放发票', '顺丰到付', '客户要求周末送达', '备注:换成黑色 L 码', '同地址合并发货'];
const TITLE_WORDS = ['纯棉T恤', '加厚卫衣', '保温杯', '蓝牙耳机', '帆布包', '羊毛围巾', '儿童雨靴', '陶瓷马克杯'];

/**
 * Office-screen extras (e2e at 20k orders): a seller memo on about one order in five, and item titles with
 * real words, so contains-search has something to find. Deterministic for a seed.
 */
export function withOfficeExtras(orders: GeneratedOrder[], seed: number): Array<GeneratedOrder & { memo: string }> {
  const r = rng(seed);
  return orders.map((o) => ({
    ...o,
    memo: r() < 0.2 ? MEMOS[Math.floor(r() * MEMOS.length)]! : '',
    lines: o.lines.map((l) => ({ ...l, title: `${TITLE_WORDS[Number(l.sku.slice(4)) % TITLE_WORDS.length]} ${l.title}` })),
  }));
}

export function toEvents(orders: Array<GeneratedOrder & { memo?: string }>): unknown[] {
  return orders.map((o) => ({
    id: `evt-${o.tid}`,
    type: 'order.upserted',
    platform: o.platform,
    occurredAt: iso(o.paidAt),
    payload: {
      tid: o.tid,
      shop: '基准测试店',
      orderType: o.orderType,
      status: 'paid',
      createdAt: iso(o.createdAt),
      paidAt: iso(o.paidAt),
      shipDeadline: iso(o.paidAt + 48 * 3_600_000),
      collectDeadline: null,
      amounts: { items: o.items, postage: o.postage, coupon: o.coupon, redPacket: 0, taobaoCoin: 0, deposit: null, balance: null },
      buyer: {
        nick: `tb_${o.tid.slice(-6)}`,
        name: o.name,
        phone: o.phone,
        privacy: o.secretNo ? { secretNo: o.secretNo, extension: o.ext, expiresAt: null } : null,
        address: { province: o.address[0], city: o.address[1], district: o.address[2], detail: o.address[3] },
      },
      sellerMemo: o.memo ?? '',
      sellerFlag: o.memo ? 1 : 0,
      lines: o.lines.map(({ price: _p, ...l }) => l),
    },
  }));
}

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
const pad = (n: number) => String(n).padStart(2, '0');
function local(ms: number): string {
  const d = new Date(ms + 8 * 3_600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export const TAOBAO_ORDERS_HEADER =
  '订单编号,买家会员名,买家应付货款,买家应付邮费,订单状态,收货人姓名,收货地址,联系手机,订单创建时间,订单付款时间,店铺名称,红包,淘金币抵扣,店铺优惠';

/** One row of a Taobao order export (before GBK encoding). */
export function taobaoOrderRow(o: GeneratedOrder): string {
  return [
    `="${o.tid}"`,
    `tb_${o.tid.slice(-6)}`,
    yuan(o.items),
    yuan(o.postage),
    '"买家已付款,等待卖家发货"',
    o.name,
    `${o.address.join(' ')}(000000)`,
    o.secretNo ? `${o.secretNo}-${o.ext}` : o.phone,
    local(o.createdAt),
    local(o.paidAt),
    '基准测试店',
    '0.00',
    '0.00',
    yuan(o.coupon),
  ].join(',');
}

/** A Taobao order export and item export (GBK, CRLF, `="…"` cells) for the orders. */
export function toTaobaoCsv(orders: GeneratedOrder[]): { orders: Uint8Array; items: Uint8Array } {
  const oh = TAOBAO_ORDERS_HEADER;
  const orderRows = orders.map(taobaoOrderRow);
  const ih = TAOBAO_ITEMS_HEADER;
  const itemRows = orders.flatMap(taobaoItemRows);
  return {
    orders: new Uint8Array(iconv.encode([oh, ...orderRows].join('\r\n'), 'gbk')),
    items: new Uint8Array(iconv.encode([ih, ...itemRows].join('\r\n'), 'gbk')),
  };
}

/**
 * The first orders whose lines (sub-orders) add up to exactly `count`, the last one cut short if need be:
 * a Douyin export of `count` rows, one per sub-order.
 */
export function takeSubOrders(orders: GeneratedOrder[], count: number): GeneratedOrder[] {
  const out: GeneratedOrder[] = [];
  let left = count;
  for (const o of orders) {
    if (left <= 0) break;
    if (o.lines.length <= left) out.push(o);
    else {
      const lines = o.lines.slice(0, left);
      out.push({ ...o, lines, items: lines.reduce((s, l) => s + l.price * l.qty, 0) });
    }
    left -= Math.min(left, o.lines.length);
  }
  if (left > 0) throw new Error(`only ${count - left} sub-orders in ${orders.length} orders`);
  return out;
}

/** Douyin 抖店 export columns (/spec/exports.md), as test/fixtures/douyin-orders.csv has them. */
export const DOUYIN_HEADER = [
  '主订单编号',
  '子订单编号',
  '选购商品',
  '商品规格',
  '商品数量',
  '商品ID',
  '商家编码',
  '商品单价',
  '商品金额',
  '订单应付金额',
  '运费',
  '支付方式',
  '手续费',
  '收件人',
  '收件人手机号',
  '省',
  '市',
  '区',
  '街道',
  '详细地址',
  '是否修改过地址',
  '买家留言',
  '订单提交时间',
  '支付完成时间',
  '商家备注',
  '订单完成时间',
  '承诺发货时间',
  '订单状态',
  '订单类型',
  '售后状态',
  '取消原因',
  '预约发货时间',
  '发货时间',
  '快递信息',
  'APP渠道',
  '流量来源',
  '达人ID',
  '达人昵称',
  '平台实际承担优惠金额',
  '商家实际承担优惠金额',
  '达人实际承担优惠金额',
] as const;

/** Columns the .xlsx twin stores as numbers (times go in as date cells). */
const DOUYIN_NUMBERS = new Set(['商品数量', '商品单价', '商品金额', '订单应付金额', '运费', '手续费']);
const CARRIERS = [
  ['SF', '顺丰速运'],
  ['YT', '圆通速递'],
  ['ZTO', '中通快递'],
  ['JT', '极兔速递'],
] as const;
const b64 = (r: () => number, len: number) =>
  Array.from({ length: len }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(r() * 62)]).join('');

/**
 * The rows (header first) of a Douyin export of the orders, one per sub-order, cells as the CSV has them
 * (ids with Douyin's leading tab). Seeded: about 80 % 待发货, 12 % 已发货 with 快递信息 `number-carrier`,
 * 8 % 已完成; about 15 % of orders with a ciphertext receiver (`##…##` / `$$…$$`), the rest plain.
 */
export function douyinRows(orders: GeneratedOrder[], seed = 7): string[][] {
  const r = rng(seed);
  const rows: string[][] = [[...DOUYIN_HEADER]];
  for (const o of orders) {
    const roll = r();
    const status = roll < 0.8 ? '待发货' : roll < 0.92 ? '已发货' : '已完成';
    const shippedAt = status === '待发货' ? null : o.paidAt + Math.floor(r() * 24 * 3_600_000);
    const [prefix, carrier] = CARRIERS[Math.floor(r() * CARRIERS.length)]!;
    const tracking = shippedAt == null ? '' : `${prefix}${String(Math.floor(r() * 1e12)).padStart(12, '0')}-${carrier}`;
    const cipher = r() < 0.15;
    const name = cipher ? `##${b64(r, 32)}==##` : o.name;
    const phone = cipher ? `$$${b64(r, 30)}==$$` : o.phone;
    const detail = cipher ? `##${b64(r, 36)}==##` : o.address[3];
    const street = cipher ? '某某街道' : r() < 0.5 ? '某某街道' : '-';
    const memo = r() < 0.1 ? '请尽快发货' : '';
    const paid = o.items + o.postage;
    for (const l of o.lines) {
      rows.push([
        `\t${o.tid}`,
        `\t${l.oid}`,
        l.title,
        `${'白黑红蓝'[Number(l.sku.slice(4)) % 4]}色 ${['S', 'M', 'L', 'XL'][Number(l.sku.slice(4)) % 4]}`,
        String(l.qty),
        `\t36${l.barcode.slice(3)}`,
        l.sku,
        yuan(l.price),
        yuan(l.price * l.qty),
        yuan(paid),
        yuan(o.postage),
        '抖音支付',
        '0.00',
        name,
        phone,
        o.address[0],
        o.address[1],
        o.address[2],
        street,
        detail,
        '否',
        memo,
        local(o.createdAt),
        local(o.paidAt),
        '',
        status === '已完成' ? local(shippedAt! + 72 * 3_600_000) : '',
        local(o.paidAt + 48 * 3_600_000),
        status,
        o.orderType === 'presale' ? '预售订单' : '普通订单',
        '-',
        '',
        '',
        shippedAt == null ? '' : local(shippedAt),
        tracking,
        '抖音',
        '直播',
        '-',
        '-',
        '0.00',
        '0.00',
        '0.00',
      ]);
    }
  }
  return rows;
}

/** A Douyin order export as downloaded: UTF-8 with a BOM, CRLF, every cell quoted, ids tab-prefixed. */
export function toDouyinCsv(orders: GeneratedOrder[]): Uint8Array {
  const text = douyinRows(orders)
    .map((row) => row.map((c) => `"${c.replace(/"/g, '""')}"`).join(','))
    .join('\r\n');
  return new TextEncoder().encode(`\uFEFF${text}\r\n`);
}

/**
 * The .xlsx twin of toDouyinCsv, written with exceljs's streaming WorkbookWriter (shared strings, as Excel
 * writes them): the same rows, quantities and amounts as numbers, times as date cells.
 */
export async function toDouyinXlsx(orders: GeneratedOrder[]): Promise<Uint8Array> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shiplock-bench-xlsx-'));
  const filename = path.join(dir, 'douyin.xlsx');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('订单列表');
  const [header, ...rows] = douyinRows(orders);
  ws.addRow(header).commit();
  const kinds = header!.map((h) => (DOUYIN_NUMBERS.has(h) ? 'number' : h.endsWith('时间') ? 'time' : 'text'));
  for (const cells of rows) {
    const row = ws.addRow(
      cells.map((v, i) => {
        if (v === '') return null;
        if (kinds[i] === 'number') return Number(v);
        if (kinds[i] === 'time') return new Date(`${v.replace(' ', 'T')}Z`);
        return v;
      }),
    );
    kinds.forEach((k, i) => {
      if (k === 'time' && cells[i] !== '') row.getCell(i + 1).numFmt = 'yyyy-mm-dd hh:mm:ss';
    });
    row.commit();
  }
  ws.commit();
  await wb.commit();
  const data = fs.readFileSync(filename);
  fs.rmSync(dir, { recursive: true, force: true });
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * A Taobao order export of n orders (GBK, CRLF) written to `file` batch by batch, so the generator never holds
 * the whole export: tids stay unique across batches. Returns the file's size in bytes.
 */
export const TAOBAO_ITEMS_HEADER = '订单编号,标题,价格,购买数量,商家编码';

/** One row per line of a Taobao item export (before GBK encoding). */
export function taobaoItemRows(o: GeneratedOrder): string[] {
  return o.lines.map((l) => [`="${o.tid}"`, l.title, yuan(l.price), l.qty, l.sku].join(','));
}

/**
 * Writes a Taobao order export of n orders (GBK) to `file` batch by batch, and their item export to `itemsFile`
 * when given. Returns the order export's size in bytes.
 */
export async function writeTaobaoOrdersCsv(
  file: string,
  n: number,
  seed: number,
  now: number,
  batch = 20_000,
  itemsFile?: string,
): Promise<number> {
  const gbkWriter = (f: string) => {
    const out = fs.createWriteStream(f, { mode: 0o600 });
    const write = (text: string) =>
      new Promise<void>((resolve, reject) => {
        const ok = out.write(iconv.encode(text, 'gbk'), (e) => (e ? reject(e) : undefined));
        if (ok) resolve();
        else out.once('drain', resolve);
      });
    const end = () => new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    return { write, end };
  };
  const orders = gbkWriter(file);
  const items = itemsFile ? gbkWriter(itemsFile) : null;
  await orders.write(TAOBAO_ORDERS_HEADER);
  await items?.write(TAOBAO_ITEMS_HEADER);
  for (let from = 0; from < n; from += batch) {
    const list = generateOrders(Math.min(batch, n - from), seed + from, now).map((o, i) => ({
      ...o,
      tid: String(4000000000000000 + (from + i) * 10),
    }));
    await orders.write('\r\n' + list.map(taobaoOrderRow).join('\r\n'));
    await items?.write('\r\n' + list.flatMap(taobaoItemRows).join('\r\n'));
  }
  await orders.end();
  await items?.end();
  return fs.statSync(file).size;
}
