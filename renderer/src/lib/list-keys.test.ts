import { describe, expect, it } from 'vitest';
import { listAction } from './list-keys';

describe('list keys', () => {
  it('moves one row with j/k and the arrows, ten with the page keys, to the ends with g/G, never past them', () => {
    expect(listAction('j', 3, 10)).toEqual({ move: 4 });
    expect(listAction('ArrowDown', 9, 10)).toEqual({ move: 9 });
    expect(listAction('k', 0, 10)).toEqual({ move: 0 });
    expect(listAction('ArrowUp', 5, 10)).toEqual({ move: 4 });
    expect(listAction('PageDown', 5, 10)).toEqual({ move: 9 });
    expect(listAction('PageUp', 5, 10)).toEqual({ move: 0 });
    expect(listAction('g', 5, 10)).toEqual({ move: 0 });
    expect(listAction('G', 5, 10)).toEqual({ move: 9 });
  });
  it('starts at the first row when none is current; Enter opens the current row, Esc closes', () => {
    expect(listAction('j', -1, 10)).toEqual({ move: 0 });
    expect(listAction('Enter', -1, 10)).toEqual({ move: 0 });
    expect(listAction('Enter', 2, 10)).toEqual({ open: true });
    expect(listAction('Escape', 2, 10)).toEqual({ close: true });
    expect(listAction('x', 2, 10)).toBeNull();
    expect(listAction('j', -1, 0)).toBeNull();
  });
});
