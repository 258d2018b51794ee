import { useState, type FormEvent } from 'react';
import { Field, FormError } from '../../ui/fieldErrors';
import { Snippet } from '../../ui/Snippet';
import { ErrorState, Loading } from '../../ui/states';
import { useSignedIn } from '../auth/session';
import { useEndpoints, useSaveStatusPage, useStatusPage } from './hooks';
import type { Endpoint, StatusPageSettings } from './model';
import { statusSnippets } from './statusSnippets';

const FIELDS = ['slug', 'title', 'components', 'public'] as const;

/**
 * The tenant's public status page: slug, title, components (endpoints; services may be typed),
 * public or not; a live preview of the saved page (its frameable /embed) and the snippets. The
 * snippets start at the server's public address (OBSERA_PUBLIC_URL, from /me), never this page's,
 * which differs behind a proxy; only when the operator set none do they use this page's origin,
 * and the page says so.
 */
export function StatusPageEditor() {
  const page = useStatusPage();
  const endpoints = useEndpoints();
  if (page.error) return <ErrorState error={page.error} retry={() => void page.refetch()} />;
  if (page.data === undefined || !endpoints.data) return <Loading what="the status page" />;
  return <Editor saved={page.data} endpoints={endpoints.data} />;
}

function Editor({ saved, endpoints }: { saved: StatusPageSettings | null; endpoints: Endpoint[] }) {
  const session = useSignedIn();
  const save = useSaveStatusPage();
  const [draft, setDraft] = useState<StatusPageSettings>(
    saved ?? { slug: '', title: '', components: [], public: true },
  );
  const [saves, setSaves] = useState(0);
  const base = session.publicUrl ?? window.location.origin;
  const set = (patch: Partial<StatusPageSettings>) => setDraft({ ...draft, ...patch });
  const toggle = (id: string, on: boolean) =>
    set({
      components: on ? [...draft.components, id] : draft.components.filter((c) => c !== id),
    });
  const others = draft.components.filter((c) => !endpoints.some((e) => e.id === c));

  function submit(e: FormEvent) {
    e.preventDefault();
    save.mutate(draft, { onSuccess: () => setSaves((n) => n + 1) });
  }

  return (
    <div className="status-editor">
      <form className="form" aria-label="Status page" onSubmit={submit}>
        <fieldset disabled={!session.canEdit}>
          <legend>Status page settings</legend>
          <Field
            label="Slug"
            field="slug"
            error={save.error}
            hint="The page's address: lower-case letters, digits and '-', unique across Obsera."
          >
            {(p) => (
              <input {...p} value={draft.slug} onChange={(e) => set({ slug: e.target.value })} />
            )}
          </Field>
          <Field label="Title" field="title" error={save.error}>
            {(p) => (
              <input {...p} value={draft.title} onChange={(e) => set({ title: e.target.value })} />
            )}
          </Field>
          <fieldset aria-describedby="components-hint">
            <legend>Components</legend>
            {endpoints.map((e) => (
              <label key={e.id} className="inline">
                <input
                  type="checkbox"
                  checked={draft.components.includes(e.id)}
                  onChange={(ev) => toggle(e.id, ev.target.checked)}
                />{' '}
                {e.name}
              </label>
            ))}
            <Field
              label="Services (comma-separated)"
              field="components"
              error={save.error}
              hint="Services shown as one component each: down when any of their endpoints is."
            >
              {(p) => (
                <input
                  {...p}
                  value={others.join(', ')}
                  onChange={(ev) =>
                    set({
                      components: [
                        ...draft.components.filter((c) => endpoints.some((x) => x.id === c)),
                        ...ev.target.value
                          .split(',')
                          .map((s) => s.trim())
                          .filter(Boolean),
                      ],
                    })
                  }
                />
              )}
            </Field>
          </fieldset>
          <label className="inline">
            <input
              type="checkbox"
              checked={draft.public}
              onChange={(e) => set({ public: e.target.checked })}
            />{' '}
            Public (anyone with the address can see it)
          </label>
          <FormError error={save.error} fields={FIELDS} />
          {session.canEdit && (
            <div className="toolbar">
              <button type="submit" className="primary" disabled={save.isPending}>
                {save.isPending ? 'Saving…' : 'Save status page'}
              </button>
            </div>
          )}
        </fieldset>
        {!session.canEdit && <p className="muted">Only editors and admins change the page.</p>}
      </form>
      <div>
        <h2>Preview</h2>
        {saved && saved.public ? (
          <>
            <p>
              <a href={`/status/${saved.slug}`} target="_blank" rel="noreferrer">
                Open the public page /status/{saved.slug}
              </a>
            </p>
            <iframe
              key={saves}
              title="Status page preview"
              className="status-preview"
              src={`/status/${encodeURIComponent(saved.slug)}/embed`}
            />
            <h2>Embed it</h2>
            {session.publicUrl === null && (
              <p className="muted" role="note">
                These addresses use the one you reached this page at ({window.location.origin}): the
                operator has not set OBSERA_PUBLIC_URL. Behind a proxy or on another host, check
                that people outside reach Obsera there.
              </p>
            )}
            <Snippets base={base} saved={saved} />
          </>
        ) : (
          <p className="muted">
            {saved
              ? 'The page is not public: nobody outside can see it, so there is nothing to preview.'
              : 'Save the page to see it here with its embed and badge snippets.'}
          </p>
        )}
      </div>
    </div>
  );
}

function Snippets({ base, saved }: { base: string; saved: StatusPageSettings }) {
  const s = statusSnippets(base, saved.slug, saved.title);
  return (
    <>
      <Snippet label="Embed code" text={s.embed} />
      <Snippet label="Widget code" text={s.widget} />
      <Snippet label="Badge code" text={s.badge} />
      <Snippet label="Markdown badge" text={s.markdown} />
    </>
  );
}
