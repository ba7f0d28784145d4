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

export function contactLine(o: OrderView): string {
  const c = o.contact;
  const number = c.secretNo
    ? `${c.secretNo}${c.extension ? ` 转 ${c.extension}` : ''}${c.secretExpired ? '(已失效)' : ''}`
    : (c.phone ?? '');
  return [c.name, number].filter(Boolean).join(' · ');
}

export interface PrintOptions {
  kind: 'picklist' | 'slips' | 'all';
  size: 'A4' | 'label';
  timeZone: string;
  printedAt: number;
}

function pickList(b: BatchView, o: PrintOptions): string {
  const rows = b.rows
    .map(
      (r, i) => `<tr>
      <td class="n">${i + 1}</td><td class="bin">${esc(r.bin ?? '—')}</td><td class="mono">${esc(r.sku)}</td><td>${esc(r.title)}</td>
      <td class="mono small">${esc(r.barcode ?? '')}</td><td class="qty">${r.totalQty}</td><td class="num">${r.orderCount}</td>
      <td class="tick"><span class="box"></span></td></tr>`,
    )
    .join('');
  const stale = b.stale.length
    ? `<div class="stale"><b>需撤出 · 以下商品已拦截,不要拣货:</b> ${b.stale.map((s) => `${s.seq != null ? `<span class="seq-tag">${s.seq}号</span> ` : ''}${esc(s.tid)} ${esc(s.sku)}×${s.qty} 库位 ${esc(s.bin ?? '—')}`).join(';')}</div>`
    : '';
  return `<section class="picklist">
    <header class="head">
      <div><h1>拣货单 ${esc(b.batchNo)}</h1>
        <div class="meta">站点 ${esc(b.station)} · 创建 ${esc(formatFull(b.createdAt, o.timeZone))} · 打印 ${esc(formatFull(o.printedAt, o.timeZone))}</div>
        <div class="meta">订单 ${b.orderCount} · 商品行 ${b.lineCount} · 件数 ${b.pieceCount} · SKU ${b.rows.length}</div></div>
      <div class="bc">${code128(b.batchNo, 12)}<div class="mono small center">${esc(b.batchNo)}</div></div>
    </header>
    ${stale}
    <table class="grid"><thead><tr><th>#</th><th>库位</th><th>商家编码</th><th>商品名称</th><th>条码</th><th>数量</th><th>订单数</th><th>✓</th></tr></thead>
    <tbody>${rows}</tbody>
    <tfoot><tr><td></td><td colspan="4">合计</td><td class="qty">${b.pieceCount}</td><td class="num">${b.orderCount}</td><td></td></tr></tfoot></table>
  </section>`;
}

function slip(b: BatchView, order: OrderView, o: PrintOptions): string {
  const lines = order.lines
    .map(
      (l) =>
        `<tr><td class="mono">${esc(l.sku)}</td><td>${esc(l.title)}</td><td class="mono small">${esc(l.barcode ?? '')}</td><td class="bin">${esc(l.bin ?? '—')}</td><td class="qty">${l.qty}</td></tr>`,
    )
    .join('');
  const pieces = order.lines.reduce((n, l) => n + l.qty, 0);
  return `<section class="slip ${o.size === 'label' ? 'label' : ''}">
    <div class="slip-head">${b.seqs[order.tid] != null ? `<div class="seq" title="篮号">${b.seqs[order.tid]}</div>` : ''}<div class="slip-id"><div class="small">发货单 · 批次 ${esc(b.batchNo)}</div><div class="tid mono">${esc(order.tid)}</div></div>
      <div class="bc">${code128(order.tid, 9)}</div></div>
    <div class="to"><div class="mono">${esc(contactLine(order))}</div><div>${esc(order.contact.address)}</div></div>
    <table class="grid"><thead><tr><th>商家编码</th><th>商品</th><th>条码</th><th>库位</th><th>数量</th></tr></thead><tbody>${lines}</tbody>
    <tfoot><tr><td colspan="4">共 ${order.lines.length} 行</td><td class="qty">${pieces}</td></tr></tfoot></table>
    <div class="memo">卖家备注:${esc(order.sellerMemo || '无')}</div>
    <div class="small">实付款 ¥${formatFen(order.paidAmount)} · 发货时限 ${order.shipDeadline ? esc(formatFull(order.shipDeadline, o.timeZone)) : '—'}</div>
  </section>`;
}

