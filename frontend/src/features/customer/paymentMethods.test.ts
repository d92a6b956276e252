import { describe, expect, it } from 'vitest';
import { shownReference } from './paymentMethods';

describe('shownReference', () => {
  it.each([
    ['mpesa', 'QK12ABC', 'QK12ABC'],
    ['cash', null, '—'],
    ['voucher', '107374182400', '—'], // the voucher's internal number: the note names the code
  ])('%s %s → %s', (method, ref, want) => {
    expect(shownReference(method, ref)).toBe(want);
  });
});
