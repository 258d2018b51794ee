import { Empty, ErrorState } from '../../ui/states';
import { channels, useTestChannel } from './hooks';
import { DeleteButton, EditLink, RecordList } from './RecordList';
import type { ChannelTestResult } from './types';

/** What a test send came to, in a sentence. */
export function describeTest(r: ChannelTestResult): string {
  const code = r.lastStatus ? ` (status ${r.lastStatus})` : '';
  if (r.status === 'DELIVERED') return `Test delivered${code}.`;
  if (r.status === 'PENDING') return 'Test queued; it has not been delivered yet.';
  return `Test failed: ${(r.outcome ?? 'failed').toLowerCase()}${code}${r.error ? ': ' + r.error : ''}.`;
}

/** `/alerts/channels`: the tenant's channels, each with a "Send test" button for editors. */
export default function ChannelsPage() {
  const list = channels.useList();
  const remove = channels.useDelete();
  const test = useTestChannel();
  return (
    <>
      <div aria-live="polite">
        {test.data && (
          <p className={test.data.status === 'DELIVERED' ? undefined : 'bad'}>
            {describeTest(test.data)}
          </p>
        )}
        {test.error && <ErrorState error={test.error} />}
      </div>
      <RecordList
        query={list}
        what="Notification channels"
        newTo="/alerts/channels/new"
        newLabel="New channel"
        actionError={remove.error}
        empty={<Empty title="No channels">Alerts go nowhere until a channel exists.</Empty>}
        columns={['Channel', 'Type']}
        cells={(c, canEdit) => (
          <>
            <EditLink
              to={`/alerts/channels/${encodeURIComponent(c.id)}`}
              name={c.name}
              canEdit={canEdit}
            />
            <td>{c.type.toLowerCase()}</td>
          </>
        )}
        actions={(c) => (
          <>
            <button
              type="button"
              aria-label={`Send test to ${c.name}`}
              disabled={test.isPending}
              onClick={() => test.mutate(c.id)}
            >
              Send test
            </button>
            <DeleteButton what="channel" name={c.name} onDelete={() => remove.mutate(c.id)} />
          </>
        )}
      />
    </>
  );
}
