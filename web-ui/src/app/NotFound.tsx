import { Link } from 'react-router';

export function NotFound() {
  return (
    <section className="page">
      <h1>Page not found</h1>
      <p>
        Nothing lives here. Go to <Link to="/services">Services</Link>.
      </p>
    </section>
  );
}
