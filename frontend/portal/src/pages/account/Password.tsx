// Change the password (current + new), or set one without the current after a sign-in by
// code. The router keeps its session until it connects again: the server's message says so,
// and "disconnect now" drops the session so the router must use the new password at once.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { useSession } from '../../lib/auth';
import { useMe, useRestriction } from '../../lib/me';
import { passwordStrength, suggestPassword } from '../../lib/password';
import { Card, Checkbox, ErrorNotice, Field, Notice, RestrictedNote } from '../../components/ui';

const ChangePasswordMutation = graphql(`
  mutation ChangePassword($current: String!, $new: String!, $disconnectNow: Boolean) {
    changePassword(current: $current, new: $new, disconnectNow: $disconnectNow) {
      disconnected
      message
      subscriber {
        connectionStatus
      }
    }
  }
`);

const SetPasswordMutation = graphql(`
  mutation SetPassword($new: String!, $disconnectNow: Boolean) {
    setPassword(new: $new, disconnectNow: $disconnectNow) {
      disconnected
      message
      subscriber {
        connectionStatus
      }
    }
  }
`);

export function PasswordCard() {
  const { t } = useTranslation();
  const me = useMe();
  const restriction = useRestriction();
  const byCode = !!useSession()?.byCode;
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [disconnectNow, setDisconnectNow] = useState(false);
  const [changeRes, change] = useMutation(ChangePasswordMutation);
  const [setRes, set] = useMutation(SetPasswordMutation);
  const [done, setDone] = useState<{ message: string; disconnected: boolean } | null>(null);
  const noteId = useId();
  const res = byCode ? setRes : changeRes;
  const strength = next ? passwordStrength(next, me.username) : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (restriction) return;
    setDone(null);
    const r = byCode ? await set({ new: next, disconnectNow }) : await change({ current, new: next, disconnectNow });
    const out = r.data && ('setPassword' in r.data ? r.data.setPassword : r.data.changePassword);
    if (out) {
      setDone({ message: out.message, disconnected: out.disconnected });
      setCurrent('');
      setNext('');
    }
  };

  return (
    <Card title={byCode ? t('account.setPasswordTitle') : t('account.passwordTitle')} id="password">
      <p className="muted small">{byCode ? t('account.setPasswordIntro') : t('account.passwordIntro')}</p>
      {done ? (
        <Notice tone="ok" testId="password-changed">
          <strong className="block">{t('account.passwordChanged')}</strong>
          <span className="block" data-testid="password-message">
            {done.message}
          </span>
          {done.disconnected ? <span className="block">{t('account.disconnected')}</span> : null}
        </Notice>
      ) : null}
      <form onSubmit={submit} data-testid="password-form">
        <fieldset disabled={!!restriction || res.fetching} aria-describedby={restriction ? noteId : undefined}>
          {/* a hidden username helps password managers file the new password correctly */}
          <input type="text" name="username" autoComplete="username" value={me.username} readOnly hidden />
          {byCode ? null : (
            <Field
              label={t('account.currentPassword')}
              type="password"
              name="current"
              autoComplete="current-password"
              required
              value={current}
              onChange={(e) => setCurrent(e.currentTarget.value)}
            />
          )}
          <Field
            label={t('account.newPassword')}
            type="text"
            name="new"
            autoComplete="new-password"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            required
            minLength={8}
            maxLength={128}
            value={next}
            onChange={(e) => setNext(e.currentTarget.value)}
            hint={
              strength ? (
                <span data-testid="strength" data-level={strength.level}>
                  <span className={`meter meter-${strength.level}`} aria-hidden="true" />
                  {t('account.strength.label', { level: t(`account.strength.${strength.level}`) })}
                  {' · '}
                  {strength.problem ? t(`account.strength.${strength.problem}`) : strength.level === 'strong' ? t('account.strength.good') : t('account.strength.mix')}
                </span>
              ) : undefined
            }
          />
          <p>
            <button type="button" className="link" onClick={() => setNext(suggestPassword())}>
              {t('account.suggest')}
            </button>
          </p>
          <Checkbox
            label={t('account.disconnectNow')}
            hint={t('account.disconnectHint')}
            checked={disconnectNow}
            onChange={(e) => setDisconnectNow(e.currentTarget.checked)}
            data-testid="disconnect-now"
          />
          <ErrorNotice error={res.error} testId="password-error" />
          <button type="submit" className="btn btn-primary" data-testid="save-password">
            {res.fetching ? t('account.saving') : byCode ? t('account.setPassword') : t('account.savePassword')}
          </button>
        </fieldset>
        <RestrictedNote reason={restriction} id={noteId} />
      </form>
    </Card>
  );
}
