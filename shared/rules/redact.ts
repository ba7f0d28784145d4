// Error messages echo what was wrong; they must never echo a buyer's contact. Phone-like digit runs
// (mobiles, landlines, +86 forms) are masked as 189****4423 — the same shape the UI shows.
// Order numbers (16+ digits) and short numbers (rows, amounts, years) are left alone.

const PHONE_LIKE = /(?<![\d])(?:(?:\+|00)86[\s-]?)?(?:1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}|0\d{2,3}[\s-]?\d{7,8})(?![\d])/g;

const maskOne = (m: string): string => {
  let digits = m.replace(/\D/g, '');
  if (/^(00)?86\d{11}$/.test(digits)) digits = digits.replace(/^(00)?86/, '');
  if (digits.length < 7) return m;
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
};

/** Masks every phone-like number in a message. */
export function maskContactText(s: string): string {
  return s.replace(PHONE_LIKE, maskOne);
}
