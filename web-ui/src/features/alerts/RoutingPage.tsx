import { useState, type FormEvent } from 'react';
import { Field, fieldError, formError } from '../../ui/forms';
import { QueryView } from '../../ui/states';
import { useSignedIn } from '../auth/session';
import { channels, useRouting, useSaveRouting } from './hooks';
import { formatMatcher, parseMatcher } from './matchers';
import type { Matcher, Routing } from './types';

/** `/alerts/routing`: which channels each alert goes to, route by route. */
export default function RoutingPage() {
  const routing = useRouting();
  const list = channels.useList();
  return (
    <QueryView query={routing} what="the routing">
      {(r) => (
        <QueryView query={list} what="channels">
          {(cs) => <RoutingEditor initial={r} channelIds={cs.map((c) => c.id)} />}
        </QueryView>
      )}
    </QueryView>
  );
}

interface RouteRow {
  matchers: string;
  channels: string[];
  groupBy: string;
  continueMatching: boolean;
}

const csv = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

function ChannelChecks({
  legend,
  ids,
  chosen,
  onChange,
  error,
}: {
  legend: string;
  ids: string[];
  chosen: string[];
  onChange: (next: string[]) => void;
  error?: string | null;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {ids.map((id) => (
        <label key={id} className="check">
          <input
            type="checkbox"
            checked={chosen.includes(id)}
            onChange={(e) =>
              onChange(e.target.checked ? [...chosen, id] : chosen.filter((c) => c !== id))
            }
          />{' '}
          {id}
        </label>
      ))}
      {error && (
        <small className="field-error" role="alert">
          {error}
        </small>
      )}
    </fieldset>
  );
}

function RoutingEditor({ initial, channelIds }: { initial: Routing; channelIds: string[] }) {
  const session = useSignedIn();
  const save = useSaveRouting();
  const [rows, setRows] = useState<RouteRow[]>(() =>
    initial.routes.map((r) => ({
      matchers: r.matchers.map(formatMatcher).join('\n'),
      channels: r.channels,
      groupBy: (r.groupBy ?? []).join(', '),
      continueMatching: r.continueMatching ?? false,
    })),
  );
  const [defaults, setDefaults] = useState(initial.defaultChannels ?? []);
  const [repeat, setRepeat] = useState(String(initial.repeatIntervalMs ?? ''));
  const [parseError, setParseError] = useState<string | null>(null);
  const patch = (i: number, p: Partial<RouteRow>) =>
    setRows((old) => old.map((r, j) => (j === i ? { ...r, ...p } : r)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const routes = [];
    for (const [i, r] of rows.entries()) {
      const ms = r.matchers
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      const parsed = ms.map(parseMatcher);
      if (parsed.some((m) => m === null)) {
        setParseError(`Route ${i + 1}: every matcher is label=value, !=, =~ or !~`);
        return;
      }
      routes.push({
        matchers: parsed as Matcher[],
        channels: r.channels,
        groupBy: r.groupBy.trim() ? csv(r.groupBy) : undefined,
        continueMatching: r.continueMatching,
      });
    }
    setParseError(null);
    save.mutate({
      routes,
      defaultChannels: defaults,
      defaultGroupBy: initial.defaultGroupBy ?? undefined,
      groupWaitMs: initial.groupWaitMs ?? undefined,
      groupIntervalMs: initial.groupIntervalMs ?? undefined,
      repeatIntervalMs: repeat.trim() ? Number(repeat) : undefined,
      inhibitRules: initial.inhibitRules ?? undefined,
    });
  };
  const routeError = (i: number, f: string) =>
    fieldError(save.error, `routes[${i}].${f}`) && save.error?.message;
  const general = formError(save.error, ['routes', 'defaultChannels', 'repeatIntervalMs']);
  return (
    <form className="stack form" onSubmit={submit} aria-label="Alert routing">
      {initial.default && <p>No routing stored: every channel receives every alert.</p>}
      {rows.map((r, i) => (
        <fieldset key={i} className="panel">
          <legend>Route {i + 1}</legend>
          <Field
            label={`Route ${i + 1} matchers (one per line)`}
            error={routeError(i, 'matchers')}
            hint="e.g. severity=page; all must match"
          >
            {(p) => (
              <textarea
                {...p}
                rows={2}
                value={r.matchers}
                onChange={(e) => patch(i, { matchers: e.target.value })}
              />
            )}
          </Field>
          <ChannelChecks
            legend={`Route ${i + 1} channels`}
            ids={channelIds}
            chosen={r.channels}
            onChange={(c) => patch(i, { channels: c })}
            error={routeError(i, 'channels')}
          />
          <Field
            label={`Route ${i + 1} group by (comma separated)`}
            error={routeError(i, 'groupBy')}
          >
            {(p) => (
              <input
                {...p}
                value={r.groupBy}
                onChange={(e) => patch(i, { groupBy: e.target.value })}
              />
            )}
          </Field>
          <label className="check">
            <input
              type="checkbox"
              checked={r.continueMatching}
              onChange={(e) => patch(i, { continueMatching: e.target.checked })}
            />{' '}
            Route {i + 1}: keep trying the next routes
          </label>
          {session.canEdit && (
            <button type="button" onClick={() => setRows((old) => old.filter((_, j) => j !== i))}>
              Remove route {i + 1}
            </button>
          )}
        </fieldset>
      ))}
      {session.canEdit && (
        <button
          type="button"
          onClick={() =>
            setRows((old) => [
              ...old,
              { matchers: '', channels: [], groupBy: '', continueMatching: false },
            ])
          }
        >
          Add route
        </button>
      )}
      <ChannelChecks
        legend="Default channels (alerts no route takes)"
        ids={channelIds}
        chosen={defaults}
        onChange={setDefaults}
        error={fieldError(save.error, 'defaultChannels')}
      />
      <Field
        label="Repeat interval (ms)"
        error={fieldError(save.error, 'repeatIntervalMs')}
        hint="default 4 hours"
      >
        {(p) => <input {...p} value={repeat} onChange={(e) => setRepeat(e.target.value)} />}
      </Field>
      {(parseError ?? general) && (
        <p className="field-error" role="alert">
          {parseError ?? general}
        </p>
      )}
      {save.isSuccess && <p role="status">Routing saved.</p>}
      {session.canEdit && (
        <button className="primary" type="submit" disabled={save.isPending}>
          Save routing
        </button>
      )}
    </form>
  );
}
