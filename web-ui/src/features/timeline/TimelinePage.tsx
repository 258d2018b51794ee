export default function TimelinePage() {
  return (
    <section className="page">
      <h1>TimelinePage</h1>
    </section>
  );
}
