import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanCell, mapStatus, parseAddress, parseContactNumber, parseStagedPayment, recognizeHeader } from '../../shared/intake/taobao.js';

describe('header recognition', () => {
  const cases: Array<[string, string[], string | null]> = [
    ['order export', ['订单编号', '买家会员名', '订单状态', '收货人姓名', '收货地址', '买家应付货款'], 'taobao_orders'],
    ['order export, other column order', ['收货人姓名', '买家应付货款', '订单编号', '订单状态', '收货地址'], 'taobao_orders'],
    ['item export', ['订单编号', '标题', '价格', '购买数量', '外部系统编号', '商家编码'], 'taobao_items'],
    ['SKU master', ['商家编码', '商品名称', '条码', '库位'], 'sku_master'],
    ['SKU master with BOM-less quoted names', ['="商家编码"', '库位'], 'sku_master'],
    ['unknown', ['name', 'phone'], null],
    ['empty', [], null],
  ];
  for (const [name, header, want] of cases) it(name, () => assert.equal(recognizeHeader(header), want));
});

describe('cells', () => {
  const cases: Array<[string | undefined, string]> = [
    ['="3921004455660000"', '3921004455660000'],
    [" 'abc ", 'abc'],
    ['  x  ', 'x'],
    [undefined, ''],
    ['="a""b"', 'a""b'],
  ];
  for (const [raw, want] of cases) it(`${JSON.stringify(raw)} → ${want}`, () => assert.equal(cleanCell(raw), want));

  it('status texts', () => {
    assert.equal(mapStatus('买家已付款,等待卖家发货'), 'paid');
    assert.equal(mapStatus('卖家已发货,等待买家确认'), 'shipped');
    assert.equal(mapStatus('交易成功'), 'succeeded');
    assert.equal(mapStatus('交易关闭'), 'closed');
    assert.equal(mapStatus('等待买家付款'), 'unpaid');
    assert.equal(mapStatus('什么状态'), null);
  });

  it('addresses drop the postcode', () => {
    assert.deepEqual(parseAddress('四川省 成都市 武侯区 建国路93号院3单元1004室(000000)'), {
      province: '四川省',
      city: '成都市',
      district: '武侯区',
      detail: '建国路93号院3单元1004室',
    });
    assert.deepEqual(parseAddress('上海 上海市 浦东新区 张江路88弄 5号'), {
      province: '上海',
      city: '上海市',
      district: '浦东新区',
      detail: '张江路88弄 5号',
    });
    assert.deepEqual(parseAddress('某地某路1号'), { province: '', city: '', district: '', detail: '某地某路1号' });
  });

  it('contact numbers: secret number with extension, or a phone', () => {
    assert.deepEqual(parseContactNumber('17097561792-0189'), { phone: null, secretNo: '17097561792', extension: '0189' });
    assert.deepEqual(parseContactNumber('18910284423'), { phone: '18910284423', secretNo: null, extension: null });
    assert.deepEqual(parseContactNumber(''), { phone: null, secretNo: null, extension: null });
  });

  it('staged payment', () => {
    assert.deepEqual(parseStagedPayment('定金:23.40;尾款:83.60'), { deposit: 2340, balance: 8360 });
    assert.deepEqual(parseStagedPayment('定金：10;'), { deposit: 1000, balance: 0 });
    assert.equal(parseStagedPayment('无'), null);
  });
});
