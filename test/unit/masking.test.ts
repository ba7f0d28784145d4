import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskAddress, maskName, maskPhone, maskSecretNumber } from '../../shared/rules/masking.js';

describe('masking', () => {
  const phones: Array<[string | null, string | null]> = [
    ['13812345678', '138****5678'],
    [' 13812345678 ', '138****5678'],
    ['138****5678', '138****5678'], // already masked by the platform
    ['8613812345678', '861******5678'],
    ['0571-8888999', '057*****8999'],
    ['88889999', '****9999'],
    ['12345', '*****'],
    ['', null],
    [null, null],
  ];
  for (const [input, want] of phones) it(`phone ${JSON.stringify(input)} → ${want}`, () => assert.equal(maskPhone(input), want));

  const secrets: Array<[string, string | null, string]> = [
    ['17012345678', '2233', '170****5678 转 2233'],
    ['17097561792', '0189', '170****1792 转 0189'],
    ['17012345678', null, '170****5678'],
  ];
  for (const [no, ext, want] of secrets) it(`secret ${no}/${ext} → ${want}`, () => assert.equal(maskSecretNumber(no, ext), want));

  const names: Array<[string, string]> = [
    ['张三', '张*'],
    ['欧阳娜娜', '欧阳**'],
    ['欧阳杰', '欧阳*'],
    ['司马静磊', '司马**'],
    ['吴勇艳', '吴**'],
    ['欧阳', '欧*'], // a bare compound surname still hides something
    ['李', '*'],
    ['', ''],
    ['Anna', 'A***'],
  ];
  for (const [input, want] of names) it(`name ${input} → ${want}`, () => assert.equal(maskName(input), want));

  it('address keeps province, city, district and the first 4 characters of the detail', () => {
    assert.equal(
      maskAddress({ province: '浙江省', city: '杭州市', district: '余杭区', detail: '文一西路969号3号楼' }),
      '浙江省 杭州市 余杭区 文一西路****',
    );
    assert.equal(maskAddress({ province: '上海', city: '上海市', district: '浦东新区', detail: '张江路' }), '上海 上海市 浦东新区 张江路');
    assert.equal(maskAddress({ province: '', city: '', district: '', detail: '' }), '');
  });
});
