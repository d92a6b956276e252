// The ISP's name, branding, contacts, currency and time zone (the `isp` query, answered
// without a token), and the formatter for its currency and time zone in the UI language.
import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { IspQuery } from '../gql/graphql';
import { formatLocale, makeFormatter, type Formatter } from '../../../shared/i18n/format';
import { applyBrand } from './brand';
import { useInstallationLanguage } from './language';

export const IspDocument = graphql(`
  query Isp {
    isp {
      name
      logo
      color
      supportPhone
      supportEmail
      supportWhatsapp
      paymentInstructions
      payMethods
      currency
      timeZone
      language
    }
  }
`);

export type Isp = IspQuery['isp'];

interface IspState {
  isp: Isp | null;
  fmt: Formatter;
}

const IspContext = createContext<IspState | null>(null);

export function IspProvider({ children }: { children: ReactNode }) {
  const { i18n, t } = useTranslation();
  // The ISP's details rarely change: the cached answer is enough for the session.
  const [{ data }] = useQuery({ query: IspDocument, requestPolicy: 'cache-first' });
  const isp = data?.isp ?? null;
  useInstallationLanguage(isp?.language);
  const language = i18n.language;
  const fmt = useMemo(
    () => makeFormatter({ locale: formatLocale(language), currency: isp?.currency ?? '', timeZone: isp?.timeZone ?? 'UTC' }),
    [language, isp?.currency, isp?.timeZone],
  );
  useEffect(() => {
    applyBrand(isp, isp?.name ? `${isp.name}: ${t('app.title')}` : t('app.title'));
  }, [isp, t]);
  const value = useMemo(() => ({ isp, fmt }), [isp, fmt]);
  return <IspContext.Provider value={value}>{children}</IspContext.Provider>;
}

function useIspState(): IspState {
  const s = useContext(IspContext);
  if (!s) throw new Error('IspProvider missing');
  return s;
}

export function useIsp(): Isp | null {
  return useIspState().isp;
}

export function useFormat(): Formatter {
  return useIspState().fmt;
}
