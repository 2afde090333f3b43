import { useMemo, useState } from 'react';
import type { PlanAction, RunRecord } from '../api/types';
import { Pager } from '../ui/Pager';
import { TextField } from '../ui/TextField';
import { WarningList } from '../ui/WarningList';
import { ACTIONS } from './plan-actions';
import { PlanCountsBar } from './PlanCountsBar';
import { PlanTable } from './PlanTable';

const PAGE = 100;

/** A run's plan: counts that filter by action, a search by name, and the lines a page at a time. */
export function PlanView({ plan }: { plan: NonNullable<RunRecord['plan']> }) {
  const [shown, setShown] = useState<ReadonlySet<PlanAction>>(new Set(ACTIONS));
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  const matching = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return plan.changes.filter(
      (change) =>
        shown.has(change.action) &&
        (!needle ||
          change.userName.toLowerCase().includes(needle) ||
          (change.directoryUser?.fullName ?? '').toLowerCase().includes(needle) ||
          (change.parties ?? []).some((party) => party.toLowerCase().includes(needle))),
    );
  }, [plan.changes, shown, search]);
  const toggle = (action: PlanAction) => {
    const next = new Set(shown);
    if (next.has(action)) next.delete(action);
    else next.add(action);
    setShown(next);
    setOffset(0);
  };
  return (
    <div className="plan">
      <PlanCountsBar counts={plan.counts} shown={shown} onToggle={toggle} />
      <WarningList title="Warnings from the directory" warnings={plan.warnings} />
      <div className="toolbar">
        <TextField
          label="Search the plan by name"
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
          total={matching.length}
          onChange={setOffset}
          label="Plan pages"
        />
      </div>
      <PlanTable changes={matching.slice(offset, offset + PAGE)} />
    </div>
  );
}
