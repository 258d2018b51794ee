import { useMemo, useState, type KeyboardEvent, type Ref } from 'react';
import ReactGridLayout, { useContainerWidth, type Layout } from 'react-grid-layout';
import 'react-grid-layout/css/styles.css';
import 'react-resizable/css/styles.css';
import { useNavigate, useParams } from 'react-router';
import { useSignedIn } from '../auth/session';
import { ErrorState, QueryView } from '../../ui/states';
import { useTimeRange } from '../../ui/TimeContext';
import { useUrlState } from '../../ui/urlState';
import { useDashboard, useDeleteDashboard, useSaveDashboard } from './hooks';
import {
  applyLayout,
  COLUMNS,
  exportJson,
  KIND_LABELS,
  nextLayout,
  nudge,
  panelId,
  toBody,
  VARIABLE_TYPES,
  variableKey,
  type Dashboard,
  type Panel,
  type Variable,
  type VariableType,
} from './model';
import { PanelEditor } from './PanelEditor';
import { PanelView, type PanelContext } from './PanelView';

/** Height of one grid row in pixels. */
const ROW_HEIGHT = 60;

/** A dashboard: its variables bar, its grid of panels, and (for editors) the editing controls. */
export default function DashboardPage() {
  const { id = '' } = useParams();
  const dashboard = useDashboard(id);
  return (
    <section className="page page-wide">
      <QueryView query={dashboard} what="the dashboard">
        {(d) => <DashboardView key={d.id + (d.updatedAt ?? '')} saved={d} />}
      </QueryView>
    </section>
  );
}

