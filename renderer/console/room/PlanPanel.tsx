import type { ActionPlanAnswer, ActionPlanVersion } from '../../../protocol/plan.ts';
import { formatDateTime } from '../../lib/format.ts';
import { t, tEn } from '../../lib/i18n.ts';
import { useStore } from '../../lib/useStore.ts';
import { PlanForm } from './PlanForm.tsx';
import type { PlanModel } from './PlanModel.ts';
import { usePlanModel } from './usePlanModel.ts';
import './roomPanels.css';

/**
 * The action's plan (预案) in its room: the version shown, who saved it and when, 已冻结 once the
 * action started (with the version in force then), earlier versions on request; a dispatcher or
 * leader edits it while the action is planned, each save a new version.
 */
export function PlanPanel({ actionId }: { actionId: string }) {
  const plan = usePlanModel(actionId);
  const state = useStore(plan.state);
  const answer = useStore(plan.answer);
  const draft = useStore(plan.draft);
  return (
    <section className="panel room-plan" aria-labelledby="room-plan-title" data-testid="room-plan">
      <h2 id="room-plan-title">
        {t('plan.title')}
        <small>{tEn('plan.title')}</small>
      </h2>
      {state.kind === 'error' && <p className="empty">{state.message}</p>}
      {!answer ? (
        state.kind === 'loading' && <p className="empty">{t('plan.loading')}</p>
      ) : draft ? (
        <PlanForm plan={plan} actionId={actionId} draft={draft} teamNames={answer.plan?.teamNames ?? {}} />
      ) : (
        <PlanShown plan={plan} answer={answer} />
      )}
    </section>
  );
}

/** A version of the plan as read, with its version and frozen badges, the version picker and the edit button. */
export function PlanShown({ plan, answer }: { plan: PlanModel; answer: ActionPlanAnswer }) {
  const shown = answer.plan;
  const latest = answer.versions.at(-1)?.version ?? null;
  return (
    <>
      <div className="plan-head">
        {shown && (
          <span className="plan-version" data-testid="plan-version" data-version={shown.version}>
            {t('plan.versionBy', { version: shown.version, name: shown.authorName, time: formatDateTime(shown.savedAt) })}
          </span>
        )}
        {answer.frozen && (
          <span className="plan-frozen" data-testid="plan-frozen" title={answer.frozenVersion ? t('plan.frozenHint', { version: answer.frozenVersion }) : undefined}>
            {t('plan.frozen')}
          </span>
        )}
      </div>
      {shown ? <PlanBody version={shown} /> : <p className="empty">{answer.frozen ? t('plan.noneFrozen') : t('plan.none')}</p>}
      <div className="plan-actions">
        {answer.versions.length > 1 && (
          <select aria-label={t('plan.older')} value={shown?.version ?? ''} onChange={(e) => void plan.show(Number(e.target.value) === latest ? null : Number(e.target.value))} data-testid="plan-versions">
            {[...answer.versions].reverse().map((v) => (
              <option key={v.version} value={v.version}>
                {t('plan.version', { version: v.version })}
                {v.version === latest ? t('plan.latest') : ''}
                {v.version === answer.frozenVersion ? t('plan.inForce') : ''}
              </option>
            ))}
          </select>
        )}
        {answer.editable && (
          <button type="button" onClick={() => plan.edit()} data-testid="plan-edit">
            {shown ? t('plan.edit') : t('plan.create')}
          </button>
        )}
      </div>
    </>
  );
}

function PlanBody({ version }: { version: ActionPlanVersion }) {
  const c = version.content;
  const none = t('plan.emptyList');
  return (
    <dl data-testid="plan-body">
      <dt>{t('plan.objective')}</dt>
      <dd data-testid="plan-objective">{c.objective}</dd>
      <dt>{t('plan.kind')}</dt>
      <dd>{t(`actionKind.${c.kind}`)}</dd>
      <dt>{t('plan.risk')}</dt>
      <dd>
        <span className={`risk-badge risk-${c.riskColour}`}>{t(`risk.${c.riskColour}`)}</span> {c.riskReasons.join('；')}
      </dd>
      <dt>{t('plan.teams')}</dt>
      <dd>
        {c.teams.length === 0 ? none : (
          <ul>
            {c.teams.map((x) => (
              <li key={x.teamId}>
                {version.teamNames[x.teamId] ?? x.teamId}：{t(`plan.role.${x.role}`)}
                {x.task ? `，${x.task}` : ''}
              </li>
            ))}
          </ul>
        )}
      </dd>
      <dt>{t('plan.documents')}</dt>
      <dd>
        {c.documents.length === 0 ? none : (
          <ul>
            {c.documents.map((d, i) => (
              <li key={i}>
                {d.name} {d.number}
              </li>
            ))}
          </ul>
        )}
      </dd>
      <dt>{t('plan.contingencies')}</dt>
      <dd>
        {c.contingencies.length === 0 ? none : (
          <ul>
            {c.contingencies.map((x, i) => (
              <li key={i}>
                {x.risk} → {x.response}
              </li>
            ))}
          </ul>
        )}
      </dd>
      <dt>{t('plan.siteRadius')}</dt>
      <dd data-testid="plan-radius">{t('plan.metres', { n: c.siteRadiusM })}</dd>
    </dl>
  );
}
