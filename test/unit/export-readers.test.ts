// Table-driven tests of the export readers (shared/intake): cell quirks, header recognition and row
// mapping for Taobao, Douyin, Pinduoduo and JD. Each case names the /spec/exports.md sentence it checks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseLocalDateTime } from '../../shared/rules/time.js';
import {
  cleanCell,
  cleanTrackingNo,
  indexHeader,
  isEncrypted,
  isScientific,
  makeBuyer,
  normHeader,
  parseDouyinParcels,
  parseExportTime,
} from '../../shared/intake/common.js';
import { douyinOrderType, mapDouyinRows } from '../../shared/intake/douyin.js';
import { mapJdRows } from '../../shared/intake/jd.js';
import { mapWithMapping, mappedStatus } from '../../shared/intake/mapped.js';
import { mapPddRows } from '../../shared/intake/pdd.js';
import { recognizeExport } from '../../shared/intake/recognize.js';
import { mapOrderRows } from '../../shared/intake/taobao.js';
import type { ExportOrder } from '../../shared/intake/types.js';

const TZ = 'Asia/Shanghai';
const at = (local: string) => Date.parse(`${local.replace(' ', 'T')}+08:00`);

/** Rows from objects keyed by column name, in the header's order. */
function table(header: string[], rows: Array<Record<string, string>>): string[][] {
  return rows.map((r) => header.map((h) => r[h.trim()] ?? ''));
}

