import { useInfiniteQuery } from '@tanstack/react-query';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { api, ApiError, withQuery, type Page } from './api';
import { formatMoney } from './format';

/** An amount in its currency's format, right-aligned (the `money` class) by the table or list it sits in. */
export function Money({ amount, currency }: { amount: string | null | undefined; currency: string }) {
  return (
    <span className="money" data-amount={amount ?? ''} data-currency={currency}>
      {formatMoney(amount, currency)}
    </span>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** An error in words: what failed, the API's message, and every field it names. */
/** `action` says what failed: "load" (default), "record", "run"… */
export function ErrorView({ error, what, action = 'load' }: { error: unknown; what: string; action?: string }) {
  if (error instanceof ApiError) {
    const pending = error.status === 404 && /^Cannot (GET|POST)/.test(error.message);
    return (
      <div className="error" role="alert">
        <p>
          <strong>
            Could not {action} {what}.
          </strong>{' '}
          {pending
            ? `The API does not offer ${error.url.split('?')[0]} yet (404).`
            : error.status === 0
              ? error.message
              : error.problems.length > 0
                ? `The API refused it (HTTP ${error.status}):`
                : `${error.message} (HTTP ${error.status}).`}
        </p>
        {error.problems.length > 0 && (
          <ul>
            {error.problems.map((problem) => (
              <li key={`${problem.path}:${problem.message}`}>
                <code>{problem.path || '(body)'}</code>: {problem.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  return (
    <div className="error" role="alert">
      <p>
        <strong>
          Could not {action} {what}.
        </strong>{' '}
        {error instanceof Error ? error.message : String(error)}
      </p>
    </div>
  );
}

/** The problems the API named for one form field (path equal to the field or below it). */
export function fieldProblems(error: unknown, field: string): string[] {
  if (!(error instanceof ApiError)) return [];
  return error.problems
    .filter((p) => p.path === field || p.path.startsWith(`${field}.`) || p.path.startsWith(`${field}[`))
    .map((p) => p.message);
}

export function FieldError({ messages, id }: { messages: string[]; id: string }) {
  if (messages.length === 0) return null;
  return (
    <span className="field-error" id={id} role="alert">
      {messages.join('; ')}
    </span>
  );
}

export interface TableProps<T> {
  data: T[];
  columns: ColumnDef<T, unknown>[];
  caption: string;
  rowKey?: (row: T) => string;
  testId?: string;
}

/** A plain table (TanStack Table): columns whose meta says `numeric` are right-aligned. */
export function DataTable<T>({ data, columns, caption, rowKey, testId }: TableProps<T>) {
  const table = useReactTable({ data, columns, getCoreRowModel: getCoreRowModel(), getRowId: rowKey ? (row) => rowKey(row) : undefined });
  return (
    <div className="table-wrap">
      <table data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th
                  key={header.id}
                  scope="col"
                  className={(header.column.columnDef.meta as { numeric?: boolean } | undefined)?.numeric ? 'num' : undefined}
                >
                  {header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id}>
              {row.getVisibleCells().map((cell) => (
                <td
                  key={cell.id}
                  className={(cell.column.columnDef.meta as { numeric?: boolean } | undefined)?.numeric ? 'num' : undefined}
                >
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A list endpoint of SPEC §5 page by page (`limit` and `cursor`): the first page, then "Load
 * more" while the API hands out a `nextCursor`. Only the pages asked for are ever fetched, so a
 * 10,000-partner program costs the same as a small one.
 */
export function PagedTable<T>({
  path,
  query,
  columns,
  caption,
  what,
  empty,
  rowKey,
  pageSize = 50,
  testId,
}: {
  path: string;
  query: Record<string, string | undefined>;
  columns: ColumnDef<T, unknown>[];
  caption: string;
  what: string;
  empty: ReactNode;
  rowKey?: (row: T) => string;
  pageSize?: number;
  testId?: string;
}) {
  const result = useInfiniteQuery({
    queryKey: [path, query, pageSize],
    queryFn: ({ pageParam }) => api<Page<T>>(withQuery(path, { ...query, limit: pageSize, cursor: pageParam })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  if (result.isPending) return <Loading what={what} />;
  if (result.isError) return <ErrorView error={result.error} what={what} />;
  const rows = result.data.pages.flatMap((page) => page.items ?? []);
  if (rows.length === 0) return <Empty>{empty}</Empty>;
  return (
    <>
      <DataTable data={rows} columns={columns} caption={caption} rowKey={rowKey} testId={testId} />
      <div className="pager">
        <span>
          {rows.length} shown{result.hasNextPage ? ', more available' : ''}
        </span>
        {result.hasNextPage && (
          <button type="button" onClick={() => void result.fetchNextPage()} disabled={result.isFetchingNextPage}>
            {result.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        )}
      </div>
    </>
  );
}

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section aria-label={title}>
      <div className="section-head">
        <h2>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

export const numeric = { numeric: true } as const;

/**
 * A modal dialog (the native `<dialog>`: focus stays inside, Escape closes it) with its title;
 * it opens when rendered and calls onClose when dismissed.
 */
export function Dialog({ title, onClose, children, testId }: { title: string; onClose: () => void; children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}
