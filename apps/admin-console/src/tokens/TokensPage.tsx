import { useState } from 'react';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatTime } from '../ui/format';
import { Section } from '../ui/Section';
import { NewTokenForm } from './NewTokenForm';
import { useRevokeToken, useTokens } from './use-tokens';

/** API tokens for scripts (`Authorization: Bearer …`): created, listed, revoked. */
export function TokensPage() {
  const [generation, setGeneration] = useState(0);
  const tokens = useTokens(String(generation));
  const revoke = useRevokeToken();
  return (
    <>
      <h1>API tokens</h1>
      <Section title="New token">
        <NewTokenForm onCreated={() => setGeneration(generation + 1)} />
      </Section>
      <Section title="Tokens">
        {tokens.error && <ErrorNotice error={tokens.error} />}
        {revoke.error && <ErrorNotice error={revoke.error} title="The token was not revoked" />}
        {tokens.data && (
          <table aria-label="API tokens">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Right</th>
                <th scope="col">Created by</th>
                <th scope="col">Created</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((token) => (
                <tr key={token.id}>
                  <td>{token.name}</td>
                  <td>{token.isAdmin ? 'Admin' : 'Read dashboard'}</td>
                  <td>{token.createdBy}</td>
                  <td>{formatTime(token.createdAt)}</td>
                  <td>{token.revokedAt ? `Revoked ${formatTime(token.revokedAt)}` : 'Active'}</td>
                  <td>
                    {!token.revokedAt && (
                      <button
                        type="button"
                        className="danger"
                        aria-label={`Revoke ${token.name}`}
                        onClick={() =>
                          void revoke
                            .run(token.id)
                            .then((done) => done && setGeneration(generation + 1))
                        }
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
              {tokens.data.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted">
                    No token yet.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        )}
      </Section>
    </>
  );
}
