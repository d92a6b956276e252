// The ISP's support phone, e-mail and WhatsApp link.
import { useTranslation } from 'react-i18next';
import { telLink, whatsappLink } from '../lib/brand';
import type { Isp } from '../lib/isp';

export function Contacts({ isp, compact = false }: { isp: Isp | null; compact?: boolean }) {
  const { t } = useTranslation();
  if (!isp) return null;
  const wa = whatsappLink(isp.supportWhatsapp);
  if (!isp.supportPhone && !isp.supportEmail && !wa) return null;
  return (
    <div className={compact ? 'contacts-compact' : undefined} data-testid="contacts">
      {compact ? null : <h2>{t('contacts.title')}</h2>}
      <ul className="contacts">
        {isp.supportPhone ? (
          <li>
            <a href={telLink(isp.supportPhone)}>{t('contacts.call', { phone: isp.supportPhone })}</a>
          </li>
        ) : null}
        {isp.supportEmail ? (
          <li>
            <a href={`mailto:${isp.supportEmail}`}>{t('contacts.email', { email: isp.supportEmail })}</a>
          </li>
        ) : null}
        {wa ? (
          <li>
            <a href={wa} rel="noopener noreferrer" target="_blank">
              {t('contacts.whatsapp')}
            </a>
          </li>
        ) : null}
      </ul>
    </div>
  );
}

/** The ISP's payment instructions, as the admin wrote them (line breaks kept). */
export function PaymentInstructions({ isp }: { isp: Isp | null }) {
  const { t } = useTranslation();
  const text = isp?.paymentInstructions?.trim();
  return (
    <p className="instructions" data-testid="payment-instructions">
      {text || t('pay.noInstructions')}
    </p>
  );
}
