import { ErrorNotice } from '../ui/ErrorNotice';
import { Section } from '../ui/Section';
import { RunFailure } from './RunFailure';
import { RunOutcome } from './RunOutcome';
import { RunProgress } from './RunProgress';
import { isFinal, useRun } from './use-run';

/** The seed's two buttons and what follows them: live progress, then the plan or the failure. */
export function RunPanel({ disabled }: { disabled: boolean }) {
  const { run, error, running, start } = useRun();
  const testRunId = run?.mode === 'test' && run.state === 'succeeded' ? run.id : undefined;
  return (
    <Section
      title="Synchronization"
      actions={
        <div className="actions">
          <button
            type="button"
            disabled={disabled || running}
            onClick={() => void start({ kind: 'test' })}
          >
            Test Settings
          </button>
          <button
            type="button"
            className="primary"
            disabled={disabled || running}
            onClick={() => void start({ kind: 'sync', allowMassDelete: false })}
          >
            Synchronize now
          </button>
        </div>
      }
    >
      <p className="muted">
        Test Settings reads the directory and shows what a synchronization would do, without
        changing anything.
      </p>
      {error && <ErrorNotice error={error} title="The run could not start" />}
      {run && !isFinal(run) && <RunProgress run={run} />}
      {run?.state === 'succeeded' && (
        <RunOutcome
          run={run}
          applying={running}
          {...(testRunId
            ? { onApply: () => void start({ kind: 'apply', testRunId, allowMassDelete: false }) }
            : {})}
        />
      )}
      {run?.state === 'failed' && (
        <RunFailure
          run={run}
          onOverride={() => void start({ kind: 'sync', allowMassDelete: true })}
          onTestAgain={() => void start({ kind: 'test' })}
        />
      )}
    </Section>
  );
}
