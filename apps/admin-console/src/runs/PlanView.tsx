import { useState } from 'react';
import type { PlanAction, PlanSummary } from '../api/types';
import { ErrorNotice } from '../ui/ErrorNotice';
import { Pager } from '../ui/Pager';
import { TextField } from '../ui/TextField';
import { WarningList } from '../ui/WarningList';
import { PlanCountsBar } from './PlanCountsBar';
import { PlanTable } from './PlanTable';
import { useRunChanges } from './use-run-changes';

const PAGE = 100;

/**
 * A run's plan: its counts (each shows only its action), a search by user
 * name and the lines a page at a time, every page asked of the server.
 */
export function PlanView({ runId, plan }: { runId: string; plan: PlanSummary }) {
  const [action, setAction] = useState<PlanAction>();
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  const userName = search.trim();
  const page = useRunChanges(runId, {
    offset,
    limit: PAGE,
    ...(action ? { action } : {}),
    ...(userName ? { userName } : {}),
  });
  return (
    <div className="plan">
      <PlanCountsBar
        counts={plan.counts}
        shown={action}
        onShow={(next) => {
          setAction(next);
          setOffset(0);
        }}
      />
      <WarningList title="Warnings from the directory" warnings={plan.warnings} />
      <div className="toolbar">
        <TextField
          label="Search the plan by user name"
          type="search"
          value={search}
          onChange={(value) => {
            setSearch(value);
            setOffset(0);
          }}
        />
        <Pager
          offset={offset}
          limit={PAGE}
          total={page.data?.total ?? 0}
          onChange={setOffset}
          label="Plan pages"
        />
      </div>
      {page.error && <ErrorNotice error={page.error} title="The plan's lines could not be read" />}
      <PlanTable changes={page.data?.changes} busy={page.loading} />
    </div>
  );
}
