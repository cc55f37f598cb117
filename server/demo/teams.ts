// The demo province's field teams: a team per intermediate court and a few per basic court (more
// where more people live), each led by a field officer with an account, with members and devices.
import type { Insertable } from 'kysely';
import type { DeviceTable, TeamMemberTable, TeamTable } from '../store/index.ts';
import type { DemoUsers } from './accounts.ts';
import type { DemoCourt } from './courts.ts';
import { officeStamp } from './days.ts';
import { chineseNumber, PLATE_LETTER, PLATE_SERIES, staffName } from './names.ts';
import { round6, type BasicArea } from './places.ts';
import { createRng } from './rng.ts';

/** The teams with their members and devices, as rows to insert. */
export interface DemoTeams {
  teams: Insertable<TeamTable>[];
  members: Insertable<TeamMemberTable>[];
  devices: Insertable<DeviceTable>[];
  /** Each court's teams, in the order they were made (the rows themselves: actions move them). */
  teamsOfCourt: Map<string, Insertable<TeamTable>[]>;
}

/** What createTeams() builds on. */
export interface CreateTeamsOptions {
  seed: number;
  today: number;
  courts: readonly DemoCourt[];
  areas: readonly BasicArea[];
  /** Average number of teams per basic court. */
  teamsBase: number;
  /** The demo field officer leads this court's 执行一组. */
  fieldOfficerCourt: DemoCourt;
  users: DemoUsers;
}

/** Teams, members and devices; each team's leader is added to `users` as a field officer. */
export function createTeams(opts: CreateTeamsOptions): DemoTeams {
  const { today, courts, areas, teamsBase, users } = opts;
  const byId = new Map(courts.map((c) => [c.id, c]));
  const areaByCourt = new Map(areas.map((a) => [a.court.id, a]));
  const meanWeight = areas.reduce((s, a) => s + a.weight, 0) / areas.length;
  const teamRng = createRng(opts.seed, 'teams');
  const teams: Insertable<TeamTable>[] = [];
  const members: Insertable<TeamMemberTable>[] = [];
  const devices: Insertable<DeviceTable>[] = [];
  const teamsOfCourt = new Map<string, Insertable<TeamTable>[]>();
  let serial = 0;
  const addTeam = (court: DemoCourt, name: string, leaderUserId: string): void => {
    const city = court.level === 'basic' ? byId.get(court.parentId!)! : court;
    const letter = PLATE_LETTER[city.divisionName] ?? 'A';
    const team: Insertable<TeamTable> = {
      id: teamRng.uuid(),
      court_id: court.id,
      name,
      leader_user_id: leaderUserId,
      vehicle: `浙${letter}·${teamRng.pick(PLATE_SERIES)}${String(teamRng.int(1000, 9999))}`,
      status: 'idle',
      last_lng: round6(court.lng + teamRng.normal() * 0.002),
      last_lat: round6(court.lat + teamRng.normal() * 0.002),
      // Last heard during yesterday's office hours: a stamp later today could lie in the future at seeding time.
      last_position_at: officeStamp(today - 1, teamRng),
    };
    teams.push(team);
    const list = teamsOfCourt.get(court.id) ?? [];
    list.push(team);
    teamsOfCourt.set(court.id, list);
    const leaderDuty = teamRng.chance(0.7) ? 'judge' : 'police';
    const duties = ['judge', 'assistant', 'clerk', 'police'];
    if (teamRng.chance(0.6)) duties.push('assistant');
    for (let i = teamRng.int(1, 3); i > 0; i--) duties.push('police');
    const leaderIndex = duties.indexOf(leaderDuty);
    duties.forEach((duty, i) => {
      const isLeader = i === leaderIndex;
      members.push({ team_id: team.id, name: isLeader ? users.displayName.get(leaderUserId)! : staffName(teamRng), duty, user_id: isLeader ? leaderUserId : null });
    });
    // Seizure, search and eviction need two or more recorders (DOMAIN.md): every team carries two body cams.
    for (const kind of ['body_cam', 'body_cam', 'unit_4g']) {
      serial++;
      devices.push({
        id: teamRng.uuid(),
        team_id: team.id,
        kind,
        serial: `${kind === 'body_cam' ? 'DSJ' : 'DB4G'}-${String(teamRng.int(10, 99))}${String(serial).padStart(6, '0')}`,
        battery: teamRng.chance(0.05) ? null : teamRng.int(25, 100),
      });
    }
  };
  for (const c of courts) {
    if (c.level === 'intermediate') {
      addTeam(c, '执行指挥中心直属组', users.addStaff(c, 'field_officer', 'fo', 1));
    } else if (c.level === 'basic') {
      const w = areaByCourt.get(c.id)!.weight;
      const n = Math.max(2, Math.min(teamsBase * 2, Math.round(teamsBase * Math.sqrt(w / meanWeight))));
      for (let i = 1; i <= n; i++) {
        const leader = c.id === opts.fieldOfficerCourt.id && i === 1 ? users.demoUserId.get('field_officer')! : users.addStaff(c, 'field_officer', 'fo', i);
        addTeam(c, `执行${chineseNumber(i)}组`, leader);
      }
    }
  }
  return { teams, members, devices, teamsOfCourt };
}
