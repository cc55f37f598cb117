import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { Me } from '../../protocol/api.ts';
import '../lib/theme.css';
import { t, tEn } from '../lib/i18n.ts';
import { Session } from '../lib/session.ts';
import { SessionGate } from '../lib/SessionGate.tsx';
import { FieldApp } from './FieldApp.tsx';
import { FieldModel } from './FieldModel.ts';

const session = new Session();

/** One FieldModel (socket, camera) per signed-in officer; closed on sign-out. */
function SignedIn({ user }: { user: Me }) {
  const [model] = useState(() => new FieldModel(user.id));
  useEffect(() => () => model.close(), [model]);
  return <FieldApp model={model} user={user} session={session} />;
}

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from field/index.html');
createRoot(root).render(
  <SessionGate session={session} title={t('field.loginTitle')} subtitle={tEn('field.loginTitle')}>
    {(user) => <SignedIn key={user.id} user={user} />}
  </SessionGate>,
);
