// Receipts and invoices are fetched with the subscriber's token in the Authorization header
// (tokens never travel in URLs) into a blob, which the browser then opens or saves.
import { getToken } from './auth';

export const RECEIPT_PATH = (id: string) => `/portal/receipts/${encodeURIComponent(id)}.pdf`;
export const INVOICE_PATH = (id: string) => `/portal/invoices/${encodeURIComponent(id)}.pdf`;

/** Fetches path and saves it as file; throws with the server's status on a refusal. */
export async function download(path: string, file: string): Promise<void> {
  const token = getToken();
  const r = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!r.ok) throw new Error(`HTTP ${r.status}`);
  const url = URL.createObjectURL(await r.blob());
  try {
    const a = document.createElement('a');
    a.href = url;
    a.download = file;
    document.body.appendChild(a);
    a.click();
    a.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }
}
