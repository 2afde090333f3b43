/** Previous/next over a list the server pages (offset + limit, with the total). */
export function Pager(props: {
  offset: number;
  limit: number;
  total: number;
  onChange: (offset: number) => void;
  label: string;
}) {
  const last = Math.min(props.offset + props.limit, props.total);
  return (
    <nav className="pager" aria-label={props.label}>
      <span>
        {props.total === 0
          ? 'none'
          : `${(props.offset + 1).toLocaleString('en')}–${last.toLocaleString('en')} of ${props.total.toLocaleString('en')}`}
      </span>
      <button
        type="button"
        disabled={props.offset === 0}
        onClick={() => props.onChange(Math.max(0, props.offset - props.limit))}
      >
        Previous page
      </button>
      <button
        type="button"
        disabled={last >= props.total}
        onClick={() => props.onChange(props.offset + props.limit)}
      >
        Next page
      </button>
    </nav>
  );
}
