import type { ActionView } from '../../../protocol/action.ts';
import { RISK_COLOURS, type ActionKind, type RiskColour } from '../../../protocol/domain.ts';
import { PLAN_ROLES, SITE_RADIUS_MAX_M, SITE_RADIUS_MIN_M, type ActionPlanContent, type PlanRole } from '../../../protocol/plan.ts';
import { t } from '../../lib/i18n.ts';
import { shallowEqual } from '../../lib/shallowEqual.ts';
import { useStore } from '../../lib/useStore.ts';
import { useStoreSelector } from '../../lib/useStoreSelector.ts';
import { useConsoleModel } from '../ModelContext.ts';
import { draftProblem, type PlanModel } from './PlanModel.ts';

const KINDS: readonly ActionKind[] = ['search', 'seizure', 'eviction', 'summons'];
const NO_TEAMS: readonly { teamId: string; name: string }[] = [];

/** Replaces item `i` of a list (a new array: drafts are never mutated). */
function at<T>(list: readonly T[], i: number, item: T): T[] {
  return list.map((x, j) => (j === i ? item : x));
}

/**
 * The plan's edit form (a dispatcher or leader, while the action is planned): objective, kind, risk
 * and why, each team's role and task, the legal documents, contingencies and the geofence radius.
 * The draft lives in the PlanModel; saving makes the next version.
 */
