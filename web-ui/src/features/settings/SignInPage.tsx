import { useState, type FormEvent } from 'react';
import { ConfirmButton } from '../../ui/ConfirmButton';
import { Field, FormError, fieldError } from '../../ui/fieldErrors';
import { Snippet } from '../../ui/Snippet';
import { ErrorState, QueryView } from '../../ui/states';
import { useAuthMethods } from '../auth/SsoButtons';
import { useSignedIn } from '../auth/session';
import {
  ROLES,
  useAuthPolicy,
  useRemoveSso,
  useSaveAuthPolicy,
  useSaveSso,
  useSso,
  type AuthPolicy,
  type SsoConfig,
  type SsoDraft,
} from './hooks';
import { AdminsOnly } from './SettingsLayout';

/** The fields of this form the API's 400s name (any other 400 shows above the buttons). */
const FIELDS = [
  'oidc.issuer',
  'oidc.clientId',
  'oidc.clientSecret',
  'oidc.groupsClaim',
  'github.clientId',
  'github.clientSecret',
  'github.org',
  'github.teamRoles',
  'saml.idpMetadataUrl',
  'saml.idpMetadataXml',
  'saml.idpEntityId',
  'saml.idpSsoUrl',
  'saml.idpCertificate',
  'saml.groupsAttribute',
  'allowedEmailDomains',
  'jitProvisioning',
  'defaultRole',
  'groupRoleMappings',
  'ssoRequired',
] as const;

/** /settings/sign-in: single sign-on (OIDC, GitHub, SAML) and the two-step sign-in policy. */
export default function SignInPage() {
  const session = useSignedIn();
  const sso = useSso(session.isAdmin);
  const policy = useAuthPolicy(session.isAdmin);
  // outside the form: a save remounts it (with the stored values, secret fields empty)
  const [ssoSaved, setSsoSaved] = useState(false);
  if (!session.isAdmin) {
    return <AdminsOnly what="single sign-on and the sign-in policy" role={session.role} />;
  }
  return (
    <>
      <h2>Two-step sign-in</h2>
      <QueryView query={policy} what="the sign-in policy">
        {(p) => <PolicyForm policy={p} />}
      </QueryView>
      <h2>Single sign-on</h2>
      <ProviderValues tenant={session.tenant.id} />
      <QueryView query={sso} what="single sign-on">
        {(s) => <SsoForm key={s?.updatedAt ?? 'none'} stored={s} onSaved={setSsoSaved} />}
      </QueryView>
      {ssoSaved && <span role="status">Saved single sign-on.</span>}
    </>
  );
}

function PolicyForm({ policy }: { policy: AuthPolicy }) {
  const save = useSaveAuthPolicy();
  const [saved, setSaved] = useState(false);
  return (
    <form
      className="form"
      aria-label="Two-step sign-in policy"
      onSubmit={(e) => e.preventDefault()}
    >
      <label className="check">
        <input
          type="checkbox"
          checked={policy.mfaRequired}
          disabled={save.isPending}
          aria-describedby="mfa-policy-hint"
          onChange={(e) => {
            setSaved(false);
            save.mutate({ mfaRequired: e.target.checked }, { onSuccess: () => setSaved(true) });
          }}
        />{' '}
        Require two-step sign-in for password sign-in
      </label>
      <small id="mfa-policy-hint" className="muted">
        When on, a member without two-step sign-in who signs in with a password is taken to Account
        security at their next sign-in and can do nothing else until they have set up an
        authenticator app. Members who have it enter a code as before; single sign-on is left to the
        identity provider.
      </small>
      {saved && <span role="status">Saved.</span>}
      {save.error && <ErrorState error={save.error} />}
    </form>
  );
}

/**
 * The values an admin gives the identity provider, and the tenant's sign-in link: the server's
 * (built from OBSERA_PUBLIC_URL, as the sign-in flows check them), never this page's address,
 * which differs behind a proxy or on another host.
 */
function ProviderValues({ tenant }: { tenant: string }) {
  const methods = useAuthMethods(tenant);
  return (
    <QueryView query={methods} what="the addresses for the identity provider">
      {({ serviceProvider: sp }) => (
        <div className="stack">
          <p className="muted">
            Give your identity provider these addresses, as the server checks them (built from the
            operator&apos;s OBSERA_PUBLIC_URL when set, else from the address you reached it at):
          </p>
          <ProviderValue label="OIDC redirect URI" text={sp.oidcCallbackUrl} />
          <ProviderValue label="GitHub callback URL" text={sp.githubCallbackUrl} />
          {sp.metadataUrl ? (
            <ProviderValue label="SAML metadata URL" text={sp.metadataUrl} />
          ) : (
            <p className="muted">
              SAML sign-in needs the operator to set OBSERA_PUBLIC_URL: its addresses come from it.
            </p>
          )}
          <p className="muted">People of this tenant sign in with single sign-on at:</p>
          <Snippet label="Sign-in link" text={sp.signInUrl} />
        </div>
      )}
    </QueryView>
  );
}

