import type { Me } from '../../../protocol/api.ts';
import { ConnectionBadge } from '../../lib/ConnectionBadge.tsx';
import { formatDateTime, formatPeople } from '../../lib/format.ts';
import { t, tEn } from '../../lib/i18n.ts';
import type { Session } from '../../lib/session.ts';
import { UserChip } from '../../lib/UserChip.tsx';
import type { ConsoleModel } from '../ConsoleModel.ts';
import { Composer } from '../dispatch/composer/Composer.tsx';
import { MapPanel } from '../map/panel/MapPanel.tsx';
import { ModelContext } from '../ModelContext.ts';
import { ReportLink } from '../report/ReportLink.tsx';
import { Clock } from '../status/Clock.tsx';
import { MediaNoticeBar } from '../status/MediaNoticeBar.tsx';
import { ChatPanel } from './ChatPanel.tsx';
import { PlanPanel } from './PlanPanel.tsx';
import { RoomInstructions } from './RoomInstructions.tsx';
import { RoomWall } from './RoomWall.tsx';
import { TalkControl } from './TalkControl.tsx';
import { TimelinePanel } from './TimelinePanel.tsx';
import { useActionRoom } from './useActionRoom.ts';
import './room.css';

/** Roles that command an action live (喊话, instructions); the others watch. */
const COMMANDERS = new Set(['dispatcher', 'leader']);

/**
 * The action command room (作战室, `/console?action=ID`): the site on the map with its geofence and
 * teams moving live, the action's body cams with the recorder count its kind requires, push-to-talk,
 * the plan (预案), the instructions with their states and the composer aimed at the action's teams,
 * the action's chat (一案一群) and its timeline.
 */
export function ActionRoomApp({ model, user, session, actionId }: { model: ConsoleModel; user: Me; session: Session; actionId: string }) {
  const action = useActionRoom(model, actionId);
  return (
    <ModelContext.Provider value={model}>
      <div className="console action-room" data-testid="action-room" data-action-id={actionId}>
        <header className="topbar">
          <h1>
            {t('actionRoom.title')}
            {action && (
              <span className="room-head" data-testid="room-head">
                <span className={`risk-badge risk-${action.riskColour}`}>{t(`risk.${action.riskColour}`)}</span>
                {t(`actionKind.${action.kind}`)} {action.caseNumber} · {action.courtName} ·{' '}
                <span className={`room-status status-${action.status}`}>{t(`actionStatus.${action.status}`)}</span>
                {(action.status === 'finished' || action.status === 'cancelled') && <ReportLink actionId={action.id} />}
              </span>
            )}
            <small>{tEn('actionRoom.title')}</small>
          </h1>
          <div className="topbar-right">
            <Clock />
            <ConnectionBadge connection={model.connection} />
            <UserChip user={user} session={session} />
          </div>
        </header>
        <MediaNoticeBar model={model} />
        {!action ? (
          <p className="empty room-missing" data-testid="room-missing">
            {t('actionRoom.loading')}
          </p>
        ) : (
          <main className="room-main">
            <div className="room-map">
              <MapPanel />
            </div>
            <div className="room-centre">
              <RoomWall action={action} />
              <TalkControl action={action} canTalk={COMMANDERS.has(user.role)} />
            </div>
            <aside className="room-side">
              <section className="panel room-facts" data-testid="room-facts">
                <p>{t('actionRoom.planned', { time: formatDateTime(action.plannedAt) })}</p>
                <p>{t('actionRoom.teams', { teams: action.teams.map((x) => x.name).join('、') || '—' })}</p>
                <p data-testid="room-watchers">{t('actionRoom.watchers', { names: action.watchers.length > 0 ? formatPeople(action.watchers) : '—' })}</p>
                {action.riskReasons.length > 0 && <p className="room-risk">{action.riskReasons.map((r) => r.text).join('；')}</p>}
              </section>
              <PlanPanel actionId={actionId} />
              {COMMANDERS.has(user.role) && <Composer model={model.dispatch} />}
              <RoomInstructions model={model.dispatch} actionId={actionId} />
            </aside>
            <aside className="room-side room-talkback">
              <ChatPanel actionId={actionId} />
              <TimelinePanel actionId={actionId} />
            </aside>
          </main>
        )}
      </div>
    </ModelContext.Provider>
  );
}
