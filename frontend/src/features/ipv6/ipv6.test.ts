import { describe, expect, it } from 'vitest';
import { inheritedIPv6, ipv6Groups, ipv6Input, validateIPv6, validatePrefix } from './ipv6';

describe('ipv6', () => {
  it('reads addresses', () => {
    expect(ipv6Groups('2001:db8::1')).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
    expect(ipv6Groups('::')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(ipv6Groups('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    for (const bad of ['1::2::3', '10.0.0.1', '1:2:3', '12345::', 'g::1', '1:2:3:4:5:6:7:8::']) expect(ipv6Groups(bad)).toBeNull();
  });

  it.each([
    ['2001:db8:1:2::/64', 64, 128, null],
    ['2001:db8::1/128', 64, 128, null],
    ['2001:db8:100::/56', 40, 64, null],
    ['', 40, 64, null],
    ['2001:db8::/48', 64, 128, 'From /64 to /128'],
    ['2001:db8::/72', 40, 64, 'From /40 to /64'],
    ['2001:db8:0:1::/56', 40, 64, 'Bits set past /56'],
    ['2001:db8:0:ff::/60', 40, 64, 'Bits set past /60'],
    ['2001:db8:0:f0::/60', 40, 64, null],
    ['10.0.0.0/24', 64, 128, 'An IPv6 prefix such as 2001:db8:1::/64'],
    ['2001:db8::', 64, 128, 'An IPv6 prefix such as 2001:db8:1::/64'],
  ])('validatePrefix(%s, %i, %i)', (v, min, max, want) => {
    expect(validatePrefix(v as string, min as number, max as number)).toBe(want);
  });

  it('keys errors by the form path and trims the input', () => {
    expect(validateIPv6({ framedPrefix: 'x', delegatedPrefix: '', framedPool: 'a b', delegatedPool: '' })).toEqual({
      'ipv6.framedPrefix': 'An IPv6 prefix such as 2001:db8:1::/64', 'ipv6.framedPool': 'No spaces or quotes',
    });
    expect(ipv6Input({ framedPrefix: ' 2001:db8::/64 ', delegatedPrefix: '', framedPool: ' wan', delegatedPool: '' }))
      .toEqual({ framedPrefix: '2001:db8::/64', delegatedPrefix: '', framedPool: 'wan', delegatedPool: '' });
  });
});

describe('inheritedIPv6', () => {
  it('names the pool a plan hands prefixes out from', () => {
    const v = inheritedIPv6({ framedPrefix: '', delegatedPrefix: '2001:db8:ff00::/56', framedPool: 'wan', delegatedPool: '',
      framedPrefixPool: { name: 'v6-wan' }, delegatedPrefixPool: null });
    expect(v).toEqual({ framedPrefix: 'a prefix from pool v6-wan', delegatedPrefix: '2001:db8:ff00::/56', framedPool: 'wan', delegatedPool: '' });
    expect(inheritedIPv6(null)).toEqual({ framedPrefix: '', delegatedPrefix: '', framedPool: '', delegatedPool: '' });
  });
});
