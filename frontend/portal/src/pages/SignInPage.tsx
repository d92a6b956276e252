// Sign-in: the PPPoE username and password, or (forgotten password) a 6-digit code sent by
// SMS to the account's phone. The answer to "send code" is the same whether or not the phone
// belongs to an account; throttling (TOO_MANY_REQUESTS) is said plainly.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Redirect, useSearch } from 'wouter';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { signIn, useSession, wasEndedByServer } from '../lib/auth';
import { useIsp } from '../lib/isp';
import { LanguageSelect } from '../components/LanguageSelect';
import { Brand } from '../components/Brand';
import { Contacts, PaymentInstructions } from '../components/Contacts';
import { Checkbox, ErrorNotice, Field, Notice } from '../components/ui';

const LoginMutation = graphql(`
  mutation PortalLogin($username: String!, $password: String!) {
    portalLogin(username: $username, password: $password) {
      token
      expiresAt
      byCode
    }
  }
`);

const RequestCodeMutation = graphql(`
  mutation PortalRequestCode($phone: String!) {
    portalRequestCode(phone: $phone)
  }
`);

const VerifyCodeMutation = graphql(`
  mutation PortalVerifyCode($phone: String!, $code: String!) {
    portalVerifyCode(phone: $phone, code: $code) {
      token
      expiresAt
      byCode
    }
  }
`);

/** Where to go after signing in: a path inside the portal, never another site. */
export function safeNext(next: string | null, fallback: string): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}

export function SignInPage() {
  const { t } = useTranslation();
  const isp = useIsp();
  const session = useSession();
  const params = new URLSearchParams(useSearch());
  const [mode, setMode] = useState<'password' | 'code'>('password');
  const [remember, setRemember] = useState(true);
  const [ended] = useState(wasEndedByServer);
  if (session) {
    // after a sign-in by code the account page offers to set a password
    return <Redirect to={safeNext(params.get('next'), session.byCode ? '/account' : '/')} replace />;
  }
  return (
    <>
      <header className="topbar">
        <div className="topbar-inner">
          <Brand isp={isp} />
        </div>
      </header>
      <main className="page narrow" id="main">
        {ended ? <Notice tone="info">{t('app.signedOutNotice')}</Notice> : null}
        <section className="card">
          {mode === 'password' ? (
            <PasswordForm remember={remember} onRemember={setRemember} />
          ) : (
            <CodeForm remember={remember} onRemember={setRemember} />
          )}
          <p>
            <button type="button" className="link" onClick={() => setMode(mode === 'password' ? 'code' : 'password')} data-testid="switch-mode">
              {mode === 'password' ? t('signIn.forgot') : t('signIn.withPassword')}
            </button>
          </p>
        </section>
        {isp?.paymentInstructions ? (
          <details className="card">
            <summary>{t('signIn.howToPay')}</summary>
            <PaymentInstructions isp={isp} />
          </details>
        ) : null}
        <section className="card">
          <Contacts isp={isp} />
        </section>
        <LanguageSelect compact />
      </main>
    </>
  );
}

interface RememberProps {
  remember: boolean;
  onRemember: (on: boolean) => void;
}

/** "Keep me signed in on this phone": localStorage when ticked, sessionStorage when not (lib/auth.ts). */
function Remember({ remember, onRemember }: RememberProps) {
  const { t } = useTranslation();
  return (
    <Checkbox
      label={t('signIn.remember')}
      hint={t('signIn.rememberHint')}
      checked={remember}
      onChange={(e) => onRemember(e.currentTarget.checked)}
    />
  );
}

