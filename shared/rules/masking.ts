// Masking of buyer contact data (rules.md, "Masking"). Pure functions, table-tested.

/** Two-character surnames (复姓) that keep both characters visible. */
const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '令狐',
  '钟离',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '澹台',
  '百里',
  '呼延',
  '万俟',
  '闻人',
  '申屠',
  '太史',
  '拓跋',
  '赫连',
  '东郭',
  '公羊',
  '濮阳',
  '淳于',
  '单于',
  '司空',
  '仲孙',
  '左丘',
  '第五',
]);

const chars = (s: string): string[] => Array.from(s);

/** True when a value already carries a mask (platforms sometimes send masked phones). */
export function isMasked(value: string): boolean {
  return value.includes('*');
}

/** `13812345678` → `138****5678`. Short or odd numbers keep at most their last 4 digits. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (phone == null) return null;
  const p = phone.trim();
  if (p === '') return null;
  if (isMasked(p)) return p;
  const c = chars(p);
  if (c.length >= 11) return c.slice(0, 3).join('') + '*'.repeat(c.length - 7) + c.slice(-4).join('');
  if (c.length >= 7) return '*'.repeat(c.length - 4) + c.slice(-4).join('');
  return '*'.repeat(c.length);
}

/** `17012345678` + `2233` → `170****5678 转 2233`. */
export function maskSecretNumber(secretNo: string | null | undefined, extension?: string | null): string | null {
  const masked = maskPhone(secretNo);
  if (masked == null) return null;
  return extension ? `${masked} 转 ${extension}` : masked;
}

/** `张三` → `张*`; `欧阳娜娜` → `欧阳**`. */
export function maskName(name: string | null | undefined): string {
  if (!name) return '';
  const c = chars(name.trim());
  if (c.length === 0) return '';
  if (c.length === 1) return '*';
  const keep = c.length > 2 && COMPOUND_SURNAMES.has(c[0]! + c[1]!) ? 2 : 1;
  return c.slice(0, keep).join('') + '*'.repeat(c.length - keep);
}

export interface Address {
  province: string;
  city: string;
  district: string;
  detail: string;
}

/** Province, city and district in full; the detail line keeps its first 4 characters, the rest `****`. */
export function maskAddress(a: Address): string {
  const head = [a.province, a.city, a.district].map((s) => s.trim()).filter(Boolean);
  const detail = chars(a.detail.trim());
  const tail = detail.length === 0 ? '' : detail.slice(0, 4).join('') + (detail.length > 4 ? '****' : '');
  return [...head, tail].filter(Boolean).join(' ');
}
