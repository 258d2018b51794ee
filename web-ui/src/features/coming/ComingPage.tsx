import { Link } from 'react-router';

/** Dashboards, SLOs, Alerts, Uptime and Settings until their pages land (Web UI part 2). */
export function ComingPage({ title, about }: { title: string; about: string }) {
  return (
    <section className="page">
      <h1>{title}</h1>
      <div className="state state-empty">
        <strong>Coming soon.</strong>
        <p>{about}</p>
        <p>
          Meanwhile the API has it: see <a href="/openapi.json">the API description</a>, or go back
          to <Link to="/services">Services</Link>.
        </p>
      </div>
    </section>
  );
}
