import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { Me } from '../../protocol/api.ts';
import '@fontsource/noto-sans-sc/400.css';
import '../lib/theme.css';
import './map/map.css';
import { t, tEn } from '../lib/i18n.ts';
import { Session } from '../lib/session.ts';
import { SessionGate } from '../lib/SessionGate.tsx';
import { ConsoleApp } from './ConsoleApp.tsx';
import { ConsoleModel } from './ConsoleModel.ts';
import { ActionRoomApp } from './room/ActionRoomApp.tsx';
import { ReportPage } from './report/ReportPage.tsx';
import type { PageView } from './layout/Layout.ts';

// `?view=wall` and `?view=map` show one panel alone, for extra monitors.
const param = new URLSearchParams(window.location.search).get('view');
const view: PageView = param === 'wall' || param === 'map' ? param : 'console';
// `?action=ID` opens the action command room (作战室) of one enforcement action.
const roomAction = new URLSearchParams(window.location.search).get('action');
// `?report=ID` shows the report (执行行动报告) of a finished or cancelled action: no socket needed.
const reportAction = new URLSearchParams(window.location.search).get('report');
const session = new Session();

/** One ConsoleModel (socket, media) per signed-in user; closed on sign-out. */
function SignedIn({ user }: { user: Me }) {
  const [model] = useState(() => new ConsoleModel(view, undefined, user));
  useEffect(() => () => model.close(), [model]);
  if (roomAction) return <ActionRoomApp model={model} user={user} session={session} actionId={roomAction} />;
  return <ConsoleApp model={model} user={user} session={session} />;
}

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from console/index.html');
createRoot(root).render(
  <SessionGate session={session} title={t('console.loginTitle')} subtitle={tEn('console.loginTitle')}>
    {(user) => (reportAction ? <ReportPage key={user.id} user={user} session={session} actionId={reportAction} /> : <SignedIn key={user.id} user={user} />)}
  </SessionGate>,
);
