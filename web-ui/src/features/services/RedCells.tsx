import type { RedGroup } from '../../api/types';
import { Sparkline } from '../../ui/Chart';
import { formatDuration, formatPercent, formatRate, nanosToMs } from '../../ui/format';

/** x (seconds) and y arrays of one figure of a group's series. */
export function seriesOf(
  group: RedGroup,
  figure: 'requestRate' | 'errorRate' | 'p95Ms',
): { times: number[]; values: (number | null)[] } {
  return {
    times: group.series.map((p) => nanosToMs(p.timeUnixNano) / 1000),
    values: group.series.map((p) => p[figure]),
  };
}

/** Table cells: rate and errors with sparklines, then p50/p95/p99. */
export function RedCells({ group }: { group: RedGroup }) {
  const rate = seriesOf(group, 'requestRate');
  const errors = seriesOf(group, 'errorRate');
  return (
    <>
      <td>
        <div className="figure">
          <span>{formatRate(group.requestRate)}</span>
          <Sparkline title={`Request rate of ${group.name}`} {...rate} />
        </div>
      </td>
      <td className={group.errorRate > 0.01 ? 'bad' : undefined}>
        <div className="figure">
          <span>{formatPercent(group.errorRate)}</span>
          <Sparkline title={`Error rate of ${group.name}`} {...errors} color="#ef4444" />
        </div>
      </td>
      <td>{formatDuration(group.p50Ms)}</td>
      <td>{formatDuration(group.p95Ms)}</td>
      <td>{formatDuration(group.p99Ms)}</td>
    </>
  );
}

export const RED_HEADERS = ['Requests', 'Errors', 'p50', 'p95', 'p99'];
