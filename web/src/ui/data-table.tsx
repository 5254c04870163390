// A sortable, filterable table that stays fast at tens of thousands of rows: TanStack Table
// computes the sorted and filtered row model, TanStack Virtual renders only the visible rows.
// Keyboard: Tab into the table, arrow keys (Home/End, PageUp/PageDown) move the active row,
// Enter opens it; column headers are buttons that sort.
import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type ColumnFiltersState,
  type FilterFn,
  type SortingState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';

const ROW = 34;

/** Matches rows whose searchable text contains every word of the query (case-insensitive). */
const wordsFilter: FilterFn<unknown> = (row, _columnId, value: string) => {
  const words = value.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = (row.original as { _search?: string })._search ?? '';
  return words.every((w) => text.includes(w));
};

/** Props of {@link DataTable}. */
export interface DataTableProps<T> {
  data: T[];
  columns: ColumnDef<T, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any -- TanStack's column value types vary per column
  /** Free-text search over `searchText(row)`. */
  search?: string;
  searchText?: (row: T) => string;
  columnFilters?: ColumnFiltersState;
  initialSorting?: SortingState;
  /** Called with the sorting when the user changes it (to keep it in the URL). */
  onSortingChange?: (s: SortingState) => void;
  sorting?: SortingState;
  onOpen?: (row: T) => void;
  label: string;
  height?: number;
  empty?: ReactNode;
  /** Shown under the table: how many rows match. */
  countLabel?: (shown: number, total: number) => ReactNode;
  testId?: string;
}

/** A virtualized table (see the file comment). */
export function DataTable<T>({ data, columns, search = '', searchText, columnFilters = [], initialSorting = [], sorting: controlled, onSortingChange, onOpen, label, height = 560, empty, countLabel, testId }: DataTableProps<T>) {
  const [own, setOwn] = useState<SortingState>(initialSorting);
  const sorting = controlled ?? own;
  const [active, setActive] = useState(0);
  const rowsWithSearch = useSearchIndex(data, searchText);
  const table = useReactTable({
    data: rowsWithSearch as T[],
    columns,
    state: { sorting, globalFilter: search, columnFilters },
    onSortingChange: (u) => {
      const next = typeof u === 'function' ? u(sorting) : u;
      setOwn(next);
      onSortingChange?.(next);
    },
    globalFilterFn: wordsFilter as FilterFn<T>,
    getColumnCanGlobalFilter: () => true,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
  });
  const rows = table.getRowModel().rows;
  const parent = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => parent.current, estimateSize: () => ROW, overscan: 12 });
  const items = virtual.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtual.getTotalSize() - (items.at(-1)?.end ?? 0);
  const cols = table.getVisibleLeafColumns();

  const onKey = (e: KeyboardEvent) => {
    const move = (to: number) => {
      e.preventDefault();
      const i = Math.max(0, Math.min(rows.length - 1, to));
      setActive(i);
      virtual.scrollToIndex(i);
    };
    if (e.key === 'ArrowDown') move(active + 1);
    else if (e.key === 'ArrowUp') move(active - 1);
    else if (e.key === 'PageDown') move(active + 15);
    else if (e.key === 'PageUp') move(active - 15);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(rows.length - 1);
    else if (e.key === 'Enter' && onOpen && rows[active]) {
      e.preventDefault();
      onOpen(rows[active]!.original);
    }
  };

  return (
    <div className="data-table" data-testid={testId}>
      <div
        ref={parent}
        className="table-scroll"
        style={{ maxHeight: height }}
        tabIndex={0}
        aria-label={`${label}: arrow keys move, Enter opens`}
        onKeyDown={onKey}
      >
        <table>
          <colgroup>
            {cols.map((c) => (
              <col key={c.id} style={c.columnDef.size ? { width: c.columnDef.size } : undefined} />
            ))}
          </colgroup>
          <thead>
            {table.getHeaderGroups().map((hg) => (
              <tr key={hg.id}>
                {hg.headers.map((h) => {
                  const sorted = h.column.getIsSorted();
                  return (
                    <th key={h.id} aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}>
                      {h.column.getCanSort() ? (
                        <button type="button" className="sort" onClick={h.column.getToggleSortingHandler()}>
                          {flexRender(h.column.columnDef.header, h.getContext())}
                          <span aria-hidden="true" className="sort-mark">{sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}</span>
                        </button>
                      ) : (
                        flexRender(h.column.columnDef.header, h.getContext())
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {top > 0 ? (
              <tr aria-hidden="true" className="spacer">
                <td colSpan={cols.length} style={{ height: top }} />
              </tr>
            ) : null}
            {items.map((vi) => {
              const row = rows[vi.index]!;
              return (
                <tr
                  key={row.id}
                  className={vi.index === active ? 'active' : undefined}
                  style={{ height: ROW }}
                  onClick={() => setActive(vi.index)}
                  onDoubleClick={() => onOpen?.(row.original)}
                >
                  {row.getVisibleCells().map((cell) => {
                    const v = cell.getValue();
                    // The full text on hover, for cells that the column width cuts off.
                    return (
                      <td key={cell.id} title={typeof v === 'string' && v.length > 16 ? v : undefined}>
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
            {bottom > 0 ? (
              <tr aria-hidden="true" className="spacer">
                <td colSpan={cols.length} style={{ height: bottom }} />
              </tr>
            ) : null}
          </tbody>
        </table>
        {rows.length === 0 ? <div className="table-empty">{empty ?? 'Nothing matches.'}</div> : null}
      </div>
      <div className="table-foot muted" aria-live="polite" data-testid={testId ? `${testId}-count` : undefined}>
        {countLabel ? countLabel(rows.length, data.length) : `${rows.length.toLocaleString('en-US')} of ${data.length.toLocaleString('en-US')}`}
      </div>
    </div>
  );
}

// The lower-cased search text is computed once per data set, not per keystroke.
const searchCache = new WeakMap<object, unknown[]>();
function useSearchIndex<T>(data: T[], searchText?: (row: T) => string): T[] {
  if (!searchText) return data;
  let hit = searchCache.get(data) as T[] | undefined;
  if (!hit) {
    hit = data.map((r) => ({ ...(r as object), _search: searchText(r).toLowerCase() }) as T);
    searchCache.set(data, hit);
  }
  return hit;
}
