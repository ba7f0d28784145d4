// Seeded synthetic data for the benchmarks: realistic orders as platform events and as Taobao exports.
import iconv from 'iconv-lite';
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

/** A Taobao order export and item export (GBK, CRLF, `="…"` cells) for the orders. */
export function toTaobaoCsv(orders: GeneratedOrder[]): { orders: Uint8Array; items: Uint8Array } {
  const oh =
    '订单编号,买家会员名,买家应付货款,买家应付邮费,订单状态,收货人姓名,收货地址,联系手机,订单创建时间,订单付款时间,店铺名称,红包,淘金币抵扣,店铺优惠';
  const orderRows = orders.map((o) =>
    [
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
    ].join(','),
  );
  const ih = '订单编号,标题,价格,购买数量,商家编码';
  const itemRows = orders.flatMap((o) => o.lines.map((l) => [`="${o.tid}"`, l.title, yuan(l.price), l.qty, l.sku].join(',')));
  return {
    orders: new Uint8Array(iconv.encode([oh, ...orderRows].join('\r\n'), 'gbk')),
    items: new Uint8Array(iconv.encode([ih, ...itemRows].join('\r\n'), 'gbk')),
  };
}
