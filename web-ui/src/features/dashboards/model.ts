/** Dashboards as the API stores them (GET /api/v1/dashboards/{id}), and what the UI does with them. */

export const KINDS = ['metric', 'sql', 'slo-budget', 'logs', 'traces', 'uptime'] as const;
export type PanelKind = (typeof KINDS)[number];
export const DISPLAYS = ['timeseries', 'table', 'stat', 'bar'] as const;
export type Display = (typeof DISPLAYS)[number];
export const VARIABLE_TYPES = ['service', 'region', 'timerange'] as const;
export type VariableType = (typeof VARIABLE_TYPES)[number];

export const KIND_LABELS: Record<PanelKind, string> = {
  metric: 'Metric chart',
  sql: 'SQL query',
  'slo-budget': 'SLO budget',
  logs: 'Logs list',
  traces: 'Trace list',
  uptime: 'Uptime bars',
};

/** The grid: 12 columns. */
export const COLUMNS = 12;

export interface PanelLayout {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface MetricSpec {
  name: string;
  agg: string;
  service: string;
  groupBy: string[];
  filters: string[];
}

export interface Panel {
  id: string;
  title: string;
  kind: PanelKind;
  layout: PanelLayout;
  sql?: string | null;
  params?: Record<string, string> | null;
  display?: Display | null;
  metric?: MetricSpec | null;
  sloId?: string | null;
  endpointId?: string | null;
  service?: string | null;
  query?: string | null;
}

export interface Variable {
  name: string;
  type: VariableType;
  defaultValue?: string | null;
}

export interface Dashboard {
  id: string;
  title: string;
  panels: Panel[];
  variables: Variable[];
  updatedAt?: string;
  actor?: string;
}

/** What the API takes on POST and PUT (the read-only fields left out, nulls dropped). */
export function toBody(d: Dashboard): Record<string, unknown> {
  return {
    id: d.id,
    title: d.title,
    variables: d.variables.map((v) => clean({ ...v })),
    panels: d.panels.map((p) => clean({ ...p, params: p.kind === 'sql' ? p.params : undefined })),
  };
}

function clean<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(o).filter(([, v]) => v !== null && v !== undefined && v !== ''),
  ) as Partial<T>;
}

/** The URL key of a variable's value: `var-<name>`. */
export function variableKey(name: string): string {
  return `var-${name}`;
}

/**
 * The parameters a SQL panel runs with: `from` and `to` (when it declares them) from the page's time
 * range, which a `timerange` variable names; each other placeholder a variable binds from the
 * URL's value, else the variable's default.
 */
export function panelParams(
  panel: Panel,
  variables: Variable[],
  values: (name: string) => string,
  range: { from: string; to: string } | null,
): Record<string, string> {
  const out: Record<string, string> = {};
  const declared = panel.params ?? {};
  if (range && 'from' in declared) out.from = range.from;
  if (range && 'to' in declared) out.to = range.to;
  for (const v of variables) {
    if (v.type !== 'timerange' && v.name in declared) {
      out[v.name] = values(v.name) || v.defaultValue || '';
    }
  }
  return out;
}

/** `$name` of a service filter replaced by the variable's value; other text as it is. */
export function resolveVariable(
  text: string | null | undefined,
  variables: Variable[],
  values: (name: string) => string,
): string {
  if (!text) return '';
  if (!text.startsWith('$')) return text;
  const v = variables.find((x) => x.name === text.slice(1));
  return v ? values(v.name) || v.defaultValue || '' : '';
}

/** A place for a new panel: under everything, half the width. */
export function nextLayout(panels: Panel[]): PanelLayout {
  const bottom = panels.reduce((max, p) => Math.max(max, p.layout.y + p.layout.h), 0);
  return { x: 0, y: bottom, w: 6, h: 4 };
}

/** A panel id from a title: lower case, a-z 0-9 and '-', unique on the dashboard. */
export function panelId(title: string, taken: string[]): string {
  const base =
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50) || 'panel';
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

/** The layouts of a grid change applied to the panels (by id); unchanged panels kept as they are. */
export function applyLayout(
  panels: Panel[],
  layout: readonly { i: string; x: number; y: number; w: number; h: number }[],
): Panel[] {
  const byId = new Map(layout.map((l) => [l.i, l]));
  return panels.map((p) => {
    const l = byId.get(p.id);
    if (!l) return p;
    const next = { x: l.x, y: l.y, w: l.w, h: l.h };
    const same =
      next.x === p.layout.x &&
      next.y === p.layout.y &&
      next.w === p.layout.w &&
      next.h === p.layout.h;
    return same ? p : { ...p, layout: next };
  });
}

/** A panel moved (dx, dy) or resized (dw, dh) by the keyboard, kept on the grid. */
export function nudge(l: PanelLayout, dx: number, dy: number, dw: number, dh: number): PanelLayout {
  const w = Math.min(COLUMNS, Math.max(1, l.w + dw));
  const h = Math.min(48, Math.max(1, l.h + dh));
  const x = Math.min(COLUMNS - w, Math.max(0, l.x + dx));
  const y = Math.max(0, l.y + dy);
  return { x, y, w, h };
}

/** The exported file: the dashboard without who saved it when. */
export function exportJson(d: Dashboard): string {
  return JSON.stringify(toBody(d), null, 2) + '\n';
}

/**
 * A dashboard from an exported file, or the reason it is not one. The API checks the rest
 * (and names the field) when it is saved.
 */
export function parseImport(text: string): { dashboard: Dashboard } | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { error: `The file is not JSON: ${(e as Error).message}` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { error: 'The file is not a dashboard: expected a JSON object.' };
  }
  const o = raw as Record<string, unknown>;
  if (typeof o.title !== 'string' || o.title.trim() === '') {
    return { error: "The file is not a dashboard: field 'title' is missing." };
  }
  if (o.panels !== undefined && !Array.isArray(o.panels)) {
    return { error: "The file is not a dashboard: field 'panels' must be an array." };
  }
  if (o.variables !== undefined && !Array.isArray(o.variables)) {
    return { error: "The file is not a dashboard: field 'variables' must be an array." };
  }
  return {
    dashboard: {
      id: typeof o.id === 'string' ? o.id : '',
      title: o.title,
      panels: (o.panels as Panel[] | undefined) ?? [],
      variables: (o.variables as Variable[] | undefined) ?? [],
    },
  };
}
