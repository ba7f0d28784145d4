import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

export type Locale = 'zh-CN' | 'en';

import zh from './locales/zh-CN.js';
import en from './locales/en.js';

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zh }, en: { translation: en } },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function applyLocale(locale: Locale): void {
  if (i18n.language !== locale) void i18n.changeLanguage(locale);
  document.documentElement.lang = locale;
}

export default i18n;