const CSS = (b: BatchView, o: PrintOptions) => `
@page { size: A4 portrait; margin: 16mm 12mm 16mm 12mm;
  @top-left { content: ${cssString(`拣货单 ${b.batchNo}`)}; font: 9pt "Noto Sans CJK SC", sans-serif; color: #555; }
  @top-right { content: ${cssString(b.station)}; font: 9pt "Noto Sans CJK SC", sans-serif; color: #555; }
  @bottom-center { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; font: 9pt "Noto Sans CJK SC", sans-serif; } }
@page label { size: 100mm 150mm; margin: 4mm; @top-left { content: none; } @top-right { content: none; }
  @bottom-center { content: counter(page) " / " counter(pages); font: 7pt sans-serif; } }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; font-size: 10pt; color: #000; margin: 0; }
.mono { font-family: "Noto Sans Mono CJK SC", "DejaVu Sans Mono", monospace; }
.small { font-size: 8pt; } .center { text-align: center; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
.head { display: flex; justify-content: space-between; align-items: flex-start; border-bottom: 1.5pt solid #000; padding-bottom: 2mm; margin-bottom: 3mm; }
.meta { font-size: 9pt; }
.bc svg { height: 12mm; width: auto; display: block; }
table.grid { width: 100%; border-collapse: collapse; }
.grid th, .grid td { border: 0.5pt solid #444; padding: 1.2mm 1.5mm; vertical-align: middle; }
.grid thead { display: table-header-group; } .grid tr { break-inside: avoid; }
.grid th { background: #eee; font-weight: 600; text-align: left; }
.bin { font-weight: 700; font-family: monospace; white-space: nowrap; }
.qty { font-weight: 700; font-size: 12pt; text-align: right; } .num { text-align: right; } .n { color: #666; width: 7mm; }
.tick { width: 8mm; text-align: center; } .box { display: inline-block; width: 4mm; height: 4mm; border: 0.8pt solid #000; }
.stale { border: 1.5pt solid #c00; color: #c00; padding: 2mm; margin-bottom: 3mm; font-weight: 600; }
.slip { break-before: page; padding-top: 2mm; }
.slip-head { display: flex; justify-content: space-between; align-items: center; border-bottom: 1pt solid #000; margin-bottom: 2mm; }
.slip .tid { font-size: 14pt; font-weight: 700; }
.slip .seq { font-size: 30pt; font-weight: 900; min-width: 16mm; padding: 0 2mm; border: 2pt solid #000; border-radius: 2mm; text-align: center; line-height: 1.1; margin-right: 3mm; }
.slip .slip-id { flex: 1; }
.seq-tag { font-weight: 900; border: 1pt solid #c00; padding: 0 1mm; }
.slip.label .seq { font-size: 22pt; min-width: 12mm; }
.slip .bc svg { height: 10mm; }
.to { border: 0.8pt solid #000; padding: 2mm; margin-bottom: 2mm; font-size: 11pt; }
.memo { margin: 2mm 0; }
.slip.label { page: label; font-size: 8pt; }
.slip.label .grid th, .slip.label .grid td { padding: 0.6mm 1mm; }
.slip.label .tid { font-size: 11pt; } .slip.label .to { font-size: 9pt; }
${o.kind === 'slips' ? '.slip:first-of-type { break-before: auto; }' : ''}
@media screen { body { background: #888; } section { background: #fff; width: 210mm; margin: 8mm auto; padding: 12mm; box-shadow: 0 1mm 4mm #0006; }
  .slip.label { width: 100mm; min-height: 150mm; padding: 4mm; } }
`;

/** The print view. */
export function renderPrintView(b: BatchView, o: PrintOptions): string {
  const parts: string[] = [];
  if (o.kind !== 'slips') parts.push(pickList(b, o));
  if (o.kind !== 'picklist') for (const order of b.orders) parts.push(slip(b, order, o));
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>拣货单 ${esc(b.batchNo)}</title>
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
