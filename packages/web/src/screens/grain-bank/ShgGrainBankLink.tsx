import { useTranslation } from 'react-i18next';
import { grainBankApi } from '../../api/grain-bank.ts';
import { useLoad } from '../../components/common.tsx';
import { href } from '../../router.ts';
import { Qty } from '../producer-groups/shared.tsx';

/**
 * On an SHG's page: a link to its grain bank (the SHG's node page, section "Grain bank"), with the grain in store;
 * or a link to set one up. Nothing while loading or if the lookup fails.
 */
export function ShgGrainBankLink({ shgId }: { shgId: string }) {
  const { t } = useTranslation();
  const state = useLoad((signal) => grainBankApi.list(shgId, { signal }), [shgId]);
  if (state.status !== 'ok') return null;
  const bank = state.data.find((b) => b.institutionId === shgId);
  const link = href({ name: 'node', nodeId: shgId, section: 'grain-bank', params: {} });
  return (
    <p className="shg-grain-bank no-print">
      {bank ? (
        <a href={link}>
          {t('grain.shgLink')}: <Qty value={bank.stockGrams} />
        </a>
      ) : (
        <a href={link}>{t('grain.shgSetUpLink')}</a>
      )}
    </p>
  );
}
