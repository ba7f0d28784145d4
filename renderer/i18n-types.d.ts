// Typed t() keys: a key that is not in the zh-CN catalogue is a type error.
import 'i18next';
import type { Messages } from './locales/zh-CN.js';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}
