import type { Me } from '../../protocol/api.ts';
import { t, tEn } from '../lib/i18n.ts';
import type { Session } from '../lib/session.ts';
import { useStore } from '../lib/useStore.ts';
import { UserChip } from '../lib/UserChip.tsx';
import type { ConsoleModel } from './ConsoleModel.ts';
import { ModelContext } from './ModelContext.ts';
import { Clock } from './status/Clock.tsx';
import { MediaNoticeBar } from './status/MediaNoticeBar.tsx';
import { SyncBadge } from './status/SyncBadge.tsx';
import { ConnectionBadge } from '../lib/ConnectionBadge.tsx';
import { TerminalList } from './terminals/TerminalList.tsx';
import { CourtOverview } from './courts/CourtOverview.tsx';
import { VideoWall } from './wall/VideoWall.tsx';
import { DispatchPanel } from './dispatch/DispatchPanel.tsx';
import { MapPanel } from './map/panel/MapPanel.tsx';
import { CentreSwitch } from './layout/CentreSwitch.tsx';
import { ScaleControl } from './layout/ScaleControl.tsx';

/**
 * The console: header with connection state, courts and terminals on the side, the map and/or the
 * video wall in the middle, dispatch on the right. `?view=wall` and `?view=map` show one panel alone.
 */
export function ConsoleApp({ model, user, session }: { model: ConsoleModel; user: Me; session: Session }) {
  const page = model.layout.page;
  const centre = useStore(model.layout.centre);
  const shows = page === 'console' ? centre : page;
  return (
    <ModelContext.Provider value={model}>
      <div className={`console view-${page} centre-${shows}`}>
        <header className="topbar">
          <h1>
            {t('app.title')} · {t('console.subtitle')}
            <small>{tEn('app.title')}</small>
          </h1>
          <div className="topbar-right">
            {page === 'console' && <CentreSwitch layout={model.layout} />}
            <ScaleControl layout={model.layout} />
            <Clock />
            <ConnectionBadge connection={model.connection} />
            {page === 'console' && <SyncBadge model={model} />}
            <UserChip user={user} session={session} />
          </div>
        </header>
        <MediaNoticeBar model={model} />
        <main className="console-main">
          {page === 'console' && (
            <aside className="side">
              <CourtOverview model={model.courts} />
              <TerminalList />
            </aside>
          )}
          <div className="centre">
            {(shows === 'map' || shows === 'both') && <MapPanel />}
            {(shows === 'wall' || shows === 'both') && <VideoWall userId={user.id} />}
          </div>
          {page === 'console' && <DispatchPanel model={model.dispatch} actions={model.actions} courts={model.courts} />}
        </main>
      </div>
    </ModelContext.Provider>
  );
}
