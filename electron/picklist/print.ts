// The printable batch: pick list (A4 portrait, running header, page numbers) and packing slips (A4 or
// 100×150 mm labels), as one self-contained HTML page — printed by Chromium (station mode), or by
// Electron's printToPDF / print. Also the CSV exports (UTF-8 with BOM for Excel). Masked values only.
import bwipjs from 'bwip-js/node';
import type { BatchView } from '../../shared/api/contract.js';
import type { OrderView } from '../../shared/domain.js';
import { formatFen } from '../../shared/rules/amounts.js';
import { formatFull } from '../../shared/rules/time.js';

const esc = (s: unknown): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * A CSS string literal for any text: every character that is not a letter, digit or space becomes a CSS
 * escape (`\22 ` for `"`), so a station name can never close the string, the rule or the <style> element.
 */
export const cssString = (s: unknown): string =>
  `"${String(s ?? '').replace(/[^\p{L}\p{N} ]/gu, (c) => `\\${c.codePointAt(0)!.toString(16)} `)}"`;

const barcodeCache = new Map<string, string>();
/**
 * Code128 as inline SVG (no network, no files). bwip-js encodes (raw: the bar/space widths); drawing the
 * bars here is ~20× faster than its own SVG renderer, which matters for 5,000 packing slips.
 */
