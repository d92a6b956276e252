import { act, fireEvent, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { normalizeSearch, SearchBox } from './SearchBox';
import { renderUI } from '../test/render';

describe('normalizeSearch', () => {
  it.each([
    ['  alice ', 'alice'],
    ['100001', '100001'],
    ['0712 345 678', '0712345678'],
    ['+254 712-345-678', '+254712345678'],
    ['(0712) 345.678', '0712345678'],
    ['+254712345678', '+254712345678'],
    ['john smith', 'john smith'], // a name keeps its space
    ['12 ab', '12 ab'], // not a phone number
  ])('%j → %j', (input, want) => {
    expect(normalizeSearch(input)).toBe(want);
  });
});

describe('SearchBox', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const type = (el: HTMLElement, value: string) => fireEvent.change(el, { target: { value } });

  it('searches once typing pauses, not on every key', () => {
    const onSearch = vi.fn();
    renderUI(<SearchBox value="" onSearch={onSearch} delay={250} />);
    const input = screen.getByRole('searchbox', { name: 'Search customers' });
    type(input, 'a');
    act(() => void vi.advanceTimersByTime(100));
    type(input, 'al');
    act(() => void vi.advanceTimersByTime(100));
    type(input, 'ali');
    expect(onSearch).not.toHaveBeenCalled();
    act(() => void vi.advanceTimersByTime(249));
    expect(onSearch).not.toHaveBeenCalled();
    act(() => void vi.advanceTimersByTime(1));
    expect(onSearch).toHaveBeenCalledTimes(1);
    expect(onSearch).toHaveBeenCalledWith('ali');
  });

  it('sends a phone number typed with spaces in the compact form', () => {
    const onSearch = vi.fn();
    renderUI(<SearchBox value="" onSearch={onSearch} />);
    type(screen.getByRole('searchbox'), '0712 345 678');
    act(() => void vi.advanceTimersByTime(300));
    expect(onSearch).toHaveBeenCalledWith('0712345678');
  });

  it('does not search again for the same normalized text', () => {
    const onSearch = vi.fn();
    renderUI(<SearchBox value="" onSearch={onSearch} />);
    const input = screen.getByRole('searchbox');
    type(input, '0712345678');
    act(() => void vi.advanceTimersByTime(300));
    type(input, '0712 345678');
    act(() => void vi.advanceTimersByTime(300));
    expect(onSearch).toHaveBeenCalledTimes(1);
  });

  it('searches at once on Enter and clears on Escape', () => {
    const onSearch = vi.fn();
    renderUI(<SearchBox value="" onSearch={onSearch} />);
    const input = screen.getByRole('searchbox');
    type(input, 'bob');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onSearch).toHaveBeenLastCalledWith('bob');
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(input).toHaveValue('');
    act(() => void vi.advanceTimersByTime(300));
    expect(onSearch).toHaveBeenLastCalledWith('');
    expect(onSearch).toHaveBeenCalledTimes(2);
  });

  it('starts from the value in the address bar without searching', () => {
    const onSearch = vi.fn();
    renderUI(<SearchBox value="carol" onSearch={onSearch} />);
    expect(screen.getByRole('searchbox')).toHaveValue('carol');
    act(() => void vi.advanceTimersByTime(1000));
    expect(onSearch).not.toHaveBeenCalled();
  });
});
