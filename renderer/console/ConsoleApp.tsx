import type { Me } from '../../protocol/api.ts';
import { t, tEn } from '../lib/i18n.ts';
import type { Session } from '../lib/session.ts';
import { UserChip } from '../lib/UserChip.tsx';
import type { ConsoleModel } from './ConsoleModel.ts';
import { ModelContext } from './ModelContext.ts';
import { Clock } from './status/Clock.tsx';
import { SyncBadge } from './status/SyncBadge.tsx';
import { ConnectionBadge } from '../lib/ConnectionBadge.tsx';
import { TerminalList } from './terminals/TerminalList.tsx';
import { CourtOverview } from './courts/CourtOverview.tsx';
import { VideoWall } from './wall/VideoWall.tsx';
import { DispatchPanel } from './dispatch/DispatchPanel.tsx';

/** The console: header with connection state, courts and terminals on the side, the video wall in the middle, dispatch on the right. */
export function ConsoleApp({ model, view, user, session }: { model: ConsoleModel; view: 'console' | 'wall'; user: Me; session: Session }) {
  return (
    <ModelContext.Provider value={model}>
      <div className={`console view-${view}`}>
        <header className="topbar">
          <h1>
            {t('app.title')} · {t('console.subtitle')}
            <small>{tEn('app.title')}</small>
          </h1>
          <div className="topbar-right">
            <Clock />
            <ConnectionBadge connection={model.connection} />
            {view === 'console' && <SyncBadge model={model} />}
            <UserChip user={user} session={session} />
          </div>
        </header>
        <main className="console-main">
          {view === 'console' && (
            <aside className="side">
              <CourtOverview model={model.courts} />
              <TerminalList />
            </aside>
          )}
          <VideoWall />
          {view === 'console' && <DispatchPanel model={model.dispatch} actions={model.actions} courts={model.courts} />}
        </main>
      </div>
    </ModelContext.Provider>
  );
}