/** A snippet with its name shown too: the three URLs look alike. */
function ProviderValue({ label, text }: { label: string; text: string }) {
  return (
    <div>
      <strong>{label}</strong>
      <Snippet label={label} text={text} />
    </div>
  );
}

type Rows = { key: string; role: string }[];

const toRows = (m: Record<string, string> | null | undefined): Rows =>
  Object.entries(m ?? {}).map(([key, role]) => ({ key, role: role.toUpperCase() }));

const fromRows = (rows: Rows): Record<string, string> =>
  Object.fromEntries(rows.filter((r) => r.key.trim()).map((r) => [r.key.trim(), r.role]));

/** A trimmed value, or undefined when empty (the API's "left out"). */
const opt = (v: string) => (v.trim() ? v.trim() : undefined);

function SsoForm({
  stored,
  onSaved,
}: {
  stored: SsoConfig | null;
  onSaved: (saved: boolean) => void;
}) {
  const save = useSaveSso();
  const remove = useRemoveSso();
  const err = save.error;

  const [oidcOn, setOidcOn] = useState(Boolean(stored?.oidc));
  const [issuer, setIssuer] = useState(stored?.oidc?.issuer ?? '');
  const [oidcClientId, setOidcClientId] = useState(stored?.oidc?.clientId ?? '');
  const [oidcSecret, setOidcSecret] = useState('');
  const [groupsClaim, setGroupsClaim] = useState(stored?.oidc?.groupsClaim ?? '');

  const [githubOn, setGithubOn] = useState(Boolean(stored?.github));
  const [ghClientId, setGhClientId] = useState(stored?.github?.clientId ?? '');
  const [ghSecret, setGhSecret] = useState('');
  const [org, setOrg] = useState(stored?.github?.org ?? '');
  const [teamRoles, setTeamRoles] = useState(toRows(stored?.github?.teamRoles));

  const s = stored?.saml;
  const [samlOn, setSamlOn] = useState(Boolean(s));
  const [metadataUrl, setMetadataUrl] = useState(s?.idpMetadataUrl ?? '');
  const [metadataXml, setMetadataXml] = useState(s?.idpMetadataXml ?? '');
  const [entityId, setEntityId] = useState(s?.idpEntityId ?? '');
  const [ssoUrl, setSsoUrl] = useState(s?.idpSsoUrl ?? '');
  const [certificate, setCertificate] = useState(s?.idpCertificate ?? '');
  const [groupsAttribute, setGroupsAttribute] = useState(s?.groupsAttribute ?? '');

  const [domains, setDomains] = useState((stored?.allowedEmailDomains ?? []).join(', '));
  const [jit, setJit] = useState(stored?.jitProvisioning ?? false);
  const [defaultRole, setDefaultRole] = useState((stored?.defaultRole ?? 'VIEWER').toUpperCase());
  const [groupRoles, setGroupRoles] = useState(toRows(stored?.groupRoleMappings));
  const [required, setRequired] = useState(stored?.ssoRequired ?? false);

  function submit(e: FormEvent) {
    e.preventDefault();
    onSaved(false);
    const body: SsoDraft = {
      allowedEmailDomains: domains
        .split(/[\s,]+/)
        .map((d) => d.trim())
        .filter(Boolean),
      jitProvisioning: jit,
      defaultRole,
      groupRoleMappings: fromRows(groupRoles),
      ssoRequired: required,
    };
    // an empty secret field is left out: the API keeps the stored secret
    if (oidcOn) {
      body.oidc = {
        issuer: issuer.trim(),
        clientId: oidcClientId.trim(),
        clientSecret: oidcSecret || undefined,
        groupsClaim: opt(groupsClaim),
      };
    }
    if (githubOn) {
      body.github = {
        clientId: ghClientId.trim(),
        clientSecret: ghSecret || undefined,
        org: opt(org),
        teamRoles: fromRows(teamRoles),
      };
    }
    if (samlOn) {
      body.saml = {
        idpMetadataUrl: opt(metadataUrl),
        idpMetadataXml: opt(metadataXml),
        idpEntityId: opt(entityId),
        idpSsoUrl: opt(ssoUrl),
        idpCertificate: opt(certificate),
        groupsAttribute: opt(groupsAttribute),
      };
    }
    save.mutate(body, { onSuccess: () => onSaved(true) });
  }

  return (
    <form className="form" aria-label="Single sign-on" onSubmit={submit}>
      <fieldset>
        <legend>OpenID Connect</legend>
        <label className="check">
          <input type="checkbox" checked={oidcOn} onChange={(e) => setOidcOn(e.target.checked)} />{' '}
          Offer OpenID Connect sign-in
        </label>
        {oidcOn && (
          <>
            <Field
              label="OIDC issuer"
              field="oidc.issuer"
              error={err}
              hint="Such as https://accounts.example.com"
            >
              {(p) => (
                <input
                  {...p}
                  type="url"
                  value={issuer}
                  onChange={(e) => setIssuer(e.target.value)}
                />
              )}
            </Field>
            <Field label="OIDC client id" field="oidc.clientId" error={err}>
              {(p) => (
                <input
                  {...p}
                  value={oidcClientId}
                  onChange={(e) => setOidcClientId(e.target.value)}
                />
              )}
            </Field>
            <Secret
              label="OIDC client secret"
              field="oidc.clientSecret"
              error={err}
              stored={Boolean(stored?.oidc)}
              keptWhile="the issuer"
              value={oidcSecret}
              onChange={setOidcSecret}
            />
            <Field
              label="OIDC groups claim"
              field="oidc.groupsClaim"
              error={err}
              hint="The ID token claim with the person's groups; empty for groups."
            >
              {(p) => (
                <input
                  {...p}
                  value={groupsClaim}
                  onChange={(e) => setGroupsClaim(e.target.value)}
                />
              )}
            </Field>
          </>
        )}
      </fieldset>

      <fieldset>
        <legend>GitHub</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={githubOn}
            onChange={(e) => setGithubOn(e.target.checked)}
          />{' '}
          Offer GitHub sign-in
        </label>
        {githubOn && (
          <>
            <Field label="GitHub client id" field="github.clientId" error={err}>
              {(p) => (
                <input {...p} value={ghClientId} onChange={(e) => setGhClientId(e.target.value)} />
              )}
            </Field>
            <Secret
              label="GitHub client secret"
              field="github.clientSecret"
              error={err}
              stored={Boolean(stored?.github)}
              keptWhile="the client id"
              value={ghSecret}
              onChange={setGhSecret}
            />
            <Field
              label="GitHub organisation"
              field="github.org"
              error={err}
              hint="With an organisation, only its active members get in."
            >
              {(p) => <input {...p} value={org} onChange={(e) => setOrg(e.target.value)} />}
            </Field>
            <RoleRows
              legend="Team roles"
              what="team"
              placeholder="org/team-slug"
              field="github.teamRoles"
              error={err}
              rows={teamRoles}
              onChange={setTeamRoles}
            />
          </>
        )}
      </fieldset>

      <fieldset>
        <legend>SAML</legend>
        <label className="check">
          <input type="checkbox" checked={samlOn} onChange={(e) => setSamlOn(e.target.checked)} />{' '}
          Offer SAML sign-in
        </label>
        {samlOn && (
          <>
            <p className="muted">
              Give the identity provider&apos;s metadata (a URL or the XML), or its entity id,
              single sign-on URL and signing certificate.
            </p>
            <Field
              label="IdP metadata URL"
              field="saml.idpMetadataUrl"
              error={err}
              hint="https only"
            >
              {(p) => (
                <input
                  {...p}
                  type="url"
                  value={metadataUrl}
                  onChange={(e) => setMetadataUrl(e.target.value)}
                />
              )}
            </Field>
            <Field label="IdP metadata XML" field="saml.idpMetadataXml" error={err}>
              {(p) => (
                <textarea
                  {...p}
                  rows={4}
                  value={metadataXml}
                  onChange={(e) => setMetadataXml(e.target.value)}
                />
              )}
            </Field>
            <Field label="IdP entity id" field="saml.idpEntityId" error={err}>
              {(p) => (
                <input {...p} value={entityId} onChange={(e) => setEntityId(e.target.value)} />
              )}
            </Field>
            <Field label="IdP single sign-on URL" field="saml.idpSsoUrl" error={err}>
              {(p) => (
                <input
                  {...p}
                  type="url"
                  value={ssoUrl}
                  onChange={(e) => setSsoUrl(e.target.value)}
                />
              )}
            </Field>
            <Field
              label="IdP signing certificate"
              field="saml.idpCertificate"
              error={err}
              hint="PEM or base64 DER"
            >
              {(p) => (
                <textarea
                  {...p}
                  rows={4}
                  value={certificate}
                  onChange={(e) => setCertificate(e.target.value)}
                />
              )}
            </Field>
            <Field
              label="SAML groups attribute"
              field="saml.groupsAttribute"
              error={err}
              hint="The attribute whose values the group mappings match; empty for groups."
            >
              {(p) => (
                <input
                  {...p}
                  value={groupsAttribute}
                  onChange={(e) => setGroupsAttribute(e.target.value)}
                />
              )}
            </Field>
          </>
        )}
      </fieldset>

      <fieldset>
        <legend>Who gets in</legend>
        <Field
          label="Allowed email domains"
          field="allowedEmailDomains"
          error={err}
          hint="Comma-separated, such as example.com: verified emails of these domains may join."
        >
          {(p) => <input {...p} value={domains} onChange={(e) => setDomains(e.target.value)} />}
        </Field>
        <Field
          label="Just-in-time provisioning"
          field="jitProvisioning"
          error={err}
          hint="Create an account and membership at the first sign-in of an allowed domain's email."
        >
          {(p) => (
            <input
              {...p}
              type="checkbox"
              checked={jit}
              onChange={(e) => setJit(e.target.checked)}
            />
          )}
        </Field>
        <Field
          label="Default role"
          field="defaultRole"
          error={err}
          hint="The role of a new member no group mapping matches."
        >
          {(p) => (
            <select {...p} value={defaultRole} onChange={(e) => setDefaultRole(e.target.value)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r.toLowerCase()}
                </option>
              ))}
            </select>
          )}
        </Field>
        <RoleRows
          legend="Group role mappings"
          what="group"
          placeholder="group name"
          field="groupRoleMappings"
          error={err}
          rows={groupRoles}
          onChange={setGroupRoles}
        />
        <Field
          label="Single sign-on required"
          field="ssoRequired"
          error={err}
          hint="Password sign-in into this tenant is refused; accepting an invite still works."
        >
          {(p) => (
            <input
              {...p}
              type="checkbox"
              checked={required}
              onChange={(e) => setRequired(e.target.checked)}
            />
          )}
        </Field>
      </fieldset>

      <FormError error={err} fields={FIELDS} />
      <div className="toolbar">
        <button type="submit" className="primary" disabled={save.isPending}>
          Save single sign-on
        </button>
        {stored && (
          <ConfirmButton
            label="Remove single sign-on"
            name="Remove single sign-on"
            confirm="remove single sign-on"
            warning="Everyone signs in with a password again."
            onConfirm={(done) => {
              onSaved(false);
              remove.mutate(undefined, { onSettled: done });
            }}
          />
        )}
      </div>
      {remove.error && <ErrorState error={remove.error} />}
    </form>
  );
}

