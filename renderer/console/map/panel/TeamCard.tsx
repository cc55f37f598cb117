import { useState } from 'react';
import type { InstructionView } from '../../../../protocol/instruction.ts';
import { formatAge, formatList, formatTime } from '../../../lib/format.ts';
import { t } from '../../../lib/i18n.ts';
import { useNow } from '../../../lib/useNow.ts';
import { useStore } from '../../../lib/useStore.ts';
import { useStoreSelector } from '../../../lib/useStoreSelector.ts';
import { useConsoleModel } from '../../ModelContext.ts';
import { dragTeam } from '../../wall/dragTypes.ts';
import { lastHours } from '../days.ts';

/** Spans a team's track can be replayed over, in hours back from now (a request covers at most 24 h). */
const SPANS = [1, 4, 8, 24] as const;

/** The newest instruction that targets `teamId`, or null. */
function latestFor(list: readonly InstructionView[], teamId: string): InstructionView | null {
  return list.find((v) => v.targets.some((target) => target.teamId === teamId)) ?? null;
}

/** A team clicked on the map: members, devices, status, its latest instruction; 下达指令, 查看视频 and replay one click away. */
export function TeamCard({ teamId }: { teamId: string }) {
  const c = useConsoleModel();
  const model = c.map;
  const row = useStoreSelector(c.dispatch.teams, (rows) => rows.find((r) => r.id === teamId) ?? null);
  const info = useStoreSelector(c.dispatch.teamInfos, (list) => list.find((x) => x.id === teamId) ?? null);
  const latest = useStoreSelector(c.dispatch.instructions, (list) => latestFor(list, teamId));
  // The composer lives in the full console's dispatch column; a map-only page has none to bring up.
  const canIssue = useStore(c.dispatch.canIssue) && c.layout.page === 'console';
  const now = useNow();
  const [hours, setHours] = useState(8);
  const name = row?.name ?? info?.name ?? teamId;
  const target = latest?.targets.find((x) => x.teamId === teamId);
  return (
    <aside className="map-drawer team-card" aria-label={t('teamCard.title')} data-testid="team-card">
      <button type="button" className="drawer-close" aria-label={t('drawer.close')} onClick={() => model.closeSelection()}>
        ×
      </button>
      <h2 className="drawer-head">
        <span data-testid="team-card-name">{name}</span>
        {row && (
          <span className={`team-status status-${row.status}`} data-testid="team-card-status">
            {t(`teamStatus.${row.status}`)}
          </span>
        )}
        {row?.lost && <span className="team-lost">{t('map.lost')}</span>}
        <span className="wall-drag-handle" draggable data-testid="team-card-drag" title={t('wall.dragTeam')} onDragStart={(e) => dragTeam(e, teamId, name)}>
          ⠿ {t('wall.dragTeamShort')}
        </span>
      </h2>
      <p className="muted small">{row?.fixedAt ? t('teamCard.heard', { age: formatAge(row.fixedAt, now) }) : t('teams.noFix')}</p>
      <dl className="drawer-facts">
        <dt>{t('teamCard.members')}</dt>
        <dd data-testid="team-card-members">{info && info.members.length > 0 ? formatList(info.members.map((m) => `${m.name}（${m.duty}）`)) : t('drawer.none')}</dd>
        <dt>{t('teamCard.devices')}</dt>
        <dd>{info && info.devices.length > 0 ? formatList(info.devices.map((d) => `${d.kind} ${d.serial}`)) : t('drawer.none')}</dd>
        {info?.vehicle && (
          <>
            <dt>{t('teamCard.vehicle')}</dt>
            <dd>{info.vehicle}</dd>
          </>
        )}
        <dt>{t('teamCard.latest')}</dt>
        <dd data-testid="team-card-latest">
          {latest ? (
            <>
              {latest.text} <span className="muted small">{formatTime(latest.issuedAt)}</span>
              {target && <b className="target-state"> {t(`instructionState.${target.state}`)}</b>}
            </>
          ) : (
            t('drawer.none')
          )}
        </dd>
      </dl>
      <div className="drawer-buttons">
        {canIssue && (
          <button type="button" className="drawer-action" data-testid="team-instruct" onClick={() => model.instructTeam(teamId)}>
            {t('teamCard.instruct')}
          </button>
        )}
        <button type="button" className="drawer-action" data-testid="team-video" onClick={() => {
            c.layout.showVideo(teamId);
            // A map-only monitor has no wall: the wall page opens beside it (one window, reused) and takes the team from its address.
            if (c.layout.page === 'map') window.open(`/console?view=wall&team=${encodeURIComponent(teamId)}`, 'cc-wall');
          }}>
          {t('teamCard.video')}
        </button>
        <button type="button" className="drawer-action secondary" data-testid="team-locate" onClick={() => model.flyToTeam(teamId)}>
          {t('teamCard.locate')}
        </button>
        <span className="replay-span">
          <select aria-label={t('teamCard.span')} value={hours} data-testid="team-replay-span" onChange={(e) => setHours(Number(e.target.value))}>
            {SPANS.map((h) => (
              <option key={h} value={h}>
                {t('teamCard.hours', { n: h })}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="drawer-action secondary"
            data-testid="team-replay"
            onClick={() => {
              const [from, to] = lastHours(hours, Date.now());
              void model.replay.team(teamId, from, to);
            }}
          >
            {t('teamCard.replay')}
          </button>
        </span>
      </div>
    </aside>
  );
}
