// The pending list's filters live in the URL (`#/pending?q=…&due=overdue&batch=out`): a reload, a screen
// switch or a saved filter brings them back. These helpers turn URL params into API inputs.
import type { Input, ListOrdersInput } from '../../../shared/api/contract.js';
import { ORDER_TYPES, PLATFORMS, type OrderType, type Platform } from '../../../shared/domain.js';

export type DueChip = 'overdue' | '6h' | '24h' | 'later';
export const DUE_CHIPS: DueChip[] = ['overdue', '6h', '24h', 'later'];

export interface PendingFilters {
  q: string;
  platform: Platform | '';
  orderType: OrderType | '';
  flag: string;
  due: DueChip | '';
  locked: boolean;
  batch: 'in' | 'out' | '';
  includeOlder: boolean;
}

/** The URL keys the pending list uses (the rest of the hash, e.g. an open order, is left alone). */
export const FILTER_KEYS = ['q', 'platform', 'type', 'flag', 'due', 'locked', 'batch', 'older'] as const;

export function filtersFromParams(p: Record<string, string>): PendingFilters {
  return {
    q: (p.q ?? '').slice(0, 64),
    platform: (PLATFORMS as readonly string[]).includes(p.platform ?? '') ? (p.platform as Platform) : '',
    orderType: (ORDER_TYPES as readonly string[]).includes(p.type ?? '') ? (p.type as OrderType) : '',
    flag: /^[0-5]$/.test(p.flag ?? '') ? p.flag! : '',
    due: (DUE_CHIPS as string[]).includes(p.due ?? '') ? (p.due as DueChip) : '',
    locked: p.locked === '1',
    batch: p.batch === 'in' || p.batch === 'out' ? p.batch : '',
    includeOlder: p.older === '1',
  };
}

export function paramsFromFilters(f: PendingFilters): Record<string, string | undefined> {
  return {
    q: f.q || undefined,
    platform: f.platform || undefined,
    type: f.orderType || undefined,
    flag: f.flag || undefined,
    due: f.due || undefined,
    locked: f.locked ? '1' : undefined,
    batch: f.batch || undefined,
    older: f.includeOlder ? '1' : undefined,
  };
}

/** The filters without the triage chips: what the counts are counted over. */
export function baseInput(f: PendingFilters): Input<'orders.counts'> {
  const input: Input<'orders.counts'> = { view: 'pending', includeOlder: f.includeOlder };
  const q = f.q.trim();
  if (q) input.q = q.slice(0, 64);
  if (f.platform) input.platform = f.platform;
  if (f.orderType) input.orderType = f.orderType;
  if (f.flag !== '') input.flag = Number(f.flag);
  return input;
}

export function listInput(f: PendingFilters): ListOrdersInput {
  const input: ListOrdersInput = { ...(baseInput(f) as ListOrdersInput) };
  if (f.due) input.due = f.due;
  if (f.locked) input.locked = true;
  if (f.batch) input.inBatch = f.batch === 'in';
  return input;
}

export const hasFilters = (f: PendingFilters): boolean => Object.values(paramsFromFilters(f)).some((v) => v != null);