export function code128(text: string, height = 10): string {
  const key = `${text}\u0000${height}`;
  const cached = barcodeCache.get(key);
  if (cached) return cached;
  const sbs = (bwipjs.raw('code128', text, {}) as Array<{ sbs: number[] }>)[0]!.sbs;
  const quiet = 10;
  let x = quiet;
  const bars: string[] = [];
  sbs.forEach((w, i) => {
    if (i % 2 === 0) bars.push(`M${x} 0h${w}v${height * 4}h-${w}z`);
    x += w;
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${x + quiet} ${height * 4}" role="img" aria-label="${esc(text)}"><path d="${bars.join('')}" fill="#000"/></svg>`;
  if (barcodeCache.size > 20_000) barcodeCache.clear();
  barcodeCache.set(key, svg);
  return svg;
}

export function contactLine(o: OrderView, locale: PrintLocale = 'zh-CN'): string {
  const c = o.contact;
  const L = TEXT[locale];
  const number = c.secretNo
    ? `${c.secretNo}${c.extension ? ` ${L.ext} ${c.extension}` : ''}${c.secretExpired ? L.expired : ''}`
    : (c.phone ?? '');
  return [c.name, number].filter(Boolean).join(' · ');
}

export type PrintLocale = 'zh-CN' | 'en';

export interface PrintOptions {
  kind: 'picklist' | 'slips' | 'all';
  size: 'A4' | 'label';
  timeZone: string;
  printedAt: number;
  /** Print the paid amount on slips (default: no — slips often travel as gifts). */
  showPrice?: boolean;
  /** Print the shop name on slips. */
  showShop?: boolean;
  /** The UI language of the clerk printing (default zh-CN). */
  locale?: PrintLocale;
}

/** Packing slips per A4 sheet (each with its sequence number, cut along the dashed line). */
export const SLIPS_PER_A4 = 3;
/** Lines an A4 slip shows in full; the rest are summed up (they are on the pick list). */
const A4_SLIP_LINES = 6;

const TEXT = {
  'zh-CN': {
    picklist: '拣货单',
    slips: '发货单',
    station: '站点',
    created: '创建',
    printed: '打印',
    counts: (o: number, l: number, p: number, s: number) => `订单 ${o} · 商品行 ${l} · 件数 ${p} · SKU ${s}`,
    stale: '需撤出 · 以下商品已拦截或订单已关闭,不要拣货:',
    staleBin: '库位',
    staleClosed: '已关闭',
    col: { bin: '库位', sku: '商家编码', title: '商品名称', barcode: '条码', qty: '数量', orders: '订单数', item: '商品' },
    total: '合计',
    batch: '批次',
    linesN: (n: number) => `共 ${n} 行`,
    moreLines: (n: number) => `另有 ${n} 行,见拣货单`,
    memo: '卖家备注',
    noMemo: '无',
    paid: '实付款',
    deadline: '发货时限',
    shop: '店铺',
    pageOf: ['第 ', ' 页 / 共 ', ' 页'],
    ext: '转',
    expired: '(已失效)',
  },
  en: {
    picklist: 'Pick list',
    slips: 'Packing slips',
    station: 'Station',
    created: 'created',
    printed: 'printed',
    counts: (o: number, l: number, p: number, s: number) => `${o} orders · ${l} lines · ${p} pieces · ${s} SKUs`,
    stale: 'To withdraw · these items are intercepted or their order closed, do not pick:',
    staleBin: 'bin',
    staleClosed: 'closed',
    col: { bin: 'Bin', sku: 'SKU', title: 'Item', barcode: 'Barcode', qty: 'Qty', orders: 'Orders', item: 'Item' },
    total: 'Total',
    batch: 'Batch',
    linesN: (n: number) => (n === 1 ? '1 line' : `${n} lines`),
    moreLines: (n: number) => (n === 1 ? '1 more line, see the pick list' : `${n} more lines, see the pick list`),
    memo: 'Seller memo',
    noMemo: 'none',
    paid: 'Paid',
    deadline: 'Ship by',
    shop: 'Shop',
    pageOf: ['Page ', ' of ', ''],
    ext: 'ext.',
    expired: ' (expired)',
  },
} as const;

function pickList(b: BatchView, o: PrintOptions): string {
  const L = TEXT[o.locale ?? 'zh-CN'];
  const rows = b.rows
    .map(
      (r, i) => `<tr>
      <td class="n">${i + 1}</td><td class="bin">${esc(r.bin ?? '—')}</td><td class="sku mono">${esc(r.sku)}</td><td class="title">${esc(r.title)}</td>
      <td class="mono small code">${esc(r.barcode ?? '')}</td><td class="qty">${r.totalQty}</td><td class="num">${r.orderCount}</td>
      <td class="tick"><span class="box"></span></td></tr>`,
    )
    .join('');
  const stale = b.stale.length
    ? `<div class="stale"><b>${L.stale}</b> ${b.stale.map((s) => `${s.seq != null ? `<span class="seq-tag">#${s.seq}</span> ` : ''}${esc(s.tid)}${s.why === 'closed' ? ` (${L.staleClosed})` : ''} ${esc(s.sku)}×${s.qty} ${L.staleBin} ${esc(s.bin ?? '—')}`).join('; ')}</div>`
    : '';
  return `<section class="picklist">
    <header class="head">
      <div><h1>${L.picklist} ${esc(b.batchNo)}</h1>
        <div class="meta">${L.station} ${esc(b.station)} · ${L.created} ${esc(formatFull(b.createdAt, o.timeZone))} · ${L.printed} ${esc(formatFull(o.printedAt, o.timeZone))}</div>
        <div class="meta">${L.counts(b.orderCount, b.lineCount, b.pieceCount, b.rows.length)}</div></div>
      <div class="bc">${code128(b.batchNo, 12)}<div class="mono small center">${esc(b.batchNo)}</div></div>
    </header>
    ${stale}
    <table class="grid"><thead><tr><th>#</th><th>${L.col.bin}</th><th>${L.col.sku}</th><th>${L.col.title}</th><th>${L.col.barcode}</th><th>${L.col.qty}</th><th>${L.col.orders}</th><th>✓</th></tr></thead>
    <tbody>${rows}</tbody>
    <tfoot><tr><td></td><td colspan="4">${L.total}</td><td class="qty">${b.pieceCount}</td><td class="num">${b.orderCount}</td><td></td></tr></tfoot></table>
  </section>`;
}

/**
 * One packing slip: all its markup lives here (the 篮号 sequence number too), for A4 (three to a sheet)
 * and 100×150 mm labels alike. `seq` is the slip's place in the batch, 1-based.
 */
export function slip(b: BatchView, order: OrderView, o: PrintOptions, seq: number): string {
  const L = TEXT[o.locale ?? 'zh-CN'];
  const label = o.size === 'label';
  const shown = label ? order.lines : order.lines.slice(0, A4_SLIP_LINES);
  const hidden = order.lines.length - shown.length;
  const lines = shown
    .map(
      (l) =>
        `<tr><td class="sku mono">${esc(l.sku)}</td><td class="title">${esc(l.title)}</td>${label ? '' : `<td class="mono small code">${esc(l.barcode ?? '')}</td>`}<td class="bin">${esc(l.bin ?? '—')}</td><td class="qty">${l.qty}</td></tr>`,
    )
    .join('');
  const pieces = order.lines.reduce((n, l) => n + l.qty, 0);
  const facts = [
    o.showShop && order.shop ? `${L.shop} ${esc(order.shop)}` : '',
    o.showPrice ? `${L.paid} ¥${formatFen(order.paidAmount)}` : '',
    `${L.deadline} ${order.shipDeadline ? esc(formatFull(order.shipDeadline, o.timeZone)) : '—'}`,
  ].filter(Boolean);
  const memo = order.sellerMemo.trim();
  // The big number is the slip's 篮号, fixed when the batch was created (repeated in 需撤出 and at the pack station).
  seq = b.seqs?.[order.tid] ?? seq;
  return `<section class="slip ${label ? 'label' : 'a4'}" data-seq="${seq}">
    <div class="slip-head">
      <div class="seq" aria-label="#${seq}">${seq}</div>
      <div class="who"><div class="small">${L.slips} · ${L.batch} ${esc(b.batchNo)}${o.showShop && order.shop ? ` · ${esc(order.shop)}` : ''}</div><div class="tid mono">${esc(order.tid)}</div></div>
      <div class="bc">${code128(order.tid, 9)}</div></div>
    <div class="to"><div class="mono contact">${esc(contactLine(order, o.locale))}</div><div class="address">${esc(order.contact.address)}</div></div>
    ${memo ? `<div class="memo"><b>${L.memo}:</b>${esc(memo)}</div>` : `<div class="memo none">${L.memo}:${L.noMemo}</div>`}
    <table class="grid"><thead><tr><th>${L.col.sku}</th><th>${L.col.item}</th>${label ? '' : `<th>${L.col.barcode}</th>`}<th>${L.col.bin}</th><th>${L.col.qty}</th></tr></thead><tbody>${lines}</tbody>
    <tfoot><tr><td colspan="${label ? 3 : 4}">${L.linesN(order.lines.length)}${hidden > 0 ? ` · ${L.moreLines(hidden)}` : ''}</td><td class="qty">${pieces}</td></tr></tfoot></table>
    <div class="small facts">${facts.join(' · ')}</div>
  </section>`;
}

const FONT = `"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif`;
const CSS = (b: BatchView, o: PrintOptions) => {
  const L = TEXT[o.locale ?? 'zh-CN'];
  const pageOf = `"${L.pageOf[0]}" counter(page) "${L.pageOf[1]}" counter(pages) "${L.pageOf[2]}"`;
  return `
@page { size: A4 portrait; margin: 14mm 12mm 14mm 12mm;
  @top-left { content: ${cssString(`${L.picklist} ${b.batchNo}`)}; font: 9pt ${FONT}; color: #555; }
  @top-right { content: ${cssString(b.station)}; font: 9pt ${FONT}; color: #555; }
  @bottom-center { content: ${pageOf}; font: 9pt ${FONT}; } }
@page slips { size: A4 portrait; margin: 8mm 10mm 10mm 10mm;
  @top-left { content: ${cssString(`${L.slips} ${b.batchNo}`)}; font: 8pt ${FONT}; color: #555; }
  @top-right { content: ${cssString(b.station)}; font: 8pt ${FONT}; color: #555; }
  @bottom-center { content: ${pageOf}; font: 8pt ${FONT}; } }
@page label { size: 100mm 150mm; margin: 3mm; @top-left { content: none; } @top-right { content: none; }
  @bottom-center { content: counter(page) " / " counter(pages); font: 7pt sans-serif; } }
* { box-sizing: border-box; }
body { font-family: ${FONT}; font-size: 10pt; color: #000; margin: 0; }
.mono { font-family: "Noto Sans Mono CJK SC", "DejaVu Sans Mono", monospace; }
.small { font-size: 8pt; } .center { text-align: center; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
.head { display: flex; justify-content: space-between; align-items: flex-start; border-bottom: 1.5pt solid #000; padding-bottom: 2mm; margin-bottom: 3mm; }
.meta { font-size: 9pt; }
.bc svg { height: 12mm; width: auto; display: block; }
table.grid { width: 100%; border-collapse: collapse; }
.grid th, .grid td { border: 0.5pt solid #444; padding: 1.2mm 1.5mm; vertical-align: middle; }
.grid thead { display: table-header-group; } .grid tr { break-inside: avoid; }
.grid th { background: #eee; font-weight: 600; text-align: left; white-space: nowrap; }
/* Codes never break mid-code; titles wrap instead. */
.sku, .code, .bin { white-space: nowrap; word-break: keep-all; }
.title { word-break: normal; overflow-wrap: anywhere; }
.picklist .bin { font-size: 14pt; font-weight: 700; font-family: "DejaVu Sans Mono", monospace; }
.picklist .qty { font-size: 16pt; font-weight: 700; text-align: right; }
.picklist .sku { font-size: 11pt; }
.bin { font-weight: 700; font-family: "DejaVu Sans Mono", monospace; }
.qty { font-weight: 700; font-size: 12pt; text-align: right; } .num { text-align: right; } .n { color: #666; width: 7mm; }
.tick { width: 8mm; text-align: center; } .box { display: inline-block; width: 4mm; height: 4mm; border: 0.8pt solid #000; }
.stale { border: 1.5pt solid #c00; color: #c00; padding: 2mm; margin-bottom: 3mm; font-weight: 600; }
.slip { display: flex; flex-direction: column; gap: 1.5mm; overflow: hidden; }
.slip-head { display: flex; gap: 3mm; align-items: center; border-bottom: 1pt solid #000; padding-bottom: 1mm; }
.slip-head .who { flex: 1; min-width: 0; }
.slip .seq { font-size: 20pt; font-weight: 800; min-width: 12mm; height: 12mm; padding: 0 2mm; border: 1.5pt solid #000; border-radius: 2mm;
  display: flex; align-items: center; justify-content: center; font-family: "DejaVu Sans", sans-serif; }
.slip .tid { font-size: 14pt; font-weight: 700; }
.slip .seq { font-size: 30pt; font-weight: 900; min-width: 16mm; padding: 0 2mm; border: 2pt solid #000; border-radius: 2mm; text-align: center; line-height: 1.1; margin-right: 3mm; }
.slip .slip-id { flex: 1; }
.seq-tag { font-weight: 900; border: 1pt solid #c00; padding: 0 1mm; }
.slip.label .seq { font-size: 22pt; min-width: 12mm; }
.slip .bc svg { height: 10mm; }
.to { border: 0.8pt solid #000; padding: 1.5mm 2mm; font-size: 11pt; }
.memo { padding: 1.5mm 2mm; font-size: 11pt; }
.memo:not(.none) { border: 1.5pt solid #000; font-weight: 700; }
.memo.none { color: #444; font-size: 9pt; padding: 0 2mm; }
.facts { margin-top: auto; }
/* A4: three slips to a sheet, each a third of the page, cut along the dashed line. */
.slips-sheet { page: slips; break-after: page; display: flex; flex-direction: column; }
.slips-sheet:last-child { break-after: auto; }
.slip.a4 { height: 91mm; padding: 2mm 0 3mm; border-bottom: 0.8pt dashed #777; }
.slip.a4:last-child { border-bottom: 0; }
.slip.a4 .grid th, .slip.a4 .grid td { padding: 0.6mm 1.2mm; }
/* 100×150 mm label: the tid, address and memo large; the page is filled top to bottom. */
.slip.label { page: label; height: 143mm; break-after: page; font-size: 10pt; }
.slip.label:last-child { break-after: auto; }
.slip.label .tid { font-size: 14pt; }
.slip.label .to { font-size: 12pt; } .slip.label .to .address { font-size: 13pt; font-weight: 600; }
.slip.label .memo { font-size: 13pt; }
.slip.label .grid { font-size: 12pt; } .slip.label .grid th, .slip.label .grid td { padding: 1.2mm 1mm; }
.slip.label .qty { font-size: 15pt; }
.picklist + * { break-before: page; }
@media screen { body { background: #888; } section.picklist, .slips-sheet { background: #fff; width: 210mm; margin: 8mm auto; padding: 10mm; box-shadow: 0 1mm 4mm #0006; }
  .slip.label { background: #fff; width: 100mm; height: 150mm; margin: 8mm auto; padding: 3mm; box-shadow: 0 1mm 4mm #0006; } }
`;
};

/** The print view. Pick list and slips are separate jobs in the app (their own printers and paper); `all` keeps both for one PDF. */
export function renderPrintView(b: BatchView, o: PrintOptions): string {
  const L = TEXT[o.locale ?? 'zh-CN'];
  const parts: string[] = [];
  if (o.kind !== 'slips') parts.push(pickList(b, o));
  if (o.kind !== 'picklist') {
    const slips = b.orders.map((order, i) => slip(b, order, o, i + 1));
    if (o.size === 'label') parts.push(...slips);
    else
      for (let i = 0; i < slips.length; i += SLIPS_PER_A4)
        parts.push(`<div class="slips-sheet">${slips.slice(i, i + SLIPS_PER_A4).join('\n')}</div>`);
  }
  const title = o.kind === 'slips' ? L.slips : L.picklist;
  return `<!doctype html><html lang="${o.locale ?? 'zh-CN'}"><head><meta charset="utf-8"><title>${title} ${esc(b.batchNo)}</title>
<style>${CSS(b, o)}</style></head><body>${parts.join('\n')}</body></html>`;
}

const csvCell = (v: unknown): string => {
  const s = String(v ?? '');
  // Leading = + - @ (or a TAB / CR before one, which Excel skips) would be read as a formula: keep them as text.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};
const csv = (rows: unknown[][]): string => '\uFEFF' + rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';

export function pickListCsv(b: BatchView): string {
  return csv([
    ['批次', '库位', '商家编码', '商品名称', '条码', '数量', '订单数'],
    ...b.rows.map((r) => [b.batchNo, r.bin ?? '', r.sku, r.title, r.barcode ?? '', r.totalQty, r.orderCount]),
    [b.batchNo, '', '', '合计', '', b.pieceCount, b.orderCount],
  ]);
}

export function slipsCsv(b: BatchView): string {
  return csv([
    ['批次', '订单编号', '收货人', '联系电话', '收货地址', '商家编码', '商品名称', '条码', '库位', '数量', '卖家备注'],
    ...b.orders.flatMap((o) =>
      o.lines.map((l) => [
        b.batchNo,
        o.tid,
        o.contact.name,
        contactLine(o).split(' · ').slice(1).join(' · '),
        o.contact.address,
        l.sku,
        l.title,
        l.barcode ?? '',
        l.bin ?? '',
        l.qty,
        o.sellerMemo,
      ]),
    ),
  ]);
}
