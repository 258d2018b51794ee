-- Before and after of the control-plane record an audited request changed (AuditEvent.before and
-- .after): JSON with secrets redacted, '' when there is none (a create has no Before, a delete no
-- After). Rows stored before this migration read '' in both.
ALTER TABLE ${database}.audit_log
    ADD COLUMN IF NOT EXISTS Before String DEFAULT '',
    ADD COLUMN IF NOT EXISTS After String DEFAULT '';
