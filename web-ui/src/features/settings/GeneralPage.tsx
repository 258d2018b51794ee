import { useState, type FormEvent } from 'react';
import { Field, FormError } from '../../ui/fieldErrors';
import { QueryView } from '../../ui/states';
import { useSignedIn } from '../auth/session';
import { useSaveSettings, useSettings, type TenantSettings } from './hooks';

/** The tenant's time zone and retention: admins change them, everyone else reads them. */
export default function GeneralPage() {
  const settings = useSettings();
  return (
    <QueryView query={settings} what="the settings">
      {(s) => <GeneralForm settings={s} />}
    </QueryView>
  );
}

function zones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? [];
}

function GeneralForm({ settings }: { settings: TenantSettings }) {
  const session = useSignedIn();
  const save = useSaveSettings();
  const [zone, setZone] = useState(settings.timeZone);
  const [days, setDays] = useState(
    settings.retentionDays === null ? '' : String(settings.retentionDays),
  );
  const [saved, setSaved] = useState(false);
  function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    save.mutate(
      { timeZone: zone.trim() || null, retentionDays: days.trim() === '' ? null : Number(days) },
      { onSuccess: () => setSaved(true) },
    );
  }
  const readOnly = !session.isAdmin;
  return (
    <form className="form" aria-label="General settings" onSubmit={submit}>
      <Field
        label="Time zone"
        field="timeZone"
        error={save.error}
        hint="An IANA time zone such as Europe/Berlin: SLA reports cut months and days in it."
      >
        {(p) => (
          <>
            <input
              {...p}
              list="time-zones"
              value={zone}
              readOnly={readOnly}
              onChange={(e) => setZone(e.target.value)}
            />
            <datalist id="time-zones">
              {zones().map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <Field
        label="Retention (days)"
        field="retentionDays"
        error={save.error}
        hint={`How long telemetry is kept: 1 to ${settings.maxRetentionDays} days (your operator's bound); empty for the service default.`}
      >
        {(p) => (
          <input
            {...p}
            type="number"
            min="1"
            max={settings.maxRetentionDays}
            value={days}
            readOnly={readOnly}
            onChange={(e) => setDays(e.target.value)}
          />
        )}
      </Field>
      <FormError error={save.error} fields={['timeZone', 'retentionDays']} />
      {readOnly ? (
        <p className="muted">Only admins change these settings.</p>
      ) : (
        <div className="toolbar">
          <button type="submit" className="primary" disabled={save.isPending}>
            Save settings
          </button>
          {saved && <span role="status">Saved.</span>}
        </div>
      )}
    </form>
  );
}
