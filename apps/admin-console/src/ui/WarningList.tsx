/** Warnings an admin must see (settings, or a directory read). */
export function WarningList(props: {
  title: string;
  warnings: readonly { code: string; message: string; dn?: string | undefined }[];
}) {
  if (props.warnings.length === 0) return null;
  return (
    <div className="notice warning" role="region" aria-label={props.title}>
      <strong>{props.title}</strong>
      <ul>
        {props.warnings.map((warning, index) => (
          <li key={`${warning.code}-${index}`}>
            {warning.message}
            {warning.dn && <span className="mono muted"> ({warning.dn})</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
