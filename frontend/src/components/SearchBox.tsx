import { CloseButton, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * normalizeSearch trims the query, and when it looks like a phone number
 * ("0712 345 678", "+254-712-345-678", "(0712) 345678") drops the spaces,
 * dashes, dots and brackets people type, so the server can parse it as E.164.
 */
export function normalizeSearch(raw: string): string {
  const t = raw.trim().replace(/\s+/g, ' ');
  const compact = t.replace(/[\s().-]/g, '');
  if (/^\+?\d{6,15}$/.test(compact) && /[\s().-]/.test(t)) return compact;
  return t;
}

export interface SearchBoxProps {
  value: string;
  onSearch: (query: string) => void;
  delay?: number;
  placeholder?: string;
  label?: string;
}

/** A search-as-you-type box: it calls onSearch once typing pauses for `delay` ms. */
export function SearchBox({ value, onSearch, delay = 250, placeholder, label }: SearchBoxProps) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  const last = useRef(normalizeSearch(value));
  const cb = useRef(onSearch);
  cb.current = onSearch;

  useEffect(() => {
    const q = normalizeSearch(text);
    if (q === last.current) return;
    const id = setTimeout(() => {
      last.current = q;
      cb.current(q);
    }, delay);
    return () => clearTimeout(id);
  }, [text, delay]);

  const fire = () => {
    const q = normalizeSearch(text);
    if (q !== last.current) {
      last.current = q;
      cb.current(q);
    }
  };

  return (
    <TextInput
      type="search"
      aria-label={label ?? t('search.label')}
      placeholder={placeholder ?? t('search.placeholder')}
      leftSection={<IconSearch size={16} aria-hidden />}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') fire();
        if (e.key === 'Escape') setText('');
      }}
      rightSection={
        text ? <CloseButton aria-label={t('search.clear')} onClick={() => setText('')} size="sm" /> : undefined
      }
      data-testid="customer-search"
      data-search-input
    />
  );
}
