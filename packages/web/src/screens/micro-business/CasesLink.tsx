import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { microBusinessApi } from '../../api/micro-business.ts';
import { href } from '../../router.ts';

/**
 * The top bar's "Cases" link, shown only to people with case assignments or a role in the micro-business
 * programme (everyone else never sees that the programme's screens exist).
 */
export function CasesLink({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const [show, setShow] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    setShow(false);
    microBusinessApi.access({ signal: controller.signal }).then(
      (a) => setShow(a.showCases),
      () => setShow(false),
    );
    return () => controller.abort();
  }, [userId]);
  if (!show) return null;
  return (
    <a className="button-link" href={href({ name: 'cases' })}>
      {t('mb.cases')}
    </a>
  );
}
