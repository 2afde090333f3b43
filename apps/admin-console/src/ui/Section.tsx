import { type ReactNode, useId } from 'react';

/** A titled part of a page (a region, so it can be found by its name). */
export function Section(props: { title: string; children: ReactNode; actions?: ReactNode }) {
  const id = useId();
  return (
    <section className="card section" aria-labelledby={id}>
      <header className="section-header">
        <h2 id={id}>{props.title}</h2>
        {props.actions}
      </header>
      {props.children}
    </section>
  );
}
