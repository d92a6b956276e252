import { afterEach, describe, expect, it, vi } from 'vitest';
import { setToken } from './auth';
import { documentPath, fetchDocument } from './documents';

describe('documents', () => {
  afterEach(() => setToken(null));

  it('names the printable page beside the PDF', () => {
    expect(documentPath('/receipts/42.pdf', 'html')).toBe('/receipts/42.html');
    expect(documentPath('/invoices/7.pdf', 'pdf')).toBe('/invoices/7.pdf');
  });

  it('sends the token in the Authorization header, never in the URL', async () => {
    setToken('tok-1');
    const f = vi.fn(async () => new Response('%PDF-1.4', { status: 200 }));
    const blob = await fetchDocument('/receipts/42.pdf', f as unknown as typeof fetch);
    expect(blob.size).toBe(8);
    expect(f).toHaveBeenCalledWith('/receipts/42.pdf', { headers: { Authorization: 'Bearer tok-1' } });
  });

  it("throws the server's message", async () => {
    const f = vi.fn(async () => new Response('receipt not found\n', { status: 404 }));
    await expect(fetchDocument('/receipts/1.pdf', f as unknown as typeof fetch)).rejects.toThrow('receipt not found');
  });
});
