import type { Migration, MigrationProvider } from 'kysely/migration';
import * as m0001 from './0001_terminals.ts';
import * as m0002 from './0002_domain.ts';
import * as m0003dispatch from './0003_dispatch.ts';
import * as m0004actions from './0004_actions.ts';
import * as m0005prune from './0005_prune.ts';
import * as m0006tracks from './0006_tracks.ts';
import * as m0007recordings from './0007_recordings.ts';
import * as m0008actionRoom from './0008_action_room.ts';
import * as m0009chat from './0009_chat.ts';

/** Every migration, in order. Listed statically so bundling and type stripping need no fs scan. */
const MIGRATIONS: Record<string, Migration> = {
  '0001_terminals': m0001,
  '0002_domain': m0002,
  '0003_dispatch': m0003dispatch,
  '0004_actions': m0004actions,
  '0005_prune': m0005prune,
  '0006_tracks': m0006tracks,
  '0007_recordings': m0007recordings,
  '0008_action_room': m0008actionRoom,
  '0009_chat': m0009chat,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
