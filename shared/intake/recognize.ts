// Which reader a header belongs to, by its column names in any order (unknown columns ignored).
import { isDouyinHeader } from './douyin.js';
import { isJdHeader } from './jd.js';
import { isPddHeader } from './pdd.js';
import { recognizeHeader, type TaobaoKind } from './taobao.js';

export type RecognisedKind = TaobaoKind | 'douyin_orders' | 'pdd_orders' | 'jd_orders';

export function recognizeExport(header: string[]): RecognisedKind | null {
  if (isDouyinHeader(header)) return 'douyin_orders';
  if (isPddHeader(header)) return 'pdd_orders';
  if (isJdHeader(header)) return 'jd_orders';
  return recognizeHeader(header);
}
