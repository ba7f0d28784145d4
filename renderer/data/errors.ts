// Server errors in the UI language: an error body carries a code and params; the text comes from the
// `errors.<code>` message of the current language, the server's own message only when there is none.
import type { TFunction } from 'i18next';
import { ApiClientError } from '../api/client.js';

export function errorText(e: unknown, t: TFunction): string {
  if (e == null) return '';
  if (e instanceof ApiClientError) {
    const key = `errors.${e.code}`;
    const params = { ...(e.params ?? {}), field: fieldName(e.path ?? (e.params?.field as string | undefined), t) };
    const text = t(key as never, { ...params, defaultValue: '' } as never) as unknown as string;
    if (text) return text;
    return e.message;
  }
  if (e instanceof Error) return e.message;
  return String(e);
}

function fieldName(path: string | null | undefined, t: TFunction): string {
  if (!path) return '';
  const head = path.replace(/\[\d+\].*$/, '').split('.')[0] ?? path;
  return (t(`fields.${head}` as never, { defaultValue: path } as never) as unknown as string) || path;
}
