import { useState, type ChangeEvent, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useSignedIn } from '../auth/session';
import { Empty, ErrorState, QueryView } from '../../ui/states';
import { useDashboards, useSaveDashboard } from './hooks';
import { parseImport } from './model';

/** The tenant's dashboards; a new one from a title, or imported from an exported JSON file. */
export default function DashboardsPage() {
  const session = useSignedIn();
  const dashboards = useDashboards();
  const save = useSaveDashboard();
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [importError, setImportError] = useState<string | null>(null);

  function create(e: FormEvent) {
    e.preventDefault();
    if (!title.trim()) return;
    save.mutate(
      { dashboard: { id: '', title: title.trim(), panels: [], variables: [] }, replace: false },
      { onSuccess: (d) => navigate(`/dashboards/${d.id}`) },
    );
  }

  async function importFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const parsed = parseImport(await readText(file));
    if ('error' in parsed) {
      setImportError(parsed.error);
      return;
    }
    setImportError(null);
    save.mutate(
      { dashboard: parsed.dashboard, replace: false },
      { onSuccess: (d) => navigate(`/dashboards/${d.id}`) },
    );
  }

  return (
    <section className="page">
      <h1>Dashboards</h1>
      {session.canEdit && (
        <div className="toolbar">
          <form className="toolbar" onSubmit={create} aria-label="New dashboard">
            <label>
              New dashboard title
              <input value={title} onChange={(e) => setTitle(e.target.value)} />
            </label>
            <button type="submit" className="primary" disabled={!title.trim() || save.isPending}>
              Create dashboard
            </button>
          </form>
          <label className="file-button">
            Import a dashboard from JSON
            <input type="file" accept="application/json,.json" onChange={importFile} />
          </label>
        </div>
      )}
      {importError && (
        <p role="alert" className="field-error">
          {importError}
        </p>
      )}
      {save.error && <ErrorState error={save.error} />}
      <QueryView query={dashboards} what="the dashboards">
        {(list) =>
          list.length === 0 ? (
            <Empty title="No dashboards yet." />
          ) : (
            <table className="data" aria-label="Dashboards">
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Panels</th>
                  <th scope="col">Saved</th>
                </tr>
              </thead>
              <tbody>
                {list.map((d) => (
                  <tr key={d.id}>
                    <td>
                      <Link to={`/dashboards/${d.id}`}>{d.title}</Link>
                    </td>
                    <td>{d.panels.length}</td>
                    <td>{d.updatedAt ? new Date(d.updatedAt).toLocaleString() : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
    </section>
  );
}

/** A file's text (FileReader: every browser, and jsdom in the tests). */
function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsText(file);
  });
}
