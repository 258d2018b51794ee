import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { VirtualTable, type Column } from './VirtualTable';

const ROWS = Array.from({ length: 10_000 }, (_, i) => ({ id: `r${i}`, name: `row ${i}` }));
const COLUMNS: Column<(typeof ROWS)[number]>[] = [
  { key: 'name', header: 'Name', width: '1fr', render: (r) => r.name },
];

describe('the virtual table', () => {
  it('should_keepOnlyTheRowsInViewInTheDom_andMoveWithTheKeyboard', async () => {
    const activated = vi.fn();
    render(
      <VirtualTable
        label="Things"
        rows={ROWS}
        columns={COLUMNS}
        rowKey={(r) => r.id}
        onActivate={activated}
      />,
    );
    const table = screen.getByRole('table', { name: 'Things' });
    const rows = () => within(table).getAllByRole('row').slice(1);
    expect(rows().length).toBeLessThan(40);
    rows()[0].focus();
    fireEvent.keyDown(rows()[0], { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement?.textContent).toBe('row 1'));
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'Enter' });
    expect(activated).toHaveBeenCalledWith(ROWS[1], 1);
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'ArrowUp' });
    await waitFor(() => expect(document.activeElement?.textContent).toBe('row 0'));
  });
});
