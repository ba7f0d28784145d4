import type { Amounts } from '../domain.js';

/**
 * 实付款 (paid amount), in fen: for a presale order with a deposit, deposit + balance;
 * otherwise items + postage − coupon − redPacket − taobaoCoin. Never below zero.
 */
export function paidAmount(a: Amounts): number {
  if (a.deposit != null) return a.deposit + (a.balance ?? 0);
  return Math.max(0, a.items + a.postage - a.coupon - a.redPacket - a.taobaoCoin);
}

/**
 * Parses a yuan amount as printed in exports ("19.90", "1,234.5", "-3") into integer fen,
 * without floating point. Returns null for text that is not an amount.
 */
export function yuanToFen(text: string): number | null {
  const t = text.trim().replace(/,/g, '').replace(/^¥/, '');
  if (t === '') return null;
  const m = /^(-)?(\d+)(?:\.(\d{0,2}))?$/.exec(t);
  if (!m) return null;
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0') || '0');
  return m[1] ? -fen : fen;
}

/** Formats fen as yuan with two decimals: 12990 → "129.90". */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
