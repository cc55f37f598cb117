import type { ChatMessage } from '../../protocol/chat.ts';
import type { CourtTree } from '../courts/index.ts';
import type { ChatMessageTable } from '../store/index.ts';

/** The columns a message view is built from (never the photo itself). */
export type ChatRow = Omit<ChatMessageTable, 'photo' | 'client_key'> & { has_photo: number };

/** What the server keeps of a message besides its view: the court of the sender's team, for cutting. */
export interface ChatRecord {
  view: ChatMessage;
  teamCourtId: string | null;
}

/** A stored row as a record (the view holds everything a receiver may be told). */
export function chatRecordOf(row: ChatRow, tree: CourtTree): ChatRecord {
  return {
    view: {
      id: Number(row.id),
      actionId: row.action_id,
      sentAt: row.sent_at,
      sender: {
        userId: row.sender_id,
        name: row.sender_name,
        role: row.sender_role,
        courtId: row.sender_court_id,
        courtName: tree.get(row.sender_court_id)?.shortName ?? row.sender_court_id,
        teamId: row.team_id,
        teamName: row.team_name,
      },
      text: row.text,
      hasPhoto: Number(row.has_photo) === 1,
    },
    teamCourtId: row.team_court_id,
  };
}

/**
 * A message as one receiver may see it: the sender's team is left out (null) for a receiver whose
 * court may not see that team's court, as actionViewFor leaves out a team lent by another branch.
 * The sender always sees their own team. Every message leaving the server goes through here.
 */
export function chatViewFor(tree: CourtTree, record: ChatRecord, viewer: { userId: string; courtId: string }): ChatMessage {
  const { view, teamCourtId } = record;
  if (teamCourtId === null || view.sender.userId === viewer.userId || tree.canSee(viewer.courtId, teamCourtId)) return view;
  return { ...view, sender: { ...view.sender, teamId: null, teamName: null } };
}