function DashboardView({ saved }: { saved: Dashboard }) {
  const session = useSignedIn();
  const canEdit = session.canEdit;
  const url = useUrlState();
  const { range, error: rangeError } = useTimeRange();
  const navigate = useNavigate();
  const save = useSaveDashboard();
  const remove = useDeleteDashboard();
  const [draft, setDraft] = useState<Dashboard>(saved);
  const [editing, setEditing] = useState<Panel | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [status, setStatus] = useState('');
  const [shareUrl, setShareUrl] = useState<string | null>(null);
  const dirty = JSON.stringify(toBody(draft)) !== JSON.stringify(toBody(saved));
  const { width, containerRef, mounted } = useContainerWidth();

  const ctx: PanelContext = useMemo(
    () => ({
      dashboardId: saved.id,
      // panels run as saved: a variable added in the draft applies once saved
      variables: saved.variables,
      values: (name: string) => url.get(variableKey(name)),
      range,
    }),
    [saved.id, saved.variables, url, range],
  );

  const layout: Layout = useMemo(
    () =>
      draft.panels.map((p) => ({
        i: p.id,
        ...p.layout,
        minW: 2,
        minH: 2,
      })),
    [draft.panels],
  );

  function setPanels(panels: Panel[]) {
    setDraft((d) => ({ ...d, panels }));
  }

  function onKeyMove(panel: Panel, e: KeyboardEvent, resize: boolean) {
    const step: Record<string, [number, number]> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
    };
    const d = step[e.key];
    if (!d) return;
    e.preventDefault();
    const next =
      resize || e.shiftKey
        ? nudge(panel.layout, 0, 0, d[0], d[1])
        : nudge(panel.layout, d[0], d[1], 0, 0);
    setPanels(draft.panels.map((p) => (p.id === panel.id ? { ...p, layout: next } : p)));
    setStatus(
      `${panel.title}: column ${next.x + 1}, row ${next.y + 1}, ${next.w} wide, ${next.h} high`,
    );
  }

  function onSave() {
    save.mutate(
      { dashboard: draft, replace: true },
      { onSuccess: () => setStatus('Dashboard saved.') },
    );
  }

  function onDuplicate() {
    save.mutate(
      {
        dashboard: { ...draft, id: '', title: `Copy of ${draft.title}`.slice(0, 200) },
        replace: false,
      },
      { onSuccess: (d) => navigate(`/dashboards/${d.id}${window.location.search}`) },
    );
  }

  async function onShare() {
    const link = window.location.href;
    try {
      await navigator.clipboard.writeText(link);
      setStatus('Share link copied.');
      setShareUrl(null);
    } catch {
      setShareUrl(link);
    }
  }

  const exportHref = `data:application/json;charset=utf-8,${encodeURIComponent(exportJson(draft))}`;

  return (
    <>
      <div className="dashboard-head">
        <h1>{saved.title}</h1>
        <div className="toolbar" role="toolbar" aria-label="Dashboard actions">
          {canEdit && (
            <>
              <button
                type="button"
                onClick={() =>
                  setEditing({
                    id: '',
                    title: '',
                    kind: 'metric',
                    layout: nextLayout(draft.panels),
                  })
                }
              >
                Add panel
              </button>
              <button
                type="button"
                className="primary"
                disabled={!dirty || save.isPending}
                onClick={onSave}
              >
                {dirty ? 'Save dashboard' : 'Saved'}
              </button>
              <button type="button" onClick={onDuplicate} disabled={save.isPending}>
                Duplicate
              </button>
            </>
          )}
          <button type="button" onClick={() => void onShare()}>
            Copy share link
          </button>
          <a className="button" href={exportHref} download={`${saved.id}.json`}>
            Export JSON
          </a>
          {canEdit && (
            <button type="button" className="danger" onClick={() => setConfirmDelete(true)}>
              Delete
            </button>
          )}
        </div>
      </div>
      {confirmDelete && (
        <div role="alertdialog" aria-label="Delete this dashboard?" className="confirm">
          <p>Delete {saved.title}? Its panels go with it.</p>
          <button
            type="button"
            className="danger"
            onClick={() => remove.mutate(saved.id, { onSuccess: () => navigate('/dashboards') })}
          >
            Delete dashboard
          </button>
          <button type="button" onClick={() => setConfirmDelete(false)}>
            Keep it
          </button>
          {remove.error && <ErrorState error={remove.error} />}
        </div>
      )}
      {shareUrl && (
        <label className="share">
          Share link (copy it)
          <input readOnly value={shareUrl} onFocus={(e) => e.target.select()} />
        </label>
      )}
      <p role="status" aria-live="polite" className="muted">
        {status}
      </p>
      {save.error && <ErrorState error={save.error} />}
      {rangeError && <ErrorState error={rangeError} />}
      <VariablesBar
        variables={draft.variables}
        canEdit={canEdit}
        value={(n) => url.get(variableKey(n))}
        onValue={(n, v) => url.set({ [variableKey(n)]: v }, true)}
        onChange={(variables) => setDraft((d) => ({ ...d, variables }))}
      />
      {draft.panels.length === 0 && (
        <div className="state state-empty">
          <strong>No panels yet.</strong> {canEdit ? 'Add one with "Add panel".' : ''}
        </div>
      )}
      <div ref={containerRef} className="grid-container">
        {mounted && (
          <ReactGridLayout
            layout={layout}
            width={width}
            gridConfig={{ cols: COLUMNS, rowHeight: ROW_HEIGHT, margin: [12, 12] }}
            dragConfig={{ enabled: canEdit, handle: '.drag-handle' }}
            resizeConfig={{
              enabled: canEdit,
              handles: ['se'],
              handleComponent: (axis, ref) => (
                <span
                  ref={ref as Ref<HTMLSpanElement>}
                  className={`react-resizable-handle react-resizable-handle-${axis} resize-handle`}
                  role="button"
                  tabIndex={0}
                  aria-label="Resize panel (drag, or arrow keys)"
                  onKeyDown={(e) => {
                    const id = (e.currentTarget.parentElement as HTMLElement | null)?.dataset
                      .panelId;
                    const p = draft.panels.find((x) => x.id === id);
                    if (p) onKeyMove(p, e, true);
                  }}
                />
              ),
            }}
            onLayoutChange={(l) => setPanels(applyLayout(draft.panels, l))}
          >
            {draft.panels.map((p) => (
              <section
                key={p.id}
                data-panel-id={p.id}
                className="grid-panel"
                aria-labelledby={`panel-title-${p.id}`}
              >
                <header className="grid-panel-head">
                  {canEdit && (
                    <button
                      type="button"
                      className="drag-handle"
                      aria-label={`Move panel ${p.title} (drag, or arrow keys; Shift+arrows resize)`}
                      title="Drag to move; arrow keys move, Shift+arrows resize"
                      onKeyDown={(e) => onKeyMove(p, e, false)}
                    >
                      ⠿
                    </button>
                  )}
                  <h2 id={`panel-title-${p.id}`}>{p.title}</h2>
                  <span className="muted">{KIND_LABELS[p.kind] ?? p.kind}</span>
                  {canEdit && (
                    <span className="grid-panel-actions">
                      <button
                        type="button"
                        aria-label={`Edit panel ${p.title}`}
                        onClick={() => setEditing(p)}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        aria-label={`Remove panel ${p.title}`}
                        onClick={() => setPanels(draft.panels.filter((x) => x.id !== p.id))}
                      >
                        Remove
                      </button>
                    </span>
                  )}
                </header>
                <div className="grid-panel-body">
                  <PanelBody saved={saved} panel={p} ctx={ctx} />
                </div>
              </section>
            ))}
          </ReactGridLayout>
        )}
      </div>
      {editing && (
        <PanelEditor
          initial={editing}
          variables={draft.variables}
          range={range}
          onCancel={() => setEditing(null)}
          onSave={(panel) => {
            if (editing.id) {
              setPanels(draft.panels.map((x) => (x.id === editing.id ? panel : x)));
            } else {
              const id = panelId(
                panel.title,
                draft.panels.map((x) => x.id),
              );
              setPanels([...draft.panels, { ...panel, id }]);
            }
            setEditing(null);
          }}
        />
      )}
    </>
  );
}

