// .xlsx export of the current filtered pending list (every page, not only the loaded rows). Contact
// values are the masked ones the server returns; no real number ever reaches the renderer.
import type { TFunction } from 'i18next';
import type { ListOrdersInput } from '../../../shared/api/contract.js';
import type { OrderView } from '../../../shared/domain.js';
import { formatFull } from '../../../shared/rules/time.js';
import { send } from '../../api/client.js';

export async function fetchAll(input: ListOrdersInput, onProgress?: (loaded: number, total: number) => void): Promise<OrderView[]> {
  const out: OrderView[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await send('orders.list', { ...input, limit: 500, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    onProgress?.(out.length, page.total);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
}

export async function exportXlsx(
  orders: OrderView[],
  opts: { t: TFunction; timeZone: string; fileName: string },
): Promise<{ blob: Blob; fileName: string }> {
  const { t, timeZone } = opts;
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ShipLock';
  const ws = wb.addWorksheet(t('pending.title'), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: t('pending.col.tid'), key: 'tid', width: 20 },
    { header: t('pending.col.platform'), key: 'platform', width: 8 },
    { header: t('detail.shop'), key: 'shop', width: 14 },
    { header: t('pending.col.type'), key: 'type', width: 10 },
    { header: t('pending.col.nick'), key: 'nick', width: 14 },
    { header: t('pending.col.deadline'), key: 'deadline', width: 18 },
    { header: t('pending.col.lines'), key: 'lines', width: 36 },
    { header: t('pending.col.amount'), key: 'amount', width: 10, style: { numFmt: '0.00' } },
    { header: t('export.name'), key: 'name', width: 10 },
    { header: t('export.phone'), key: 'phone', width: 20 },
    { header: t('export.address'), key: 'address', width: 36 },
    { header: t('pending.col.memo'), key: 'memo', width: 30 },
    { header: t('pending.col.lock'), key: 'lock', width: 8 },
    { header: t('pending.col.batch'), key: 'batch', width: 16 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const o of orders) {
    const c = o.contact;
    ws.addRow({
      tid: o.tid,
      platform: t(`platform.${o.platform}`),
      shop: o.shop,
      type: t(`orderType.${o.orderType}`),
      nick: o.buyerNick,
      deadline: o.shipDeadline == null ? '' : formatFull(o.shipDeadline, timeZone),
      lines: o.lines.map((l) => `${l.sku}×${l.qty}`).join('; '),
      amount: o.paidAmount / 100,
      name: c.name,
      phone: c.secretNo ? `${c.secretNo}${c.extension ? `-${c.extension}` : ''}` : (c.phone ?? ''),
      address: c.address,
      memo: o.sellerMemo,
      lock: o.locked ? t('lock.pill') : '',
      batch: o.batch?.batchNo ?? '',
    });
  }
  const buf = await wb.xlsx.writeBuffer();
  return {
    blob: new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
    fileName: opts.fileName,
  };
}

export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
