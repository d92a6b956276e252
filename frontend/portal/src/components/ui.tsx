// The portal's few building blocks: plain semantic HTML with the classes of styles.css.
import { useId, type FormEvent, type InputHTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';
import { describeError } from '../lib/errors';
import { useFormat } from '../lib/isp';

export function Card({ title, children, id, className = '', actions }: { title?: ReactNode; children: ReactNode; id?: string; className?: string; actions?: ReactNode }) {
  const hid = useId();
  return (
    <section className={`card ${className}`} aria-labelledby={title ? hid : undefined} id={id}>
      {title ? (
        <div className="card-head">
          <h2 id={hid}>{title}</h2>
          {actions}
        </div>
      ) : null}
      {children}
    </section>
  );
}

/** A message: 'error' is announced at once (role=alert), the others politely (role=status). */
export function Notice({ tone = 'info', children, testId }: { tone?: 'info' | 'ok' | 'warn' | 'error'; children: ReactNode; testId?: string }) {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
      {children}
    </div>
  );
}

/** A GraphQL error in words: the server's own message, or the portal's for network/throttling. */
export function ErrorNotice({ error, testId }: { error: CombinedError | undefined | null; testId?: string }) {
  const { t, i18n } = useTranslation();
  const money = useMoney();
  const e = describeError(error, { i18n, money });
  if (!e) return null;
  let text: string;
  if (e.kind === 'network') text = t('errors.network');
  else if (e.kind === 'tooMany') text = t('errors.tooMany');
  else text = e.message || t('errors.generic');
  return (
    <Notice tone="error" testId={testId}>
      <span data-error-kind={e.kind}>{text}</span>
      {e.kind === 'tooMany' && e.message ? <span className="small block">{e.message}</span> : null}
    </Notice>
  );
}

type FieldProps = InputHTMLAttributes<HTMLInputElement> & { label: ReactNode; hint?: ReactNode; error?: ReactNode };

export function Field({ label, hint, error, ...input }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errId = error ? `${id}-err` : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        aria-describedby={[hintId, errId].filter(Boolean).join(' ') || undefined}
        aria-invalid={error ? true : undefined}
        {...input}
      />
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={errId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function Checkbox({ label, hint, ...input }: InputHTMLAttributes<HTMLInputElement> & { label: ReactNode; hint?: ReactNode }) {
  const id = useId();
  return (
    <div className="check">
      <input type="checkbox" id={id} aria-describedby={hint ? `${id}-hint` : undefined} {...input} />
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** The words of a confirmation's buttons: yes, yes while the request runs, and cancel. */
export interface ConfirmLabels {
  confirm: ReactNode;
  busy: ReactNode;
  cancel: ReactNode;
}

/** The answer to a "really?" question: yes (disabled while busy or disabled) and cancel. */
export function ConfirmActions({ onConfirm, onCancel, busy, disabled, labels, testId }: { onConfirm: () => void; onCancel: () => void; busy: boolean; disabled: boolean; labels: ConfirmLabels; testId: string }) {
  return (
    <p className="actions">
      <button type="button" className="btn btn-primary" onClick={onConfirm} disabled={busy || disabled} data-testid={testId}>
        {busy ? labels.busy : labels.confirm}
      </button>
      <button type="button" className="btn" onClick={onCancel}>
        {labels.cancel}
      </button>
    </p>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status" aria-live="polite">
      {t('app.loading')}
    </p>
  );
}

/** A term and its value, for the label–value lists of the pages. */
export function Item({ label, children, testId }: { label: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <div className="item">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

/**
 * What a restricted subscriber sees instead of acting: the reason, next to the disabled
 * control (also read out as the control's description).
 */
export function RestrictedNote({ reason, id, testId = 'restricted-note' }: { reason: string | null; id?: string; testId?: string }) {
  if (!reason) return null;
  return (
    <p className="restricted-note" id={id} data-testid={testId}>
      {reason}
    </p>
  );
}

/**
 * A button a restricted subscriber (or one whose balance falls short) may not press: disabled,
 * with the reason beside it and read out as its description.
 */
export function GuardedButton({ reason, onClick, children, primary = false, testId, reasonTestId }: { reason: string | null; onClick: () => void; children: ReactNode; primary?: boolean; testId?: string; reasonTestId?: string }) {
  const noteId = useId();
  return (
    <>
      <button type="button" className={primary ? 'btn btn-primary' : 'btn'} data-testid={testId} disabled={!!reason}
        aria-describedby={reason ? noteId : undefined} onClick={onClick}>
        {children}
      </button>
      <RestrictedNote reason={reason} id={noteId} testId={reasonTestId} />
    </>
  );
}

/**
 * A form a restricted subscriber may not use: its fields disabled (also while busy) and
 * described by the reason shown below it; the server's refusal above the submit button.
 */
export function RestrictedForm({ reason, busy, onSubmit, error, submit, children }: { reason: string | null; busy: boolean; onSubmit: (e: FormEvent) => void; error: CombinedError | undefined; submit: ReactNode; children: ReactNode }) {
  const noteId = useId();
  return (
    <form onSubmit={onSubmit}>
      <fieldset disabled={!!reason || busy} aria-describedby={reason ? noteId : undefined}>
        {children}
        <ErrorNotice error={error} />
        <button type="submit" className="btn">
          {submit}
        </button>
      </fieldset>
      <RestrictedNote reason={reason} id={noteId} />
    </form>
  );
}

/** The ISP's money format, or a plain one where no IspProvider is above (component tests). */
function useMoney(): (minor: number) => string {
  try {
    return useFormat().money;
  } catch {
    return (minor) => (minor / 100).toFixed(2);
  }
}
