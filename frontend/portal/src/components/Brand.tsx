// The ISP's logo and name, at the top of every page (also the sign-in page).
import { useTranslation } from 'react-i18next';
import { safeLogo } from '../lib/brand';
import type { Isp } from '../lib/isp';

export function Brand({ isp }: { isp: Isp | null }) {
  const { t } = useTranslation();
  const logo = safeLogo(isp?.logo);
  return (
    <span className="brand" data-testid="brand">
      {logo ? <img className="brand-logo" src={logo} alt="" /> : null}
      <span className="brand-name">{isp?.name || t('expired.provider')}</span>
    </span>
  );
}
