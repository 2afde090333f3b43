import type { SyncRunRecord } from '../api/types';
import { formatTime } from '../ui/format';

const SERIES = [
  { action: 'create', label: 'created' },
  { action: 'update', label: 'updated' },
  { action: 'rename', label: 'renamed' },
  { action: 'delete', label: 'deleted' },
  { action: 'conflict', label: 'conflicts' },
] as const;

const WIDTH = 760;
const HEIGHT = 200;
const MARGIN = 30;

/**
 * Runs over time, oldest left: a stacked bar of changes per action, and a
 * line of each run's duration (its own scale, on the right).
 */
export function RunsChart({ runs }: { runs: readonly SyncRunRecord[] }) {
  const finished = runs
    .filter((run) => run.finishedAt && run.startedAt)
    .slice()
    .reverse();
  if (finished.length === 0) return <p className="muted">No finished run to chart yet.</p>;
  const totals = finished.map((run) =>
    SERIES.reduce((sum, s) => sum + (run.counts?.[s.action] ?? 0), 0),
  );
  const durations = finished.map(
    (run) => Date.parse(run.finishedAt ?? '') - Date.parse(run.startedAt ?? ''),
  );
  const maxTotal = Math.max(1, ...totals);
  const maxDuration = Math.max(1, ...durations);
  const slot = (WIDTH - 2 * MARGIN) / finished.length;
  const barWidth = Math.max(2, Math.min(28, slot * 0.6));
  const y = (value: number, max: number) => HEIGHT - MARGIN - (value / max) * (HEIGHT - 2 * MARGIN);
  const points = durations
    .map((ms, index) => `${MARGIN + slot * (index + 0.5)},${y(ms, maxDuration)}`)
    .join(' ');
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Changes and duration of the last ${finished.length} runs`}
      >
        <line
          x1={MARGIN}
          x2={WIDTH - MARGIN}
          y1={HEIGHT - MARGIN}
          y2={HEIGHT - MARGIN}
          className="axis"
        />
        <text x={4} y={MARGIN - 8} className="axis-label">
          {maxTotal} changes
        </text>
        <text x={WIDTH - 4} y={MARGIN - 8} className="axis-label" textAnchor="end">
          {(maxDuration / 1000).toFixed(1)} s
        </text>
        {finished.map((run, index) => {
          let base = 0;
          const x = MARGIN + slot * (index + 0.5) - barWidth / 2;
          return (
            <g key={run.id}>
              <title>
                {`${run.mode === 'sync' ? 'Synchronize now' : 'Test Settings'}, ${formatTime(run.finishedAt)}: ${SERIES.map((s) => `${run.counts?.[s.action] ?? 0} ${s.label}`).join(', ')}; ${(durations[index] ?? 0) / 1000} s`}
              </title>
              {run.state === 'failed' && (
                <rect
                  x={x}
                  y={y(maxTotal, maxTotal)}
                  width={barWidth}
                  height={HEIGHT - 2 * MARGIN}
                  className="failed-run"
                />
              )}
              {SERIES.map((s) => {
                const value = run.counts?.[s.action] ?? 0;
                const top = y(base + value, maxTotal);
                const rect = (
                  <rect
                    key={s.action}
                    x={x}
                    y={top}
                    width={barWidth}
                    height={y(base, maxTotal) - top}
                    className={`bar action-${s.action}`}
                  />
                );
                base += value;
                return rect;
              })}
            </g>
          );
        })}
        <polyline points={points} className="duration-line" />
      </svg>
      <figcaption className="legend">
        {SERIES.map((s) => (
          <span key={s.action}>
            <i className={`swatch action-${s.action}`} /> {s.label}
          </span>
        ))}
        <span>
          <i className="swatch duration" /> duration
        </span>
        <span>
          <i className="swatch failed" /> failed run
        </span>
      </figcaption>
    </figure>
  );
}
