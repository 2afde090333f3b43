import { useState } from 'react';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Section } from '../ui/Section';
import { RunsChart } from './RunsChart';
import { RunsTable } from './RunsTable';
import { useRunHistory } from './use-run';

export function RunsPage() {
  const [limit, setLimit] = useState(50);
  const history = useRunHistory(limit, 'runs');
  return (
    <>
      <h1>Runs</h1>
      {history.error && <ErrorNotice error={history.error} />}
      {history.data && (
        <>
          <Section title="Over time">
            <RunsChart runs={history.data} />
          </Section>
          <Section
            title="History"
            actions={
              <div className="actions">
                <button type="button" onClick={history.reload}>
                  Refresh
                </button>
                {history.data.length >= limit && (
                  <button type="button" onClick={() => setLimit(limit + 50)}>
                    Show older runs
                  </button>
                )}
              </div>
            }
          >
            {history.data.length === 0 ? <p>No run yet.</p> : <RunsTable runs={history.data} />}
          </Section>
        </>
      )}
    </>
  );
}
