// Downloads made in the browser from data already fetched (tokens never travel in URLs).

/** Saves `blob` as a file named `name`. */
export function downloadBlob(name: string, blob: Blob) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
}

/** Saves `text` as a file named `name`. */
export function downloadText(name: string, text: string, type = 'text/csv;charset=utf-8') {
  downloadBlob(name, new Blob([text], { type }));
}

/** Saves base64 `data` (e.g. a PDF the API sent) as a file named `name`. */
export function downloadBase64(name: string, data: string, type: string) {
  const bin = atob(data);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  downloadBlob(name, new Blob([bytes], { type }));
}