function PasswordForm({ remember, onRemember }: RememberProps) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [show, setShow] = useState(false);
  const [res, login] = useMutation(LoginMutation);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await login({ username: username.trim().toLowerCase(), password });
    const p = r.data?.portalLogin;
    if (p) signIn({ token: p.token, expiresAt: p.expiresAt, byCode: p.byCode }, remember);
  };
  return (
    <form onSubmit={submit} data-testid="password-form">
      <h1>{t('signIn.title')}</h1>
      <p className="muted">{t('signIn.intro')}</p>
      <Field
        label={t('signIn.username')}
        hint={t('signIn.usernameHint')}
        name="username"
        autoComplete="username"
        autoCapitalize="none"
        autoCorrect="off"
        spellCheck={false}
        required
        value={username}
        onChange={(e) => setUsername(e.currentTarget.value)}
      />
      <Field
        label={t('signIn.password')}
        name="password"
        type={show ? 'text' : 'password'}
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.currentTarget.value)}
      />
      <Checkbox label={t('signIn.showPassword')} checked={show} onChange={(e) => setShow(e.currentTarget.checked)} />
      <Remember remember={remember} onRemember={onRemember} />
      <ErrorNotice error={res.error} testId="signin-error" />
      <button type="submit" className="btn btn-primary btn-block" disabled={res.fetching}>
        {res.fetching ? t('signIn.submitting') : t('signIn.submit')}
      </button>
    </form>
  );
}

function CodeForm({ remember, onRemember }: RememberProps) {
  const { t } = useTranslation();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [sendRes, send] = useMutation(RequestCodeMutation);
  const [verifyRes, verify] = useMutation(VerifyCodeMutation);
  const [codeError, setCodeError] = useState(false);
  // the error shown under the code is the one of the last request (a new code or a sign-in)
  const [last, setLast] = useState<'send' | 'verify'>('send');

  const requestCode = async (e?: FormEvent) => {
    e?.preventDefault();
    setLast('send');
    const r = await send({ phone: phone.trim() });
    if (r.data?.portalRequestCode) setSentTo(phone.trim());
  };
  const submitCode = async (e: FormEvent) => {
    e.preventDefault();
    const c = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(c)) {
      setCodeError(true);
      return;
    }
    setCodeError(false);
    setLast('verify');
    const r = await verify({ phone: sentTo ?? phone.trim(), code: c });
    const p = r.data?.portalVerifyCode;
    if (p) signIn({ token: p.token, expiresAt: p.expiresAt, byCode: p.byCode }, remember);
  };

  if (!sentTo) {
    return (
      <form onSubmit={requestCode} data-testid="phone-form">
        <h1>{t('signIn.codeTitle')}</h1>
        <Field
          label={t('signIn.phone')}
          hint={t('signIn.phoneHint')}
          name="phone"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          required
          value={phone}
          onChange={(e) => setPhone(e.currentTarget.value)}
        />
        <ErrorNotice error={sendRes.error} testId="code-error" />
        <button type="submit" className="btn btn-primary btn-block" disabled={sendRes.fetching}>
          {sendRes.fetching ? t('signIn.sending') : t('signIn.sendCode')}
        </button>
      </form>
    );
  }
  return (
    <form onSubmit={submitCode} data-testid="code-form">
      <h1>{t('signIn.codeTitle')}</h1>
      <Notice tone="info" testId="code-sent">
        {t('signIn.codeSent')}
      </Notice>
      <Field
        label={t('signIn.code')}
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="\d{6}"
        maxLength={6}
        required
        value={code}
        error={codeError ? t('signIn.codeInvalid') : undefined}
        onChange={(e) => setCode(e.currentTarget.value)}
      />
      <Remember remember={remember} onRemember={onRemember} />
      <ErrorNotice error={last === 'verify' ? verifyRes.error : sendRes.error} testId="code-error" />
      <button type="submit" className="btn btn-primary btn-block" disabled={verifyRes.fetching}>
        {verifyRes.fetching ? t('signIn.verifying') : t('signIn.verify')}
      </button>
      <p className="row">
        <button type="button" className="link" onClick={() => void requestCode()} disabled={sendRes.fetching}>
          {t('signIn.sendAgain')}
        </button>
        <button
          type="button"
          className="link"
          onClick={() => {
            setSentTo(null);
            setCode('');
          }}
        >
          {t('signIn.otherPhone')}
        </button>
      </p>
    </form>
  );
}
