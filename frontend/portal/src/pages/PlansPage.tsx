// Plans: the current plan, the plans the ISP offers in the portal, and changing to one. The
// server decides (the ISP's setting) whether a change applies now, with a prorated charge or
// credit written to the ledger, or at the next renewal: the page shows its answer.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { PlanChangeMutation, PlansQuery } from '../gql/graphql';
import { useFormat } from '../lib/isp';
import { useMe, useRestriction } from '../lib/me';
import { Card, ConfirmActions, ErrorNotice, GuardedButton, Loading, Notice } from '../components/ui';

const PlansDocument = graphql(`
  query Plans {
    offeredPlans {
      id
      name
      description
      downloadKbps
      uploadKbps
      dataLimitBytes
      validityDays
      price
    }
  }
`);

const ChangePlanMutation = graphql(`
  mutation PlanChange($profileID: ID!) {
    changePlan(profileID: $profileID) {
      appliedNow
      transaction {
        id
        amount
        balanceAfter
      }
      subscriber {
        expiresAt
        balance
        profile {
          id
          name
        }
        pendingProfile {
          id
          name
        }
      }
    }
  }
`);

type Plan = PlansQuery['offeredPlans'][number];

export function PlansPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [{ data, error }] = useQuery({ query: PlansDocument });
  const [answer, setAnswer] = useState<{ plan: string; change: PlanChangeMutation['changePlan'] } | null>(null);
  return (
    <>
      <h1>{t('plans.title')}</h1>
      {answer ? <PlanAnswer plan={answer.plan} change={answer.change} /> : null}
      <Card title={t('plans.current')}>
        <PlanFacts plan={me.profile} />
        {me.pendingProfile ? <p className="small">{t('plans.pending', { plan: me.pendingProfile.name })}</p> : null}
      </Card>
      <h2 className="section-title">{t('plans.offered')}</h2>
      {!data ? (
        error ? <ErrorNotice error={error} /> : <Loading />
      ) : data.offeredPlans.length ? (
        data.offeredPlans.map((p) => <OfferedPlan key={p.id} plan={p} current={p.id === me.profile.id} onChanged={(change) => setAnswer({ plan: p.name, change })} />)
      ) : (
        <p className="muted">{t('plans.none')}</p>
      )}
    </>
  );
}

function PlanFacts({ plan }: { plan: Omit<Plan, 'id'> & { id?: string } }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <div className="plan-facts">
      <p className="plan-name">
        <strong>{plan.name}</strong>
      </p>
      {plan.description ? <p className="small muted">{plan.description}</p> : null}
      <p className="small">{t('home.speeds', { down: fmt.speed(plan.downloadKbps), up: fmt.speed(plan.uploadKbps) })}</p>
      <p className="small">{plan.dataLimitBytes ? t('plans.cap', { limit: fmt.bytes(plan.dataLimitBytes) }) : t('plans.unlimited')}</p>
      <p className="price">{t('plans.price', { price: fmt.money(plan.price), count: plan.validityDays })}</p>
    </div>
  );
}

function OfferedPlan({ plan, current, onChanged }: { plan: Plan; current: boolean; onChanged: (c: PlanChangeMutation['changePlan']) => void }) {
  const { t } = useTranslation();
  const restriction = useRestriction();
  const [confirming, setConfirming] = useState(false);
  const [res, changePlan] = useMutation(ChangePlanMutation);
  const confirm = async () => {
    if (restriction) return;
    const r = await changePlan({ profileID: plan.id });
    if (r.data) {
      setConfirming(false);
      onChanged(r.data.changePlan);
      window.scrollTo?.({ top: 0, behavior: 'smooth' });
    }
  };
  return (
    <section className={`card plan${current ? ' plan-current' : ''}`} data-testid="plan" data-plan={plan.name}>
      <PlanFacts plan={plan} />
      {current ? (
        <span className="badge badge-ok">{t('plans.currentBadge')}</span>
      ) : confirming ? (
        <div className="confirm" data-testid="confirm-plan">
          <p>
            <strong>{t('plans.confirmTitle', { plan: plan.name })}</strong>
          </p>
          <p className="small">{t('plans.confirmBody')}</p>
          <ErrorNotice error={res.error} testId="plan-error" />
          <ConfirmActions
            onConfirm={confirm}
            onCancel={() => setConfirming(false)}
            busy={res.fetching}
            disabled={!!restriction}
            labels={{ confirm: t('plans.confirm'), busy: t('plans.changing'), cancel: t('plans.cancel') }}
            testId="confirm-plan-yes"
          />
        </div>
      ) : (
        <GuardedButton reason={restriction} reasonTestId="restricted-note" onClick={() => setConfirming(true)}>
          {t('plans.choose')}
        </GuardedButton>
      )}
    </section>
  );
}

function PlanAnswer({ plan, change }: { plan: string; change: PlanChangeMutation['changePlan'] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const tx = change.transaction;
  return (
    <Notice tone="ok" testId="plan-changed">
      {change.appliedNow ? (
        <>
          <strong className="block" data-applied="now">
            {t('plans.appliedNow', { plan })}
          </strong>
          {tx && tx.amount !== 0 ? (
            <span className="block">{tx.amount < 0 ? t('plans.charged', { amount: fmt.money(-tx.amount) }) : t('plans.credited', { amount: fmt.money(tx.amount) })}</span>
          ) : null}
        </>
      ) : (
        <strong className="block" data-applied="renewal">
          {t('plans.atRenewal', { plan, date: fmt.date(change.subscriber.expiresAt) })}
        </strong>
      )}
    </Notice>
  );
}
