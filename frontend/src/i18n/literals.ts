// Finding user-visible text written in code instead of through t(): text between JSX tags,
// a literal in a visible attribute (title, label, placeholder, ...) and a string literal
// rendered as a JSX child. Shared by the dashboard's strings test; the portal's has its own.
import { parseAst } from 'vite';

const VISIBLE_ATTRS = new Set([
  'title', 'alt', 'placeholder', 'aria-label', 'aria-description', 'aria-valuetext', 'label',
  'hint', 'summary', 'description', 'confirmLabel', 'emptyText', 'legend', 'emptyMessage', 'confirm',
  'subtitle', 'empty', 'generalError', 'cancelLabel',
]);
const LETTER = /\p{L}/u;

type Node = { type: string; start: number; [k: string]: unknown };

function walk(node: unknown, visit: (n: Node, parent: Node | null) => void, parent: Node | null = null) {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    node.forEach((n) => walk(n, visit, parent));
    return;
  }
  const n = node as Node;
  if (typeof n.type === 'string') visit(n, parent);
  for (const [k, v] of Object.entries(n)) if (k !== 'type' && v && typeof v === 'object') walk(v, visit, typeof n.type === 'string' ? n : parent);
}

function lineOf(code: string, pos: number) {
  return code.slice(0, pos).split('\n').length;
}

/** Each literal of a .tsx source as "line: what", empty when all text goes through t(). */
export function literalTexts(code: string): string[] {
  const found: string[] = [];
  walk(parseAst(code, { lang: 'tsx' }), (n, parent) => {
    if (n.type === 'JSXText' && LETTER.test(String(n.value))) found.push(`${lineOf(code, n.start)}: text "${String(n.value).trim()}"`);
    if (n.type === 'JSXAttribute') {
      const name = (n.name as { name?: string }).name ?? '';
      const v = n.value as Node | null;
      if (VISIBLE_ATTRS.has(name) && v?.type === 'Literal' && LETTER.test(String(v.value))) found.push(`${lineOf(code, n.start)}: ${name}="${String(v.value)}"`);
    }
    if (n.type === 'Literal' && parent?.type === 'JSXExpressionContainer' && typeof n.value === 'string' && LETTER.test(n.value)) {
      found.push(`${lineOf(code, n.start)}: {"${n.value}"}`);
    }
  });
  return found;
}
