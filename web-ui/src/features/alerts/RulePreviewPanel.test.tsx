import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { RulePreviewPanel } from './RulePreviewPanel';
import type { RulePreview } from './types';

const EMPTY: RulePreview = {
  evaluated: true,
  reason: null,
  from: '2026-12-05T10:00:00Z',
  to: '2026-12-06T10:00:00Z',
  stepMs: 60000,
  valueUnit: 'requests/s',
  threshold: 0.1,
  comparison: 'ABOVE',
  times: [],
  groups: [],
  notes: [],
};

describe('RulePreviewPanel', () => {
  it('should_sayThereWasNoData_ratherThanThatNothingFired_whenNoGroupHadAny', () => {
    render(<RulePreviewPanel preview={EMPTY} />);
    expect(screen.getByRole('status').textContent).toMatch(/^No data for this rule in this range/);
  });

  it('should_sayItWouldNotHaveFired_whenAGroupHadDataBelowTheThreshold', () => {
    render(
      <RulePreviewPanel
        preview={{
          ...EMPTY,
          times: [1765000000000],
          groups: [{ labels: { service: 'shop' }, intervals: [], values: [0.05] }],
        }}
      />,
    );
    expect(screen.getByRole('status').textContent).toBe('Would not have fired in this range.');
  });
});
