// E-mail (set or clear), a new phone confirmed by a code sent to it, and automatic renewal.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { useMe, useRestriction } from '../../lib/me';
import { Card, Checkbox, ErrorNotice, Field, Notice, RestrictedForm, RestrictedNote } from '../../components/ui';

const UpdateEmailMutation = graphql(`
  mutation UpdateEmail($email: String!) {
    updateEmail(email: $email) {
      email
    }
  }
`);

const RequestPhoneChangeMutation = graphql(`
  mutation RequestPhoneChange($phone: String!) {
    requestPhoneChange(phone: $phone)
  }
`);

const ConfirmPhoneChangeMutation = graphql(`
  mutation ConfirmPhoneChange($phone: String!, $code: String!) {
    confirmPhoneChange(phone: $phone, code: $code) {
      phone
    }
  }
`);

const SetAutoRenewMutation = graphql(`
  mutation SetAutoRenew($on: Boolean!) {
    setAutoRenew(on: $on) {
      autoRenew
    }
  }
`);

export function EmailCard() {
  const { t } = useTranslation();
  const me = useMe();
  const restriction = useRestriction();
  const [email, setEmail] = useState(me.email ?? '');
  const [res, update] = useMutation(UpdateEmailMutation);
  const [saved, setSaved] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (restriction) return;
    setSaved(false);
    const r = await update({ email: email.trim() });
    if (r.data) setSaved(true);
  };
  return (
    <Card title={t('account.emailTitle')}>
      <RestrictedForm reason={restriction} busy={res.fetching} onSubmit={submit} error={res.error} submit={t('account.saveEmail')}>
        <Field
          label={t('account.email')}
          hint={t('account.emailHint')}
          type="email"
          name="email"
          autoComplete="email"
          value={email}
          onChange={(e) => {
            setEmail(e.currentTarget.value);
            setSaved(false);
          }}
        />
        {saved ? <Notice tone="ok">{t('account.emailSaved')}</Notice> : null}
      </RestrictedForm>
    </Card>
  );
}

export function PhoneCard() {
  const { t } = useTranslation();
  const me = useMe();
  const restriction = useRestriction();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [changed, setChanged] = useState(false);
  const [reqRes, request] = useMutation(RequestPhoneChangeMutation);
  const [confRes, confirm] = useMutation(ConfirmPhoneChangeMutation);

  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (restriction) return;
    setChanged(false);
    const r = await request({ phone: phone.trim() });
    if (r.data?.requestPhoneChange) setSentTo(phone.trim());
  };
  const confirmCode = async (e: FormEvent) => {
    e.preventDefault();
    if (restriction) return;
    const r = await confirm({ phone: sentTo ?? '', code: code.replace(/\s/g, '') });
    if (r.data) {
      setChanged(true);
      setSentTo(null);
      setPhone('');
      setCode('');
    }
  };
  return (
    <Card title={t('account.phoneTitle')}>
      <p>{me.phone}</p>
      {changed ? <Notice tone="ok">{t('account.phoneChanged')}</Notice> : null}
      {sentTo ? (
        <form onSubmit={confirmCode}>
          <fieldset disabled={!!restriction || confRes.fetching}>
            <Notice tone="info">{t('account.phoneCodeSent', { phone: sentTo })}</Notice>
            <Field
              label={t('signIn.code')}
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="\d{6}"
              maxLength={6}
              required
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
            />
            <ErrorNotice error={confRes.error} />
            <p className="actions">
              <button type="submit" className="btn btn-primary">
                {t('account.confirmPhone')}
              </button>
              <button type="button" className="btn" onClick={() => setSentTo(null)}>
                {t('account.cancel')}
              </button>
            </p>
          </fieldset>
        </form>
      ) : (
        <RestrictedForm reason={restriction} busy={reqRes.fetching} onSubmit={send} error={reqRes.error} submit={t('account.sendPhoneCode')}>
          <Field
            label={t('account.newPhone')}
            type="tel"
            name="phone"
            inputMode="tel"
            autoComplete="tel"
            required
            value={phone}
            onChange={(e) => setPhone(e.currentTarget.value)}
          />
        </RestrictedForm>
      )}
    </Card>
  );
}

export function AutoRenewCard() {
  const { t } = useTranslation();
  const me = useMe();
  const restriction = useRestriction();
  const [res, setAutoRenew] = useMutation(SetAutoRenewMutation);
  const noteId = useId();
  const on = res.data?.setAutoRenew.autoRenew ?? me.autoRenew;
  return (
    <Card title={t('account.autoRenewTitle')}>
      <fieldset disabled={!!restriction || res.fetching} aria-describedby={restriction ? noteId : undefined}>
        <Checkbox
          label={t('account.autoRenew')}
          checked={on}
          data-testid="auto-renew"
          onChange={(e) => void (!restriction && setAutoRenew({ on: e.currentTarget.checked }))}
        />
      </fieldset>
      <ErrorNotice error={res.error} />
      {res.data && !res.fetching ? <Notice tone="ok">{t('account.autoRenewSaved')}</Notice> : null}
      <RestrictedNote reason={restriction} id={noteId} />
    </Card>
  );
}
