import type { Matcher, MatchOp } from './types';

const MATCHER = /^([^=!~\s]+)\s*(=~|!~|!=|=)\s*(.*)$/;

/** `label=value`, `label!=value`, `label=~regex`, `label!~regex`; null when none of these. */
export function parseMatcher(text: string): Matcher | null {
  const m = MATCHER.exec(text.trim());
  return m ? { label: m[1], op: m[2] as MatchOp, value: m[3].trim() } : null;
}

export function formatMatcher(m: Matcher): string {
  return `${m.label}${m.op}${m.value}`;
}

/** The matchers that silence exactly one alert: its rule and its labels except the fixed ones. */
export function matchersFor(labels: Record<string, string>): Matcher[] {
  return Object.entries(labels)
    .filter(([k]) => k !== 'severity' && k !== 'source')
    .map(([label, value]) => ({ label, op: '=', value }));
}
