import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <section className="card">
      <h1>{t('app.notFound')}</h1>
      <Link href="/" className="btn">
        {t('app.backHome')}
      </Link>
    </section>
  );
}
