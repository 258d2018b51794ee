import { Empty } from '../../ui/states';
import { rules } from './hooks';
import { DeleteButton, EditLink, RecordList } from './RecordList';
import type { AlertRule } from './types';

function describe(r: AlertRule): string {
  if (r.kind === 'BURN_RATE') return `burn rate of SLO ${r.sloId}`;
  const what =
    r.signal === 'METRIC'
      ? r.metric
      : `${r.signal?.toLowerCase()} of ${r.service ?? 'any service'}`;
  if (r.kind === 'NO_DATA') return `no ${what} for ${(r.forMs ?? 0) / 60000} min`;
  return `${what} ${r.comparison?.toLowerCase()} ${r.threshold} over ${(r.windowMs ?? 0) / 60000} min`;
}

/** `/alerts/rules`: the tenant's alert rules. */
export default function RulesPage() {
  const list = rules.useList();
  const remove = rules.useDelete();
  return (
    <RecordList
      query={list}
      what="Alert rules"
      newTo="/alerts/rules/new"
      newLabel="New rule"
      actionError={remove.error}
      empty={<Empty title="No alert rules" />}
      columns={['Rule', 'Kind', 'Condition', 'Enabled']}
      cells={(r, canEdit) => (
        <>
          <EditLink
            to={`/alerts/rules/${encodeURIComponent(r.id)}`}
            name={r.name}
            canEdit={canEdit}
          />
          <td>{r.kind.toLowerCase().replace('_', ' ')}</td>
          <td>{describe(r)}</td>
          <td>{r.enabled === false ? 'no' : 'yes'}</td>
        </>
      )}
      actions={(r) => (
        <DeleteButton what="rule" name={r.name} onDelete={() => remove.mutate(r.id)} />
      )}
    />
  );
}
