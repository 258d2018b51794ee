import type { ReactNode } from 'react';

/** The frame of the sign-in pages: the product name and one card. */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="auth">
      <div className="auth-card">
        <p className="brand" aria-hidden="true">
          ◉ Obsera
        </p>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}
