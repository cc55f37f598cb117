import { useEffect } from 'react';
import type { Me } from '../../protocol/api.ts';
import { ConnectionBadge } from '../lib/ConnectionBadge.tsx';
import { t, tEn } from '../lib/i18n.ts';
import type { Session } from '../lib/session.ts';
import { UserChip } from '../lib/UserChip.tsx';
import { CameraPanel } from './CameraPanel.tsx';
import { FieldActions } from './FieldActions.tsx';
import type { FieldModel } from './FieldModel.ts';
import { GpsBadge } from './GpsBadge.tsx';
import { InstructionList } from './InstructionList.tsx';
import { FieldChatPanel } from './FieldChatPanel.tsx';
import { SosBar } from './SosBar.tsx';
import { TalkPanel } from './TalkPanel.tsx';
import { TeamCard } from './TeamCard.tsx';
import { TerminalNameForm } from './TerminalNameForm.tsx';

/** The field terminal, laid out for a phone held in one hand: big buttons, status at the top. */
export function FieldApp({ model, user, session }: { model: FieldModel; user: Me; session: Session }) {
  useEffect(() => {
    // GPS on while the page is open.
    model.dispatch.startGps();
    return () => model.dispatch.stopGps();
  }, [model]);

  return (
    <div className="field">
      <header className="topbar">
        <h1>
          {t('field.title')}
          <small>{tEn('field.title')}</small>
        </h1>
        <ConnectionBadge connection={model.connection} />
      </header>
      <div className="field-user">
        <UserChip user={user} session={session} />
      </div>
      <main className="field-main">
        <GpsBadge dispatch={model.dispatch} />
        <TeamCard dispatch={model.dispatch} />
        <TalkPanel model={model} />
        <FieldActions dispatch={model.dispatch} />
        <InstructionList dispatch={model.dispatch} />
        <FieldChatPanel field={model.chat} dispatch={model.dispatch} />
        <TerminalNameForm model={model} />
        <CameraPanel model={model} />
      </main>
      <SosBar dispatch={model.dispatch} />
    </div>
  );
}