/**
 * What a panel draws: a SQL panel as saved (the API runs the stored SQL), so a new or edited one
 * runs once the dashboard is saved; the other kinds as they are in the draft.
 */
function PanelBody({ saved, panel, ctx }: { saved: Dashboard; panel: Panel; ctx: PanelContext }) {
  if (panel.kind !== 'sql') return <PanelView panel={panel} ctx={ctx} />;
  const stored = saved.panels.find((s) => s.id === panel.id);
  return stored?.kind === 'sql' ? (
    <PanelView panel={stored} ctx={ctx} />
  ) : (
    <p className="muted">Save the dashboard to run this panel.</p>
  );
}

/** The dashboard's variables: each value in the URL (`var-<name>`), so a link shares them. */
function VariablesBar({
  variables,
  canEdit,
  value,
  onValue,
  onChange,
}: {
  variables: Variable[];
  canEdit: boolean;
  value: (name: string) => string;
  onValue: (name: string, v: string) => void;
  onChange: (variables: Variable[]) => void;
}) {
  const [type, setType] = useState<VariableType>('service');
  const [name, setName] = useState('');
  if (variables.length === 0 && !canEdit) return null;
  return (
    <div className="variables" role="group" aria-label="Dashboard variables">
      {variables.map((v) =>
        v.type === 'timerange' ? (
          <span key={v.name} className="muted">
            {v.name}: the time range above (bound as <code>from</code> and <code>to</code>)
          </span>
        ) : (
          <label key={v.name}>
            {v.name} ({v.type})
            <input
              value={value(v.name)}
              placeholder={v.defaultValue ?? ''}
              onChange={(e) => onValue(v.name, e.target.value)}
            />
          </label>
        ),
      )}
      {canEdit && variables.length > 0 && (
        <label>
          Remove a variable
          <select
            value=""
            onChange={(e) => onChange(variables.filter((v) => v.name !== e.target.value))}
          >
            <option value="">…</option>
            {variables.map((v) => (
              <option key={v.name}>{v.name}</option>
            ))}
          </select>
        </label>
      )}
      {canEdit && (
        <form
          className="inline-form"
          aria-label="Add a variable"
          onSubmit={(e) => {
            e.preventDefault();
            const n = type === 'timerange' ? 'range' : name.trim() || type;
            if (variables.some((v) => v.name === n)) return;
            onChange([...variables, { name: n, type }]);
            setName('');
          }}
        >
          <label>
            Variable type
            <select value={type} onChange={(e) => setType(e.target.value as VariableType)}>
              {VARIABLE_TYPES.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </label>
          {type !== 'timerange' && (
            <label>
              Variable name
              <input value={name} placeholder={type} onChange={(e) => setName(e.target.value)} />
            </label>
          )}
          <button type="submit">Add variable</button>
        </form>
      )}
    </div>
  );
}
