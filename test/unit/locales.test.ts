// The two catalogues: the same keys (en may add `_one` singular forms), English plurals, placeholders kept.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import i18next from 'i18next';
import en from '../../renderer/locales/en.js';
import zh from '../../renderer/locales/zh-CN.js';

function flatten(o: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(o)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v as object, key)) out.set(kk, vv);
  }
  return out;
}

describe('locales', () => {
  const z = flatten(zh);
  const e = flatten(en);
  it('en has every zh-CN key and nothing else but singular forms', () => {
    for (const k of z.keys()) assert.ok(e.has(k), `en lacks ${k}`);
    for (const k of e.keys()) assert.ok(z.has(k) || (k.endsWith('_one') && z.has(k.slice(0, -4))), `en has an unknown key ${k}`);
  });
  it('placeholders match between languages', () => {
    const ph = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [k, v] of z) assert.deepEqual(ph(e.get(k)!), ph(v), k);
  });
  it('no Chinese characters in English texts except named Chinese terms in 《》 and the app subtitle', () => {
    for (const [k, v] of e) {
      const stripped = v.replace(/《[^》]*》|\([^)]*[\u4e00-\u9fff][^)]*\)/g, '');
      if (k === 'app.subtitle' || k.startsWith('locale.')) continue;
      assert.doesNotMatch(stripped, /[\u4e00-\u9fff]/, `${k}: ${v}`);
    }
  });
  it('English plurals: 1 order, 2 orders', async () => {
    const i = i18next.createInstance();
    await i.init({
      lng: 'en',
      resources: { en: { translation: en }, 'zh-CN': { translation: zh } },
      interpolation: { escapeValue: false },
    });
    assert.equal(i.t('pending.total', { count: 1 }), '1 order');
    assert.equal(i.t('pending.total', { count: 2 }), '2 orders');
    assert.equal(i.t('pending.total', { count: 0 }), '0 orders');
    await i.changeLanguage('zh-CN');
    assert.equal(i.t('pending.total', { count: 1 }), '共 1 单');
  });
});

import { ApiClientError } from '../../renderer/api/client.js';
import { errorText } from '../../renderer/data/errors.js';

describe('server errors in the UI language, one language at a time', () => {
  it('keeps a message already in the UI language, words the others from the code and params', async () => {
    const i = i18next.createInstance();
    await i.init({
      lng: 'zh-CN',
      resources: { en: { translation: en }, 'zh-CN': { translation: zh } },
      interpolation: { escapeValue: false },
    });
    const pin = new ApiClientError({ code: 'forbidden', message: '主管密码不正确', path: 'pin' });
    const zod = new ApiClientError({
      code: 'invalid_input',
      message: 'limit: Too small',
      path: 'limit',
      params: { field: 'limit', issue: 'too_small' },
    });
    const tid = new ApiClientError({ code: 'not_found', message: 'order 1 not found', path: 'tid' });
    assert.equal(errorText(pin, i.t, 'zh-CN'), '主管密码不正确');
    assert.equal(errorText(zod, i.t, 'zh-CN'), 'limit 不正确');
    assert.equal(errorText(tid, i.t, 'zh-CN'), '没有找到');
    await i.changeLanguage('en');
    assert.equal(errorText(pin, i.t, 'en'), 'Not allowed (wrong or missing supervisor PIN)');
    assert.equal(errorText(zod, i.t, 'en'), 'limit: Too small');
    const odd = new ApiClientError({ code: 'something_new', message: '未知错误', path: null });
    assert.doesNotMatch(errorText(odd, i.t, 'en'), /[\u4e00-\u9fff]/, 'never Chinese in the English UI');
  });
});
