import type uPlot from 'uplot';
import { Chart, PALETTE } from '../../ui/Chart';
import { formatTime } from '../../ui/format';
import type { RulePreview, RulePreviewGroup } from './types';

/** At most this many groups are drawn (the table lists every group the API returned). */
const CHARTED = 8;

/** `k=v, k=v` of a group, or the rule as a whole. */
export function groupName(g: RulePreviewGroup): string {
  const entries = Object.entries(g.labels);
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(', ') : 'whole rule';
}

/** The chart's data: x in seconds, one array per charted group, then the threshold line. */
export function previewChartData(p: RulePreview): uPlot.AlignedData {
  const groups = p.groups.slice(0, CHARTED).map((g) => g.values);
  const line = p.threshold === null ? [] : [p.times.map(() => p.threshold)];
  return [p.times.map((t) => t / 1000), ...groups, ...line];
}

/** The answer of the rule preview: the honest reason, or a chart and the firing intervals. */
export function RulePreviewPanel({ preview }: { preview: RulePreview }) {
  if (!preview.evaluated) {
    return (
      <section aria-label="Rule preview" className="stack">
        <p role="status">{preview.reason}</p>
      </section>
    );
  }
  const rows = preview.groups.flatMap((g) => g.intervals.map((i) => ({ g, i })));
  const charted = preview.groups.slice(0, CHARTED);
  const series = [
    ...charted.map((g, n) => ({ label: groupName(g), color: PALETTE[n % PALETTE.length] })),
    ...(preview.threshold === null ? [] : [{ label: 'threshold', color: '#6b7280' }]),
  ];
  return (
    <section aria-label="Rule preview" className="stack">
      <p role="status">
        {preview.groups.length === 0
          ? 'No data for this rule in this range: nothing to evaluate, so nothing would have fired.'
          : rows.length === 0
            ? 'Would not have fired in this range.'
            : `Would have fired ${rows.length} time${rows.length === 1 ? '' : 's'} in this range.`}
      </p>
      {preview.times.length > 0 && charted.length > 0 && (
        <Chart
          title={`Evaluated ${preview.valueUnit ?? 'value'} per group, with the threshold`}
          data={previewChartData(preview)}
          series={series}
          height={160}
        />
      )}
      {rows.length > 0 && (
        <table className="data">
          <caption className="sr-only">Firing intervals of the previewed rule</caption>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Peak</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ g, i }) => (
              <tr key={`${groupName(g)} ${i.start}`}>
                <td>{groupName(g)}</td>
                <td>{formatTime(Date.parse(i.start))}</td>
                <td>{i.end === null ? 'still firing' : formatTime(Date.parse(i.end))}</td>
                <td>{i.peak === null ? '–' : String(Number(i.peak.toPrecision(4)))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {preview.notes.map((n) => (
        <p className="hint" key={n}>
          {n}
        </p>
      ))}
    </section>
  );
}
