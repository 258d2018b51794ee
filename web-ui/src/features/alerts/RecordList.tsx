import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ErrorState, QueryView } from '../../ui/states';
import { useSignedIn } from '../auth/session';

/**
 * A control-plane list (rules, channels, silences): a "New" link and an Actions column for
 * editors, the error of the last action, and the records as a table.
 */
export function RecordList<T extends { id: string }>({
  query,
  what,
  newTo,
  newLabel,
  actionError,
  empty,
  columns,
  cells,
  actions,
}: {
  query: { data: T[] | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  what: string;
  newTo: string;
  newLabel: string;
  actionError: unknown;
  empty: ReactNode;
  columns: string[];
  cells: (item: T, canEdit: boolean) => ReactNode;
  actions: (item: T) => ReactNode;
}) {
  const session = useSignedIn();
  return (
    <>
      {session.canEdit && (
        <Link className="button" to={newTo}>
          {newLabel}
        </Link>
      )}
      {actionError ? <ErrorState error={actionError} /> : null}
      <QueryView query={query} what={what}>
        {(all) =>
          all.length === 0 ? (
            empty
          ) : (
            <table className="data">
              <caption className="sr-only">{what}</caption>
              <thead>
                <tr>
                  {columns.map((c) => (
                    <th key={c} scope="col">
                      {c}
                    </th>
                  ))}
                  {session.canEdit && <th scope="col">Actions</th>}
                </tr>
              </thead>
              <tbody>
                {all.map((item) => (
                  <tr key={item.id}>
                    {cells(item, session.canEdit)}
                    {session.canEdit && (
                      <td>
                        <div className="toolbar">{actions(item)}</div>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
    </>
  );
}

/** A record's name, a link to its form for editors. */
export function EditLink({ to, name, canEdit }: { to: string; name: string; canEdit: boolean }) {
  return <td>{canEdit ? <Link to={to}>{name}</Link> : name}</td>;
}

/** A delete button that asks first. */
export function DeleteButton({
  what,
  name,
  onDelete,
}: {
  what: string;
  name: string;
  onDelete: () => void;
}) {
  return (
    <button
      type="button"
      aria-label={`Delete ${what} ${name}`}
      onClick={() => {
        if (window.confirm(`Delete the ${what} ${name}?`)) onDelete();
      }}
    >
      Delete
    </button>
  );
}
