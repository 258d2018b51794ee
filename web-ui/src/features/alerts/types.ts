/** The alerting API's shapes (openapi.json `Alert`, `AlertRule`, `Silence`, `Channel`, `AlertRouting`). */
import type { Alert as TimelineAlert } from '../../api/types';
import type { BurnCondition } from '../slos/types';

/** An alert as `/api/v1/alerts` answers it (the timeline's, with labels and life). */
export interface Alert extends TimelineAlert {
  sequence: number;
  labels: Record<string, string>;
  updatedAt: string;
}

export interface AlertPage {
  alerts: Alert[];
  nextCursor: string | null;
}

export type RuleKind = 'BURN_RATE' | 'THRESHOLD' | 'NO_DATA';
export const RULE_KINDS: RuleKind[] = ['BURN_RATE', 'THRESHOLD', 'NO_DATA'];
export const SIGNALS = ['ERROR_RATE', 'LATENCY', 'REQUEST_RATE', 'METRIC'] as const;
export const AGGREGATIONS = ['AVG', 'MIN', 'MAX', 'LAST'] as const;
export const SEVERITIES = ['PAGE', 'TICKET', 'INFO'] as const;

export interface AlertRule {
  id: string;
  name: string;
  kind: RuleKind;
  enabled?: boolean;
  sloId?: string | null;
  burnConditions?: BurnCondition[] | null;
  effectiveBurnConditions?: BurnCondition[] | null;
  signal?: string | null;
  metric?: string | null;
  aggregation?: string | null;
  percentile?: number | null;
  service?: string | null;
  operation?: string | null;
  region?: string | null;
  attributes?: Record<string, string> | null;
  groupBy?: string[] | null;
  comparison?: string | null;
  threshold?: number | null;
  windowMs?: number | null;
  forMs?: number | null;
  severity?: string | null;
  labels?: Record<string, string> | null;
  updatedAt?: string;
}

export type MatchOp = '=' | '!=' | '=~' | '!~';
export interface Matcher {
  label: string;
  op: MatchOp;
  value: string;
}

export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  comment?: string | null;
  actor?: string;
  state: 'active' | 'pending' | 'expired';
}

export interface Channel {
  id: string;
  name: string;
  type: string;
  channel: Record<string, unknown>;
  updatedAt?: string;
}

/** The outcome of `POST /api/v1/channels/{id}/test`. */
/** One notification's delivery to one channel (openapi.json `AlertDelivery`). */
export interface AlertDelivery {
  time: string;
  deliveryId: string;
  channelId: string;
  channelName: string | null;
  channelType: string | null;
  kind: 'firing' | 'resolved' | null;
  sequence: number;
  status: 'DELIVERED' | 'FAILED';
  outcome: string | null;
  attempts: number;
  lastStatus: number | null;
  error: string | null;
}

export interface AlertDeliveries {
  alert: string;
  deliveries: AlertDelivery[];
}

export interface ChannelTestResult {
  channelId: string;
  status: 'DELIVERED' | 'FAILED' | 'PENDING';
  outcome?: string | null;
  attempts?: number;
  lastStatus?: number;
  error?: string | null;
}

export interface Route {
  matchers: Matcher[];
  channels: string[];
  groupBy?: string[] | null;
  continueMatching?: boolean;
  groupWaitMs?: number | null;
  groupIntervalMs?: number | null;
  repeatIntervalMs?: number | null;
}

export interface Routing {
  routes: Route[];
  defaultChannels: string[];
  defaultGroupBy?: string[] | null;
  groupWaitMs?: number | null;
  groupIntervalMs?: number | null;
  repeatIntervalMs?: number | null;
  inhibitRules?: unknown[] | null;
  default?: boolean;
}

/** Each channel type's fields; `secret` ones are write-only (answered as "***"). */
export interface ChannelField {
  name: string;
  label: string;
  secret?: boolean;
  kind?: 'text' | 'number' | 'list' | 'choice';
  choices?: string[];
  optional?: boolean;
}

export const CHANNEL_TYPES: Record<string, ChannelField[]> = {
  WEBHOOK: [
    { name: 'url', label: 'URL' },
    { name: 'secret', label: 'Signing secret', secret: true, optional: true },
  ],
  SLACK: [{ name: 'webhookUrl', label: 'Incoming webhook URL', secret: true }],
  SENDGRID: [
    { name: 'apiKey', label: 'API key', secret: true },
    { name: 'from', label: 'From address' },
    { name: 'to', label: 'To addresses (comma separated)', kind: 'list' },
    { name: 'baseUrl', label: 'Base URL', optional: true },
  ],
  SMTP: [
    { name: 'host', label: 'SMTP host' },
    { name: 'port', label: 'Port', kind: 'number' },
    { name: 'tls', label: 'TLS', kind: 'choice', choices: ['STARTTLS', 'IMPLICIT', 'NONE'] },
    { name: 'user', label: 'User', optional: true },
    { name: 'password', label: 'Password', secret: true, optional: true },
    { name: 'from', label: 'From address' },
    { name: 'to', label: 'To addresses (comma separated)', kind: 'list' },
  ],
  PAGERDUTY: [
    { name: 'routingKey', label: 'Routing key', secret: true },
    { name: 'eventsUrl', label: 'Events URL', optional: true },
  ],
  TWILIO_SMS: [
    { name: 'accountSid', label: 'Account SID' },
    { name: 'authToken', label: 'Auth token', secret: true },
    { name: 'from', label: 'From number' },
    { name: 'to', label: 'To numbers (comma separated)', kind: 'list' },
    { name: 'baseUrl', label: 'Base URL', optional: true },
  ],
};

/** One interval a previewed rule would have been firing; `end` null: still firing at `to`. */
export interface RulePreviewInterval {
  start: string;
  firedAt: string;
  end: string | null;
  peak: number | null;
}

/** One group (alert) of a previewed rule, with its value at each of the preview's `times`. */
export interface RulePreviewGroup {
  labels: Record<string, string>;
  intervals: RulePreviewInterval[];
  values: (number | null)[];
}

/** POST /api/v1/alert-rules/preview: what a rule would have fired over a past range. */
export interface RulePreview {
  evaluated: boolean;
  reason: string | null;
  from: string;
  to: string;
  stepMs: number;
  valueUnit: string | null;
  threshold: number | null;
  comparison: 'ABOVE' | 'BELOW' | null;
  times: number[];
  groups: RulePreviewGroup[];
  notes: string[];
}
