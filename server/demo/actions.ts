// The demo province's actions: planned or ongoing operations on active cases at the scene or at
// disposal, with their teams; and a few teams on the road to (or back from) one of their cases.
import type { Insertable } from 'kysely';
import type { ActionKind, RiskFactor, TeamStatus } from '../../protocol/domain.ts';
import type { ActionTable, ActionTeamTable, TeamTable } from '../store/index.ts';
import type { CaseDraft } from './cases.ts';
import type { DemoCourt } from './courts.ts';
import { DAY_MS } from './days.ts';
import type { SeedOptions } from './generate.ts';
import { round6 } from './places.ts';
import { createRng, type Rng } from './rng.ts';

/** What an action adds to its case's factors, with the chance: evictions gather crowds, searches meet resistance. */
const ACTION_RISK: Record<ActionKind, readonly (readonly [RiskFactor, number])[]> = {
  search: [['violence_risk', 0.03], ['past_resistance', 0.08]],
  seizure: [['group_incident', 0.03], ['past_resistance', 0.06]],
  eviction: [['group_incident', 0.15], ['violence_risk', 0.06], ['stability_risk', 0.05], ['public_opinion', 0.05]],
  summons: [['violence_risk', 0.02], ['past_resistance', 0.1]],
};

/** Up to `n` distinct teams' ids, drawn from `teams`. */
function pickTeams(teams: readonly { id: string }[], n: number, rng: Rng): string[] {
  const ids = teams.map((t) => t.id);
  const out: string[] = [];
  while (out.length < n && ids.length > 0) out.push(ids.splice(rng.int(0, ids.length - 1), 1)[0]!);
  return out;
}

/** What createActions() builds on; it moves the teams it sends out (status and position). */
export interface CreateActionsOptions {
  seed: number;
  today: number;
  nCases: number;
  drafts: readonly CaseDraft[];
  teams: readonly Insertable<TeamTable>[];
  teamsOfCourt: ReadonlyMap<string, readonly Insertable<TeamTable>[]>;
  courts: readonly DemoCourt[];
  assess: SeedOptions['assess'];
}

/** Actions with their teams; the teams of ongoing actions go on scene, a few others on the road. */
export function createActions(opts: CreateActionsOptions): { actions: Insertable<ActionTable>[]; actionTeams: Insertable<ActionTeamTable>[] } {
  const { today, nCases, drafts, teamsOfCourt } = opts;
  const actionRng = createRng(opts.seed, 'actions');
  const candidates = drafts.filter((d) => d.row.closed_on === null && (d.row.stage === 'on_site' || d.row.stage === 'disposal'));
  const nActions = Math.min(candidates.length, Math.max(20, Math.min(600, Math.round(nCases / 150))));
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = actionRng.int(0, i);
    [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
  }
  const actions: Insertable<ActionTable>[] = [];
  const actionTeams: Insertable<ActionTeamTable>[] = [];
  // Its own stream, so assigning teams leaves every other seeded value as it was.
  const assignRng = createRng(opts.seed, 'action-teams');
  const assignedAt = new Date(today * DAY_MS).toISOString();
  const busy = new Set<string>();
  for (const d of candidates.slice(0, nActions)) {
    const r = d.row;
    const kind: ActionKind =
      r.stage === 'disposal'
        ? actionRng.pick(['eviction', 'eviction', 'seizure'] as const)
        : actionRng.pick(['seizure', 'seizure', 'search', 'summons', 'summons'] as const);
    // 节点超期 belongs to the case's clock, not to the operation on site.
    const factors: RiskFactor[] = d.factors.filter((f) => f !== 'overdue_node');
    for (const [f, p] of ACTION_RISK[kind]) {
      if (!factors.includes(f) && actionRng.chance(p)) factors.push(f);
    }
    const risk = opts.assess([...factors]);
    const free = (teamsOfCourt.get(r.court_id) ?? []).filter((t) => !busy.has(t.id));
    const ongoing = free.length > 0 && actionRng.chance(0.25);
    let plannedAt: string;
    if (ongoing) {
      const team = actionRng.pick(free);
      busy.add(team.id);
      team.status = 'on_scene';
      team.last_lng = round6(r.lng + actionRng.normal() * 0.0003);
      team.last_lat = round6(r.lat + actionRng.normal() * 0.0003);
      r.team_id = team.id;
      plannedAt = new Date(today * DAY_MS + actionRng.int(30, 180) * 60_000).toISOString();
    } else {
      plannedAt = new Date((today + actionRng.int(1, 14)) * DAY_MS + actionRng.int(30, 420) * 60_000).toISOString();
    }
    const actionId = actionRng.uuid();
    // The team on site for an ongoing action; for a planned one, one or two of the court's teams
    // (an eviction needs more hands), which may also be down for other planned actions.
    const courtTeams = teamsOfCourt.get(r.court_id) ?? [];
    const assigned = ongoing && r.team_id ? [r.team_id] : pickTeams(courtTeams, kind === 'eviction' ? 2 : 1, assignRng);
    for (const teamId of assigned) actionTeams.push({ action_id: actionId, team_id: teamId, assigned_at: assignedAt });
    actions.push({
      id: actionId,
      case_id: r.id,
      court_id: r.court_id,
      kind,
      planned_at: plannedAt,
      status: ongoing ? 'ongoing' : 'planned',
      // An ongoing action started at its planned time (a replay covers it from then).
      started_at: ongoing ? plannedAt : null,
      risk_factors: JSON.stringify(factors),
      risk_colour: risk.colour,
      risk_reasons: JSON.stringify(risk.reasons),
      lng: r.lng,
      lat: r.lat,
    });
  }
  sendTeamsOnTheRoad(opts, busy, actionRng);
  return { actions, actionTeams };
}

/** A few teams on the road: heading to (or back from) one of their court's active cases. */
function sendTeamsOnTheRoad(opts: CreateActionsOptions, busy: ReadonlySet<string>, actionRng: Rng): void {
  const byId = new Map(opts.courts.map((c) => [c.id, c]));
  const activeByCourt = new Map<string, CaseDraft[]>();
  for (const d of opts.drafts) {
    if (d.row.closed_on !== null) continue;
    const list = activeByCourt.get(d.row.court_id) ?? [];
    list.push(d);
    activeByCourt.set(d.row.court_id, list);
  }
  for (const team of opts.teams) {
    if (busy.has(team.id)) continue;
    const r = actionRng.next();
    const status: TeamStatus = r < 0.05 ? 'en_route' : r < 0.08 ? 'returning' : 'idle';
    const targets = activeByCourt.get(team.court_id);
    if (status === 'idle' || !targets?.length) continue;
    const target = actionRng.pick(targets).row;
    const court = byId.get(team.court_id)!;
    const t = 0.2 + actionRng.next() * 0.6;
    team.status = status;
    team.last_lng = round6(court.lng + (target.lng - court.lng) * t);
    team.last_lat = round6(court.lat + (target.lat - court.lat) * t);
  }
}
