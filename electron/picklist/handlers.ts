import type { HandlersOf, PicklistOutputs } from '../../shared/api/contract.js';
import type { CoreDeps } from '../app/context.js';
import { ApiError } from '../app/errors.js';
import { createBatch, getBatch, listBatches, markPrinted, withdrawLine } from './batches.js';

/** Handlers only the desktop app has (printing through Electron); elsewhere they answer 501. */
export type DesktopPrinting = Partial<Pick<HandlersOf<PicklistOutputs>, 'batches.exportPdf' | 'batches.print' | 'printers.list'>>;

export function picklistHandlers(d: CoreDeps, desktop: DesktopPrinting = {}): HandlersOf<PicklistOutputs> {
  function desktopOnly<K extends keyof DesktopPrinting>(name: K): HandlersOf<PicklistOutputs>[K] {
    return (desktop[name] ??
      (() => {
        throw new ApiError(501, 'desktop_only', '只有桌面版可以直接打印或导出 PDF;站点模式请用打印视图(浏览器打印 / 另存为 PDF)');
      })) as HandlersOf<PicklistOutputs>[K];
  }
  return {
    'batches.create': ({ by, ...input }) => {
      const { batchNo, skipped } = d.write((ctx) => createBatch(ctx, input, d.actor(by)));
      return { batch: getBatch(d.db, batchNo, d.viewCtx()), skipped };
    },
    'batches.list': () => ({ items: listBatches(d.db) }),
    'batches.get': ({ batchNo }) => getBatch(d.db, batchNo, d.viewCtx()),
    'batches.markPrinted': ({ batchNo, by }) => {
      d.write((ctx) => markPrinted(ctx, batchNo, d.actor(by)));
      return getBatch(d.db, batchNo, d.viewCtx());
    },
    'batches.withdrawLine': ({ batchNo, oid, by }) => {
      d.write((ctx) => withdrawLine(ctx, batchNo, oid, d.actor(by)));
      return getBatch(d.db, batchNo, d.viewCtx());
    },
    'batches.exportPdf': desktopOnly('batches.exportPdf'),
    'batches.print': desktopOnly('batches.print'),
    'printers.list': desktopOnly('printers.list'),
  };
}