describe('cells (Quirks every reader must survive)', () => {
  const cells: Array<[string, string, string]> = [
    ['Keep-as-text: `="3921004455660000"` (Taobao)', '="3921004455660000"', '3921004455660000'],
    ['Keep-as-text: a leading tab (Douyin, PDD)', '\t6917926768823643751', '6917926768823643751'],
    ["Keep-as-text: a leading apostrophe `'13812345678`", "'13812345678", '13812345678'],
    ['surrounding blanks', '  x  ', 'x'],
  ];
  for (const [spec, raw, want] of cells) it(spec, () => assert.equal(cleanCell(raw), want));

  const headers: Array<[string, string, string]> = [
    ['Header whitespace: `收货地址 ` compared trimmed', '收货地址 ', '收货地址'],
    ['Full-width vs half-width: `商家实收金额（元）` = `商家实收金额(元)`', '商家实收金额（元）', '商家实收金额(元)'],
    ['a BOM on the first header', '\uFEFF主订单编号', '主订单编号'],
  ];
  for (const [spec, raw, want] of headers) it(spec, () => assert.equal(normHeader(raw), want));

  const times: Array<[string, string, number | null]> = [
    ['Dates: `2026-11-11 03:25:00`', '2026-11-11 03:25:00', at('2026-11-11 03:25:00')],
    ['Dates: `2026/11/11 3:25`', '2026/11/11 3:25', at('2026-11-11 03:25:00')],
    ['Dates: `2026/11/11 03:25:00` (Excel re-save)', '2026/11/11 03:25:00', at('2026-11-11 03:25:00')],
    ['an Excel date serial left by a re-save', '46337.1423611111', at('2026-11-11 03:25:00')],
    ['not a date', '明天', null],
  ];
  for (const [spec, raw, want] of times) it(spec, () => assert.equal(parseExportTime(raw, TZ), want));

  it('the cached-offset date reader agrees with rules/time parseLocalDateTime, DST zones included', () => {
    const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 2020, max: 2030 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
        (zone, y, mo, d, h, mi, sec) => {
          const p2 = (n: number) => String(n).padStart(2, '0');
          const text = `${y}-${p2(mo)}-${p2(d)} ${p2(h)}:${p2(mi)}:${p2(sec)}`;
          assert.equal(parseExportTime(text, zone), parseLocalDateTime(text, zone), `${text} ${zone}`);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('Excel damage: `4.3E+15` is scientific notation; plain ids are not', () => {
    assert.equal(isScientific('4.3E+15'), true);
    assert.equal(isScientific('6.91793E+18'), true);
    assert.equal(isScientific('3921004455660000'), false);
  });

  it('Tracking numbers: `No:SF1234567890` (strip `No:`)', () => {
    assert.equal(cleanTrackingNo('No:SF1234567890'), 'SF1234567890');
    assert.equal(cleanTrackingNo('No：SF1234567890'), 'SF1234567890');
    assert.equal(cleanTrackingNo('SF1234567890'), 'SF1234567890');
  });

  it('Douyin’s `快递信息` packs number and carrier as `SF1234567890-顺丰速运`, several parcels separated by `;` or `,`', () => {
    assert.deepEqual(parseDouyinParcels('SF1234567890-顺丰速运;YT2233445566-圆通速递,JT1-极兔速递'), [
      { trackingNo: 'SF1234567890', carrier: '顺丰速运' },
      { trackingNo: 'YT2233445566', carrier: '圆通速递' },
      { trackingNo: 'JT1', carrier: '极兔速递' },
    ]);
    assert.deepEqual(parseDouyinParcels('-'), []);
    assert.deepEqual(parseDouyinParcels('JDVA0012345-1-1-京东快递'), [{ trackingNo: 'JDVA0012345-1-1', carrier: '京东快递' }]);
  });

  it('Encrypted receivers: `##密文…`, `$$密文…`, or `***` — never treated as a phone or a name', () => {
    for (const v of ['##abc==##', '$$Kq3v==$$', '***']) assert.equal(isEncrypted(v), true, v);
    for (const v of ['张三', '138****5678', '13812345678', '']) assert.equal(isEncrypted(v), false, v);
    const b = makeBuyer('##abc==##', '$$Kq3v==$$', { province: '广东省', city: '深圳市', district: '南山区', detail: '##x==##' });
    assert.equal(b.encrypted, true);
    assert.equal(b.phone, '$$Kq3v==$$', 'kept exactly as given');
    assert.equal(b.secretNo, null, 'ciphertext is not parsed as a secret number');
    const plain = makeBuyer('张三', '17097561792-0189', { province: '', city: '', district: '', detail: '某路1号' });
    assert.deepEqual([plain.encrypted, plain.phone, plain.secretNo, plain.extension], [false, null, '17097561792', '0189']);
  });
});

describe('header recognition: by column names in any order, unknown columns ignored', () => {
  const cases: Array<[string, string[], string | null]> = [
    ['Taobao orders', ['订单编号', '买家会员名', '订单状态', '收货人姓名', '收货地址 ', '买家应付货款'], 'taobao_orders'],
    ['Taobao orders, variant 收货人', ['收货人', '订单编号', '订单状态'], 'taobao_orders'],
    ['Taobao items', ['订单编号', '标题', '购买数量'], 'taobao_items'],
    ['Douyin: 主订单编号 + 子订单编号', ['X', '子订单编号', '主订单编号', '商品数量'], 'douyin_orders'],
    ['PDD, half-width', ['订单号', '商品', '用户实付金额(元)'], 'pdd_orders'],
    ['PDD, full-width brackets', ['用户实付金额（元）', '订单号'], 'pdd_orders'],
    ['PDD by 商家编码-SKU维度', ['订单号', '商家编码-SKU维度'], 'pdd_orders'],
    ['JD', ['订单号', '商品名称', '订购数量', '客户姓名'], 'jd_orders'],
    ['SKU master', ['商家编码', '库位'], 'sku_master'],
    ['unknown', ['order_id', 'qty'], null],
  ];
  for (const [name, header, want] of cases) it(name, () => assert.equal(recognizeExport(header), want));

  it('when a column you need is missing, answer naming the file, row 1 and the column', () => {
    const header = ['主订单编号', '子订单编号', '选购商品', '商品数量', '订单状态', '收件人', '收件人手机号', '详细地址'];
    const r = mapDouyinRows([], header, 'dy.csv', TZ);
    assert.deepEqual(
      r.errors.map((e) => [e.file, e.row, e.field]),
      [['dy.csv', 1, '订单应付金额']],
    );
    const p = mapPddRows([], ['订单号', '订单状态', '商品', '商品数量(件)', '收货人', '手机'], 'p.csv', TZ);
    assert.deepEqual(
      p.errors.map((e) => [e.file, e.row, e.field]),
      [['p.csv', 1, '用户实付金额(元)']],
    );
  });
});

// ---------------------------------------------------------------- Douyin
const DY = [
  '主订单编号',
  '子订单编号',
  '选购商品',
  '商品规格',
  '商品数量',
  '商家编码',
  '商品单价',
  '订单应付金额',
  '运费',
  '收件人',
  '收件人手机号',
  '省',
  '市',
  '区',
  '街道',
  '详细地址',
  '买家留言',
  '订单提交时间',
  '支付完成时间',
  '订单完成时间',
  '承诺发货时间',
  '订单状态',
  '订单类型',
  '售后状态',
  '预约发货时间',
  '发货时间',
  '快递信息',
  '达人昵称',
];
const dyRow = (o: Record<string, string> = {}): Record<string, string> => ({
  主订单编号: '\t6917926768823643751',
  子订单编号: '\t6917926768823643752',
  选购商品: '纯棉T恤',
  商品规格: '白色 L',
  商品数量: '2',
  商家编码: 'TSHIRT-W-L',
  商品单价: '59.00',
  订单应付金额: '118.00',
  运费: '0.00',
  收件人: '王芳',
  收件人手机号: '13812345678',
  省: '浙江省',
  市: '杭州市',
  区: '余杭区',
  街道: '五常街道',
  详细地址: '文一西路969号',
  订单提交时间: '2026-11-11 09:58:12',
  支付完成时间: '2026-11-11 09:59:01',
  承诺发货时间: '2026-11-13 09:59:01',
  订单状态: '待发货',
  订单类型: '普通订单',
  售后状态: '-',
  ...o,
});
const douyin = (rows: Array<Record<string, string>>) => mapDouyinRows(table(DY, rows), DY, 'dy.csv', TZ);
const one = (r: { orders: ExportOrder[]; errors: unknown[] }): ExportOrder => {
  assert.deepEqual(r.errors, []);
  assert.equal(r.orders.length, 1);
  return r.orders[0]!;
};

describe('Douyin 抖店: one row per sub-order', () => {
  it('rows are grouped into one ExportOrder per 主订单编号, each 子订单编号 a line', () => {
    const o = one(douyin([dyRow(), dyRow({ 子订单编号: '\t6917926768823643753', 商家编码: 'SOCK-5P', 商品数量: '1' })]));
    assert.equal(o.tid, '6917926768823643751');
    assert.deepEqual(
      o.lines!.map((l) => [l.oid, l.sku, l.qty]),
      [
        ['6917926768823643752', 'TSHIRT-W-L', 2],
        ['6917926768823643753', 'SOCK-5P', 1],
      ],
    );
    assert.equal(o.amounts.items + o.amounts.postage, 11800, '订单应付金额 once, not per row');
  });

  it('承诺发货时间 is the platform’s ship deadline (Douyin `exp_ship_time`): it wins over any derived one', () => {
    assert.equal(one(douyin([dyRow()])).shipDeadline, at('2026-11-13 09:59:01'));
  });

  it('售后状态 `-` = none, 退款成功 refunds that line, 退款中 leaves it live', () => {
    const o = one(
      douyin([
        dyRow({ 售后状态: '退款成功', 订单状态: '已关闭' }),
        dyRow({ 子订单编号: '\t6917926768823643753', 售后状态: '退款中' }),
        dyRow({ 子订单编号: '\t6917926768823643754', 售后状态: '-' }),
      ]),
    );
    assert.deepEqual(
      o.lines!.map((l) => l.refunded),
      [true, false, false],
    );
    assert.equal(o.status, 'paid');
    const all = one(douyin([dyRow({ 售后状态: '退款成功', 订单状态: '已关闭' })]));
    assert.equal(all.status, 'closed', 'every line refunded: the order is closed');
  });

  const statuses: Array<[string, string, ExportOrder['status']]> = [
    ['Statuses seen: 待发货', '待发货', 'paid'],
    ['备货中 variant', '备货中', 'paid'],
    ['部分发货 variant', '部分发货', 'paid'],
    ['已发货', '已发货', 'shipped'],
    ['已完成', '已完成', 'succeeded'],
    ['已关闭', '已关闭', 'closed'],
  ];
  for (const [spec, text, want] of statuses) it(spec, () => assert.equal(one(douyin([dyRow({ 订单状态: text })])).status, want));

  it('an order with one sub-order shipped and one still to ship stays paid, the shipped line in its parcel', () => {
    const o = one(
      douyin([
        dyRow({ 订单状态: '已发货', 快递信息: 'YT9876543210-圆通速递', 发货时间: '2026-11-11 09:00:00' }),
        dyRow({ 子订单编号: '\t6917926768823643753', 订单状态: '部分发货' }),
      ]),
    );
    assert.equal(o.status, 'paid');
    assert.deepEqual(o.parcels, [
      { trackingNo: 'YT9876543210', carrier: '圆通速递', oids: ['6917926768823643752'], shippedAt: at('2026-11-11 09:00:00') },
    ]);
  });

  it('two sub-orders in one parcel share it', () => {
    const o = one(
      douyin([
        dyRow({ 订单状态: '已发货', 快递信息: 'SF1-顺丰速运' }),
        dyRow({ 子订单编号: '\t6917926768823643753', 订单状态: '已发货', 快递信息: 'SF1-顺丰速运' }),
      ]),
    );
    assert.deepEqual(o.parcels[0]!.oids, ['6917926768823643752', '6917926768823643753']);
  });

  it('订单类型 / 预约发货时间 tell presale and scheduled orders apart', () => {
    const cases: Array<[string, string, ExportOrder['orderType']]> = [
      ['普通订单', '', 'spot'],
      ['预售订单', '', 'presale'],
      ['全款预售', '', 'presale'],
      ['阶梯发货', '', 'tiered'],
      ['自定义发货时间', '', 'custom_ship_time'],
      ['普通订单', '2026-11-14 10:00:00', 'scheduled_delivery'],
      ['普通订单', '-', 'spot'],
    ];
    for (const [type, sched, want] of cases) assert.equal(douyinOrderType(type, sched), want, `${type} / ${sched}`);
    const o = one(douyin([dyRow({ 承诺发货时间: '', 预约发货时间: '2026-11-14 10:00:00' })]));
    assert.equal(o.orderType, 'scheduled_delivery');
    assert.equal(o.shipDeadline, at('2026-11-14 10:00:00'));
  });

  it('Encrypted receivers: flagged, kept as given, the street not glued onto ciphertext', () => {
    const o = one(douyin([dyRow({ 收件人: '##abc==##', 收件人手机号: '$$def==$$', 详细地址: '##ghi==##' })]));
    assert.equal(o.buyer.encrypted, true);
    assert.equal(o.buyer.name, '##abc==##');
    assert.equal(o.buyer.address.detail, '##ghi==##');
    const plain = one(douyin([dyRow()]));
    assert.equal(plain.buyer.encrypted, false);
    assert.equal(plain.buyer.phone, '13812345678');
    assert.equal(plain.buyer.address.detail, '五常街道文一西路969号');
  });

  it('Excel damage: an id saved as `6.91793E+18` is refused with 科学计数法, naming row and field', () => {
    const r = douyin([dyRow({ 主订单编号: '6.91793E+18' })]);
    assert.equal(r.orders.length, 0);
    assert.deepEqual(
      r.errors.map((e) => [e.file, e.row, e.field]),
      [['dy.csv', 2, '主订单编号']],
    );
    assert.match(r.errors[0]!.message, /科学计数法/);
    assert.match(r.errors[0]!.message, /Excel/);
  });

  it('unknown status text → error naming file, row, field and value', () => {
    const r = douyin([dyRow(), dyRow({ 子订单编号: '\t6917926768823643753', 订单状态: '神秘状态' })]);
    assert.deepEqual(
      r.errors.map((e) => [e.file, e.row, e.field]),
      [['dy.csv', 3, '订单状态']],
    );
    assert.match(r.errors[0]!.message, /神秘状态/);
  });

  it('unpaid orders are listed as rejected, not imported', () => {
    const r = douyin([dyRow({ 订单状态: '待支付', 支付完成时间: '' })]);
    assert.deepEqual(r.orders, []);
    assert.deepEqual(
      r.skipped.map((s) => [s.row, s.tid]),
      [[2, '6917926768823643751']],
    );
  });

  it('the same 子订单编号 twice is an error', () => {
    const r = douyin([dyRow(), dyRow()]);
    assert.deepEqual(
      r.errors.map((e) => [e.row, e.field]),
      [[3, '子订单编号']],
    );
  });
});

// ---------------------------------------------------------------- Pinduoduo
const PDD = [
  '订单号',
  '商品',
  '订单状态',
  '商品总价（元）',
  '邮费（元）',
  '用户实付金额（元）',
  '商品数量（件）',
  '收货人',
  '手机',
  '省',
  '市',
  '区',
  '街道',
  '支付时间',
  '拼单成功时间',
  '承诺发货时间',
  '发货时间',
  '确认收货时间',
  '商品规格',
  '商家编码-SKU维度',
  '商家编码-商品维度',
  '快递单号',
  '快递公司',
  '商家备注',
  '售后状态',
  '买家留言',
];
const pddRow = (o: Record<string, string> = {}): Record<string, string> => ({
  订单号: '\t261120-300000000000000',
  商品: '纯棉T恤',
  订单状态: '待发货',
  '商品总价（元）': '118.00',
  '邮费（元）': '6.00',
  '用户实付金额（元）': '110.00',
  '商品数量（件）': '2',
  收货人: '张伟',
  手机: '13700001234',
  省: '广东省',
  市: '深圳市',
  区: '南山区',
  街道: '科技园南区1号',
  支付时间: '2026-11-20 08:00:00',
  承诺发货时间: '2026-11-22 08:00:00',
  '商家编码-SKU维度': 'TSHIRT-W-L',
  '商家编码-商品维度': 'TSHIRT',
  售后状态: '无售后或售后取消',
  ...o,
});
const pdd = (rows: Array<Record<string, string>>, header = PDD) => mapPddRows(table(header, rows), header, 'pdd.csv', TZ);

describe('Pinduoduo 拼多多: one row per order line', () => {
  it('订单号 like `261120-300000000000000`; 商家编码-SKU维度 = SKU; 承诺发货时间', () => {
    const o = one(pdd([pddRow()]));
    assert.equal(o.tid, '261120-300000000000000');
    assert.equal(o.platform, 'pdd');
    assert.deepEqual(
      o.lines!.map((l) => [l.oid, l.sku, l.qty, l.title]),
      [['261120-300000000000000-1', 'TSHIRT-W-L', 2, '纯棉T恤']],
    );
    assert.equal(o.shipDeadline, at('2026-11-22 08:00:00'));
  });

  it('用户实付金额(元) = paid amount, with both `(元)` and `（元）` headers', () => {
    const full = one(pdd([pddRow()]));
    const halfHeader = PDD.map((h) => h.replace('（', '(').replace('）', ')'));
    const halfRow = Object.fromEntries(Object.entries(pddRow()).map(([k, v]) => [k.replace('（', '(').replace('）', ')'), v]));
    const half = one(pdd([halfRow], halfHeader));
    for (const o of [full, half]) {
      assert.equal(o.amounts.items + o.amounts.postage - o.amounts.coupon, 11000);
      assert.equal(o.amounts.postage, 600);
    }
  });

  it('快递单号 + 快递公司 = parcel', () => {
    const o = one(
      pdd([pddRow({ 订单状态: '已发货，待收货', 快递单号: 'YT1234500001', 快递公司: '圆通快递', 发货时间: '2026-11-20 18:00:00' })]),
    );
    assert.equal(o.status, 'shipped');
    assert.deepEqual(o.parcels, [
      { carrier: '圆通快递', trackingNo: 'YT1234500001', oids: ['261120-300000000000000-1'], shippedAt: at('2026-11-20 18:00:00') },
    ]);
  });

  const statuses: Array<[string, string, ExportOrder['status']]> = [
    ['Statuses seen: 待发货', '待发货', 'paid'],
    ['已发货，待收货 (full-width comma)', '已发货，待收货', 'shipped'],
    ['已发货,待收货 (half-width comma)', '已发货,待收货', 'shipped'],
    ['已收货', '已收货', 'succeeded'],
    ['已取消', '已取消', 'closed'],
    ['未发货，退款成功', '未发货，退款成功', 'closed'],
  ];
  for (const [spec, text, want] of statuses) it(spec, () => assert.equal(one(pdd([pddRow({ 订单状态: text })])).status, want));

  it('售后状态 退款成功 refunds the line; 已收货 takes 确认收货时间 as its success time', () => {
    assert.equal(one(pdd([pddRow({ 售后状态: '退款成功' })])).lines![0]!.refunded, true);
    const done = one(pdd([pddRow({ 订单状态: '已收货', 确认收货时间: '2026-11-25 12:00:00' })]));
    assert.equal(done.succeededAt, at('2026-11-25 12:00:00'));
  });

  it('two rows of one 订单号 are one order with two lines and summed amounts', () => {
    const o = one(pdd([pddRow(), pddRow({ '商家编码-SKU维度': 'SOCK-5P', '用户实付金额（元）': '19.90', '邮费（元）': '0.00' })]));
    assert.equal(o.lines!.length, 2);
    assert.equal(o.amounts.items + o.amounts.postage, 12990);
  });

  it('an order number Excel mangled is refused (科学计数法)', () => {
    const r = pdd([pddRow({ 订单号: '2.6112E+20' })]);
    assert.deepEqual(
      r.errors.map((e) => [e.row, e.field]),
      [[2, '订单号']],
    );
    assert.match(r.errors[0]!.message, /科学计数法/);
  });
});

// ---------------------------------------------------------------- JD
const JD = [
  '订单号',
  '商品ID',
  '商品名称',
  '订购数量',
  '下单时间',
  '京东价',
  '应付金额',
  '订单状态',
  '下单帐号',
  '客户姓名',
  '客户地址',
  '联系电话',
  '订单备注',
  '商家备注',
  '运费金额',
  '付款确认时间',
  '货号',
  '订单完成时间',
];
const jdRow = (o: Record<string, string> = {}): Record<string, string> => ({
  订单号: '300012345678',
  商品ID: '100001',
  商品名称: '纯棉T恤',
  订购数量: '1',
  下单时间: '2026/11/11 9:05',
  京东价: '49.00',
  应付金额: '49.00',
  订单状态: '等待出库',
  下单帐号: 'jd_user01',
  客户姓名: '刘备',
  客户地址: '北京 北京市 朝阳区 建国路88号',
  联系电话: '13811112222',
  订单备注: '周末也可送',
  运费金额: '0.00',
  付款确认时间: '2026/11/11 9:06',
  货号: 'TSHIRT-B-M',
  ...o,
});
const jd = (rows: Array<Record<string, string>>, header = JD) => mapJdRows(table(header, rows), header, 'jd.csv', TZ);

describe('JD 京东: one row per order line', () => {
  const statuses: Array<[string, string, ExportOrder['status'], boolean]> = [
    ['等待出库 (paid, to ship)', '等待出库', 'paid', false],
    ['等待确认收货 (shipped)', '等待确认收货', 'shipped', false],
    ['完成', '完成', 'succeeded', false],
    ['已取消', '已取消', 'closed', false],
    ['锁定 (the platform holds the order … treat as an interception request from the platform)', '锁定', 'paid', true],
  ];
  for (const [spec, text, status, hold] of statuses) {
    it(spec, () => {
      const o = one(jd([jdRow({ 订单状态: text })]));
      assert.deepEqual([o.status, o.platformHold], [status, hold]);
    });
  }

  it('货号 or 商家SKU = SKU; two rows of one 订单号 are two lines; 应付金额 counted once', () => {
    const o = one(jd([jdRow({ 应付金额: '88.80' }), jdRow({ 货号: 'SOCK-5P', 订购数量: '2', 应付金额: '88.80' })]));
    assert.deepEqual(
      o.lines!.map((l) => [l.oid, l.sku, l.qty]),
      [
        ['300012345678-1', 'TSHIRT-B-M', 1],
        ['300012345678-2', 'SOCK-5P', 2],
      ],
    );
    assert.equal(o.amounts.items + o.amounts.postage, 8880);
    const withSkuCol = [...JD.filter((h) => h !== '货号'), '商家SKU'];
    const s = one(jd([{ ...jdRow(), 商家SKU: 'MUG-350' }], withSkuCol));
    assert.equal(s.lines![0]!.sku, 'MUG-350');
  });

  it('Dates: `2026/11/11 9:05`; 订单备注 is the buyer’s message, 商家备注 the seller memo', () => {
    const o = one(jd([jdRow({ 商家备注: '已联系' })]));
    assert.equal(o.createdAt, at('2026-11-11 09:05:00'));
    assert.equal(o.paidAt, at('2026-11-11 09:06:00'));
    assert.equal(o.buyerMessage, '周末也可送');
    assert.equal(o.sellerMemo, '已联系');
    assert.equal(o.buyer.address.district, '朝阳区');
  });

  it('unknown status → error naming file, row, field and value', () => {
    const r = jd([jdRow({ 订单状态: '暂停' })]);
    assert.deepEqual(
      r.errors.map((e) => [e.file, e.row, e.field]),
      [['jd.csv', 2, '订单状态']],
    );
    assert.match(r.errors[0]!.message, /暂停/);
  });
});

// ---------------------------------------------------------------- Taobao quirks
const TB = [
  '订单编号',
  '买家会员名',
  '买家应付货款',
  '买家应付邮费',
  '订单状态',
  '买家留言',
  '收货人姓名',
  '收货地址 ',
  '联系电话 ',
  '联系手机',
  '订单创建时间',
  '订单付款时间 ',
  '物流单号 ',
  '物流公司',
  '店铺名称',
];
const tbRow = (o: Record<string, string> = {}): Record<string, string> => ({
  订单编号: '="3921004455661000"',
  买家会员名: 'tb_1',
  买家应付货款: '118.00',
  买家应付邮费: '0.00',
  订单状态: '买家已付款，等待卖家发货',
  收货人姓名: '王小明',
  收货地址: '浙江省 杭州市 西湖区 文三路478号(310000)',
  联系手机: "'13812345678",
  订单创建时间: '2026/11/11 3:25',
  订单付款时间: '2026/11/11 3:26',
  ...o,
});
const taobao = (rows: Array<Record<string, string>>) => mapOrderRows(table(TB, rows), indexHeader(TB), 'tb.csv', TZ);

describe('Taobao / Tmall 订单报表 quirks', () => {
  it('trailing spaces in headers, `="…"` ids, apostrophe phones, `2026/11/11 3:25` dates', () => {
    const o = one(taobao([tbRow()]));
    assert.equal(o.tid, '3921004455661000');
    assert.equal(o.buyer.phone, '13812345678');
    assert.equal(o.paidAt, at('2026-11-11 03:26:00'));
    assert.equal(o.buyer.address.detail, '文三路478号');
    assert.equal(o.lines, null, 'lines come from the 宝贝报表');
  });

  it('`买家已付款，等待卖家发货` (full-width comma, the real text) vs `买家已付款,等待卖家发货`', () => {
    assert.equal(one(taobao([tbRow()])).status, 'paid');
    assert.equal(one(taobao([tbRow({ 订单状态: '买家已付款,等待卖家发货' })])).status, 'paid');
  });

  it('`No:SF1234567890` (strip `No:`) → a parcel of every line on a shipped order', () => {
    const o = one(taobao([tbRow({ 订单状态: '卖家已发货，等待买家确认', 物流单号: 'No:SF1234567890', 物流公司: '顺丰速运' })]));
    assert.equal(o.status, 'shipped');
    assert.deepEqual(o.parcels, [{ carrier: '顺丰速运', trackingNo: 'SF1234567890', oids: null, shippedAt: null }]);
  });

  it('交易成功 → succeeded, succeededAt null without a time column; 买家留言 kept', () => {
    const o = one(taobao([tbRow({ 订单状态: '交易成功', 买家留言: '麻烦发顺丰' })]));
    assert.equal(o.status, 'succeeded');
    assert.equal(o.succeededAt, null);
    assert.equal(o.buyerMessage, '麻烦发顺丰');
  });

  it('a `***` receiver is encrypted, never parsed as a phone', () => {
    const o = one(taobao([tbRow({ 收货人姓名: '***', 联系手机: '***', 收货地址: '***' })]));
    assert.equal(o.buyer.encrypted, true);
    assert.equal(o.buyer.secretNo, null);
  });

  it('an id Excel turned into `3.92E+15` is refused with a message saying why', () => {
    const r = taobao([tbRow({ 订单编号: '3.92E+15' })]);
    assert.deepEqual(
      r.errors.map((e) => [e.row, e.field]),
      [[2, '订单编号']],
    );
    assert.match(r.errors[0]!.message, /科学计数法.*re-export without opening in Excel/s);
  });
});

// ---------------------------------------------------------------- saved mapping
describe('Anything else: a saved column mapping', () => {
  const header = [
    '单号',
    '子单号',
    '编码',
    '数量',
    '收件人',
    '电话',
    '地址',
    '金额',
    '付款时间',
    '最晚发货',
    '状态',
    '快递',
    '运单',
    '备注',
  ];
  const fields = {
    orderId: '单号',
    subOrderId: '子单号',
    sku: '编码',
    qty: '数量',
    receiver: '收件人',
    phone: '电话',
    address: '地址',
    paidAmount: '金额',
    paidAt: '付款时间',
    shipDeadline: '最晚发货',
    status: '状态',
    carrier: '快递',
    trackingNo: '运单',
    memo: '备注',
  };
  const rows = [
    [
      'A1001',
      'A1001-1',
      'TSHIRT-W-L',
      '2',
      '张三',
      '13812345678',
      '浙江省 杭州市 余杭区 文一西路1号',
      '99.00',
      '2026-11-11 10:00',
      '2026-11-13 10:00',
      '待发货',
      '',
      '',
      '加急',
    ],
    [
      'A1001',
      'A1001-2',
      'SOCK-5P',
      '1',
      '张三',
      '13812345678',
      '浙江省 杭州市 余杭区 文一西路1号',
      '99.00',
      '2026-11-11 10:00',
      '2026-11-13 10:00',
      '待发货',
      '',
      '',
      '加急',
    ],
    ['A1002', '', 'MUG-350', '1', '$$x==$$', '$$y==$$', '##z==##', '29.00', '2026-11-11 11:00', '', 'shipped', '顺丰', 'No:SF99', ''],
  ];

  it('maps columns to ShipLock fields, groups rows by order id, sub-order id names the line', () => {
    const r = mapWithMapping(rows, header, { platform: 'taobao', fields }, 'erp.csv', TZ);
    assert.deepEqual(r.errors, []);
    assert.equal(r.orders.length, 2);
    const [a, b] = r.orders;
    assert.deepEqual(
      a!.lines!.map((l) => [l.oid, l.sku, l.qty]),
      [
        ['A1001-1', 'TSHIRT-W-L', 2],
        ['A1001-2', 'SOCK-5P', 1],
      ],
    );
    assert.equal(a!.shipDeadline, at('2026-11-13 10:00:00'));
    assert.equal(a!.sellerMemo, '加急');
    assert.equal(b!.status, 'shipped');
    assert.equal(b!.buyer.encrypted, true);
    assert.deepEqual(b!.parcels[0]!.trackingNo, 'SF99');
    assert.equal(b!.lines![0]!.oid, 'A1002-1');
  });

  it('status texts of every platform are understood; an unknown one names row and field', () => {
    assert.equal(mappedStatus('买家已付款，等待卖家发货'), 'paid');
    assert.equal(mappedStatus('等待确认收货'), 'shipped');
    assert.equal(mappedStatus('已收货'), 'succeeded');
    const bad = rows.map((r) => [...r]);
    bad[1]![10] = '不知道';
    const r = mapWithMapping(bad, header, { platform: 'taobao', fields }, 'erp.csv', TZ);
    assert.deepEqual(
      r.errors.map((e) => [e.file, e.row, e.field]),
      [['erp.csv', 3, '状态']],
    );
  });
});
