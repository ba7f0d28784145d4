// Server errors in the UI language, one language at a time. An error body carries a code, params and the
// server's own message. The message is shown when it is already in the UI language (it is the most specific);
// otherwise the `errors.<code>` text of the UI language, worded with the params (and the field's name).
import type { TFunction } from 'i18next';
import { ApiClientError } from '../api/client.js';

const CJK = /[\u3400-\u9fff]/;

export function errorText(e: unknown, t: TFunction, language?: string): string {
  if (e == null) return '';
  const lang =
    language ?? (t as unknown as { lng?: string }).lng ?? (globalThis as { document?: Document }).document?.documentElement.lang ?? 'zh-CN';
  const zh = lang.startsWith('zh');
  const message = e instanceof Error ? e.message : String(e);
  if (zh === CJK.test(message)) return message;
  if (e instanceof ApiClientError) {
    const params = { ...(e.params ?? {}), field: fieldName(e.path ?? (e.params?.field as string | undefined), t) };
    const text = t(`errors.${e.code}` as never, { ...params, defaultValue: '' } as never) as unknown as string;
    if (text) return text;
  }
  return (t('errors.generic' as never, { defaultValue: message } as never) as unknown as string) || message;
}

function fieldName(path: string | null | undefined, t: TFunction): string {
  if (!path) return '';
  const head = path.replace(/\[\d+\].*$/, '').split('.')[0] ?? path;
  return (t(`fields.${head}` as never, { defaultValue: path } as never) as unknown as string) || path;
}