export function PlanForm({ plan, actionId, draft, teamNames }: { plan: PlanModel; actionId: string; draft: ActionPlanContent; teamNames: Readonly<Record<string, string>> }) {
  const model = useConsoleModel();
  const assigned = useStoreSelector(
    model.actions.actions,
    (list: readonly ActionView[]) => list.find((a) => a.id === actionId)?.teams.map((x) => ({ teamId: x.teamId, name: x.name })) ?? NO_TEAMS,
    shallowEqualTeams,
  );
  const saving = useStore(plan.saving);
  const error = useStore(plan.error);
  const problem = draftProblem(draft);
  const set = (patch: Partial<ActionPlanContent>) => plan.update((d) => ({ ...d, ...patch }));
  const nameOf = (teamId: string) => assigned.find((x) => x.teamId === teamId)?.name ?? teamNames[teamId] ?? teamId;
  const unused = assigned.filter((x) => !draft.teams.some((d) => d.teamId === x.teamId));

  return (
    <form
      className="plan-form"
      data-testid="plan-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!problem) void plan.save();
      }}
    >
      <label htmlFor="plan-objective">{t('plan.objective')}</label>
      <textarea id="plan-objective" rows={3} maxLength={2000} value={draft.objective} onChange={(e) => set({ objective: e.target.value })} data-testid="plan-objective-input" />

      <label htmlFor="plan-kind">{t('plan.kind')}</label>
      <select id="plan-kind" value={draft.kind} onChange={(e) => set({ kind: e.target.value as ActionKind })}>
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`actionKind.${k}`)}
          </option>
        ))}
      </select>

      <label htmlFor="plan-risk">{t('plan.risk')}</label>
      <select id="plan-risk" value={draft.riskColour} onChange={(e) => set({ riskColour: e.target.value as RiskColour })}>
        {RISK_COLOURS.map((c) => (
          <option key={c} value={c}>
            {t(`risk.${c}`)}
          </option>
        ))}
      </select>
      <label htmlFor="plan-reasons">
        {t('plan.riskReasons')}（{t('plan.onePerLine')}）
      </label>
      <textarea id="plan-reasons" rows={2} value={draft.riskReasons.join('\n')} onChange={(e) => set({ riskReasons: e.target.value.split('\n').slice(0, 20) })} />

      <label>{t('plan.teams')}</label>
      {draft.teams.map((x, i) => (
        <div className="plan-row team-row" key={x.teamId}>
          <span>
            {nameOf(x.teamId)}
            {!assigned.some((a) => a.teamId === x.teamId) && t('plan.notAssigned')}
          </span>
          <select aria-label={nameOf(x.teamId)} value={x.role} onChange={(e) => set({ teams: at(draft.teams, i, { ...x, role: e.target.value as PlanRole }) })}>
            {PLAN_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`plan.role.${r}`)}
              </option>
            ))}
          </select>
          <input placeholder={t('plan.task')} maxLength={500} value={x.task ?? ''} onChange={(e) => set({ teams: at(draft.teams, i, { ...x, task: e.target.value }) })} />
          <button type="button" onClick={() => set({ teams: draft.teams.filter((_, j) => j !== i) })}>
            {t('plan.remove')}
          </button>
        </div>
      ))}
      {unused.length > 0 && (
        <select aria-label={t('plan.pickTeam')} value="" onChange={(e) => e.target.value && set({ teams: [...draft.teams, { teamId: e.target.value, role: 'assault' }] })} data-testid="plan-add-team">
          <option value="">{t('plan.pickTeam')}</option>
          {unused.map((x) => (
            <option key={x.teamId} value={x.teamId}>
              {x.name}
            </option>
          ))}
        </select>
      )}

      <label>{t('plan.documents')}</label>
      {draft.documents.map((d, i) => (
        <div className="plan-row" key={i}>
          <input placeholder={t('plan.docName')} maxLength={60} value={d.name} onChange={(e) => set({ documents: at(draft.documents, i, { ...d, name: e.target.value }) })} />
          <input placeholder={t('plan.docNumber')} maxLength={100} value={d.number} onChange={(e) => set({ documents: at(draft.documents, i, { ...d, number: e.target.value }) })} />
          <button type="button" onClick={() => set({ documents: draft.documents.filter((_, j) => j !== i) })}>
            {t('plan.remove')}
          </button>
        </div>
      ))}
      <button type="button" disabled={draft.documents.length >= 30} onClick={() => set({ documents: [...draft.documents, { name: '', number: '' }] })} data-testid="plan-add-document">
        {t('plan.add')}
      </button>

      <label>{t('plan.contingencies')}</label>
      {draft.contingencies.map((c, i) => (
        <div className="plan-row" key={i}>
          <input placeholder={t('plan.risk.case')} maxLength={200} value={c.risk} onChange={(e) => set({ contingencies: at(draft.contingencies, i, { ...c, risk: e.target.value }) })} />
          <input placeholder={t('plan.risk.response')} maxLength={1000} value={c.response} onChange={(e) => set({ contingencies: at(draft.contingencies, i, { ...c, response: e.target.value }) })} />
          <button type="button" onClick={() => set({ contingencies: draft.contingencies.filter((_, j) => j !== i) })}>
            {t('plan.remove')}
          </button>
        </div>
      ))}
      <button type="button" disabled={draft.contingencies.length >= 30} onClick={() => set({ contingencies: [...draft.contingencies, { risk: '', response: '' }] })}>
        {t('plan.add')}
      </button>

      <label htmlFor="plan-radius">{t('plan.siteRadius')}</label>
      <input
        id="plan-radius"
        type="number"
        min={SITE_RADIUS_MIN_M}
        max={SITE_RADIUS_MAX_M}
        step={10}
        value={draft.siteRadiusM}
        onChange={(e) => set({ siteRadiusM: Math.round(Number(e.target.value)) || SITE_RADIUS_MIN_M })}
        data-testid="plan-radius-input"
      />

      {(error ?? problem) && (
        <p className="plan-error" role="alert" data-testid="plan-error">
          {error ?? t(problem!)}
        </p>
      )}
      <div className="plan-actions">
        <button type="submit" disabled={saving || problem !== null} data-testid="plan-save">
          {saving ? t('plan.saving') : t('plan.save')}
        </button>
        <button type="button" onClick={() => plan.cancel()}>
          {t('plan.cancel')}
        </button>
      </div>
    </form>
  );
}

function shallowEqualTeams(a: readonly { teamId: string; name: string }[], b: readonly { teamId: string; name: string }[]): boolean {
  return a.length === b.length && a.every((x, i) => shallowEqual(x, b[i]!));
}
