import type { MetricInfo } from '../../api/types';

/**
 * A metric's attributes, each with "group by" and its top values as filter chips (`key=value`):
 * the Metrics page's picker, also the dashboards' metric panel editor.
 */
export function AttributeRows({
  attributes,
  groupBy,
  filters,
  onGroupBy,
  onFilter,
}: {
  attributes: MetricInfo['attributes'];
  groupBy: readonly string[];
  filters: readonly string[];
  onGroupBy: (key: string) => void;
  onFilter: (keyValue: string) => void;
}) {
  return attributes.map((a) => (
    <div key={a.key} className="attr-row">
      <label className="inline">
        <input
          type="checkbox"
          checked={groupBy.includes(a.key)}
          onChange={() => onGroupBy(a.key)}
        />
        group by <code>{a.key}</code>
      </label>
      <ul className="chips" aria-label={`Top values of ${a.key}`}>
        {a.topValues.map((v) => (
          <li key={v}>
            <button
              type="button"
              className="chip"
              aria-pressed={filters.includes(`${a.key}=${v}`)}
              onClick={() => onFilter(`${a.key}=${v}`)}
            >
              {v}
            </button>
          </li>
        ))}
      </ul>
    </div>
  ));
}
