// Receipts and invoices are served at /receipts/{id}.pdf|html and /invoices/{id}.pdf|html
// behind the Authorization header (tokens never travel in URLs): they are fetched into a
// blob, then opened (the printable page) or saved (the PDF).
import { getToken } from './auth';
import { downloadBlob } from './download';

export type DocumentFormat = 'pdf' | 'html';

/** The path of the other format of a document path ending in .pdf. */
export function documentPath(pdfPath: string, format: DocumentFormat): string {
  return format === 'pdf' ? pdfPath : pdfPath.replace(/\.pdf$/, '.html');
}

/** fetchDocument fetches a document with the login token; throws with the server's message. */
export async function fetchDocument(path: string, fetchImpl: typeof fetch = fetch): Promise<Blob> {
  const token = getToken();
  const res = await fetchImpl(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) {
    const text = (await res.text()).trim();
    throw new Error(text || `${res.status} ${res.statusText}`);
  }
  return res.blob();
}

/** openDocument saves the PDF as `name` or opens the printable page in a new tab. */
export async function openDocument(pdfPath: string, format: DocumentFormat, name: string): Promise<void> {
  const blob = await fetchDocument(documentPath(pdfPath, format));
  if (format !== 'html') {
    downloadBlob(`${name}.pdf`, blob);
    return;
  }
  const url = URL.createObjectURL(blob);
  window.open(url, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