/** A write-only secret: never filled in; empty keeps the stored one. */
function Secret(props: {
  label: string;
  field: string;
  error: unknown;
  stored: boolean;
  keptWhile: string;
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <Field
      label={props.label}
      field={props.field}
      error={props.error}
      hint={
        props.stored
          ? `A secret is stored and never shown: leave empty to keep it (while ${props.keptWhile} stays the same).`
          : 'Write-only: it is never shown again.'
      }
    >
      {(p) => (
        <input
          {...p}
          type="password"
          autoComplete="new-password"
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** Name → role rows (GitHub teams, groups), added and removed one by one. */
function RoleRows(props: {
  legend: string;
  what: string;
  placeholder: string;
  field: string;
  error: unknown;
  rows: Rows;
  onChange: (rows: Rows) => void;
}) {
  const { rows, onChange, what } = props;
  const message = fieldError(props.error, props.field);
  const errorId = `${props.field}-error`;
  const set = (i: number, row: Partial<Rows[number]>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...row } : r)));
  return (
    <fieldset aria-describedby={message ? errorId : undefined}>
      <legend>{props.legend}</legend>
      {rows.map((r, i) => (
        <div className="toolbar" key={i}>
          <input
            aria-label={`${what[0].toUpperCase()}${what.slice(1)} ${i + 1}`}
            aria-invalid={message !== null}
            placeholder={props.placeholder}
            value={r.key}
            onChange={(e) => set(i, { key: e.target.value })}
          />
          <select
            aria-label={`Role of ${what} ${i + 1}`}
            value={r.role}
            onChange={(e) => set(i, { role: e.target.value })}
          >
            {ROLES.map((x) => (
              <option key={x} value={x}>
                {x.toLowerCase()}
              </option>
            ))}
          </select>
          <button
            type="button"
            aria-label={`Remove ${what} ${i + 1}`}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        className="fit"
        onClick={() => onChange([...rows, { key: '', role: 'VIEWER' }])}
      >
        Add {what} mapping
      </button>
      {message && (
        <small id={errorId} className="field-error" role="alert">
          {message}
        </small>
      )}
    </fieldset>
  );
}
