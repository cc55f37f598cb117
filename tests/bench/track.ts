// Benchmark `track`: what one team-day of track history costs. Writes `--teams` (default 10) team-days
// at 1 Hz through the teams feature's TrackHistory (thinned as a live server thins them) into a SQLite
// file, measures the file's growth per team-day, then asks a real server process for one team-day
// (GET /api/teams/:id/track over 24 h) `--requests` times (default 50), one after another.
// Prints {"bench":"track","points_per_team_day":…,"bytes_per_team_day":…,"load_p50_ms":…,"load_p99_ms":…,…}.
import { randomUUID } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { ROOT_DIR } from '../../config/load.ts';
import { AuthService } from '../../server/auth/AuthService.ts';
import { ManualClock } from '../../server/clock.ts';
import { Store } from '../../server/store/Store.ts';
import { TrackHistory } from '../../server/teams/TrackHistory.ts';
import type { TrackPoint } from '../../server/teams/trackChunk.ts';
import { benchLogin, percentile, startServerProcess } from './server.ts';

const BENCH_USER = 'bench.leader';
const BENCH_PASSWORD = 'bench-password-不要用于生产';
// Yesterday (UTC): the server prunes what is older than positions.historyDays when it starts.
const DAY0 = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 86_400_000;
const silent = { error: (...a: unknown[]) => console.error(...a), warn: () => undefined, info: () => undefined } as unknown as ConstructorParameters<typeof TrackHistory>[0]['logger'];

/**
 * A team on duty around the clock, one fix a second: 20 h in place (GPS noise of a few metres) and
 * 4 h on the road at 12 m/s (43 km/h), in four trips, with a status change at each start and stop.
 */
function* teamDay(team: number): Generator<TrackPoint> {
  let lng = 120.13 + team * 0.01;
  let lat = 30.26;
  let heading = team;
  for (let s = 0; s < 86_400; s++) {
    const hour = Math.floor(s / 3_600);
    const driving = hour % 6 === 5;
    if (driving) {
      heading += Math.sin(s / 97) * 0.05;
      lng += (Math.cos(heading) * 12) / (111_195 * Math.cos((lat * Math.PI) / 180));
      lat += (Math.sin(heading) * 12) / 111_195;
    }
    const noise = () => (Math.sin(s * 12.9898 + team) * 43758.5453) % 1;
    const jitter = 3 / 111_195;
    yield {
      at: DAY0 + s * 1000,
      lng: Math.round((lng + noise() * jitter) * 1e6) / 1e6,
      lat: Math.round((lat + noise() * jitter) * 1e6) / 1e6,
      status: driving ? 'en_route' : 'on_scene',
    };
  }
}

/** The SQLite file and its WAL, after a checkpoint. */
async function fileBytes(store: Store): Promise<number> {
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(store.db);
  const size = (f: string) => {
    try {
      return statSync(f).size;
    } catch {
      // No WAL file: nothing in it.
      return 0;
    }
  };
  return size(store.file) + size(`${store.file}-wal`);
}

export async function run(flags: Record<string, string | undefined>): Promise<void> {
  const teams = Number(flags['teams'] ?? 10);
  const requests = Number(flags['requests'] ?? 50);
  const dataDir = path.join(ROOT_DIR, '.cache', 'bench', 'track');
  rmSync(dataDir, { recursive: true, force: true });
  const store = await Store.open({ dataDir });
  let teamIds: string[];
  let points: number;
  let chunks: number;
  let dataBytes: number;
  let bytes: number;
  try {
    await store.db.insertInto('courts').values({ id: 'c330106', name: '杭州市西湖区人民法院', short_name: '西湖法院', level: 'high', parent_id: null, case_code: '浙0106', division_code: '330106', lng: 120.13, lat: 30.26 }).execute();
    const auth = new AuthService(store.db, { sessionHours: 8, maxFailedLogins: 1000, lockoutMinutes: 1, scryptCost: 1024 });
    await auth.createUser({ username: BENCH_USER, displayName: '压测', courtId: 'c330106', role: 'leader', password: BENCH_PASSWORD });
    teamIds = Array.from({ length: teams }, () => randomUUID());
    for (const id of teamIds) {
      await store.db.insertInto('teams').values({ id, court_id: 'c330106', name: id, leader_user_id: null, vehicle: null, status: 'idle', last_lng: null, last_lat: null, last_position_at: null }).execute();
    }
    const before = await fileBytes(store);
    const clock = new ManualClock(DAY0);
    const history = new TrackHistory({ db: store.db, clock, logger: silent, historyDays: 3_650 });
    // One team-day after another, written every 15 s of its time as the live server does.
    for (const [i, id] of teamIds.entries()) {
      clock.t = DAY0;
      for (const p of teamDay(i)) {
        clock.t = p.at;
        history.record(id, p);
        if ((p.at - DAY0) % 15_000 === 0) await history.flush(false);
      }
      await history.flush(true);
    }
    await history.close();
    const rows = await store.db
      .selectFrom('team_positions')
      .select((eb) => [eb.fn.sum<number>('points').as('n'), eb.fn.countAll<number>().as('chunks'), sql<number>`sum(length(data))`.as('data')])
      .executeTakeFirstOrThrow();
    points = Number(rows.n) / teams;
    chunks = Number(rows.chunks) / teams;
    dataBytes = Number(rows.data) / teams;
    bytes = ((await fileBytes(store)) - before) / teams;
  } finally {
    await store.close();
  }

  const server = await startServerProcess(dataDir);
  try {
    const token = await benchLogin(server.url, BENCH_USER, BENCH_PASSWORD);
    const url = (id: string) => `${server.url}/api/teams/${id}/track?from=${new Date(DAY0).toISOString()}&to=${new Date(DAY0 + 86_400_000).toISOString()}`;
    const latencies: number[] = [];
    let answerBytes = 0;
    let answerPoints = 0;
    for (let i = 0; i < requests + 5; i++) {
      const t0 = performance.now();
      const res = await fetch(url(teamIds[i % teams]!), { headers: { authorization: `Bearer ${token}` } });
      const body = await res.text();
      const ms = performance.now() - t0;
      if (res.status !== 200) throw new Error(`track: ${res.status} ${body.slice(0, 200)}`);
      // The first few pay for the page cache and JIT.
      if (i < 5) continue;
      latencies.push(ms);
      answerBytes = body.length;
      answerPoints = (JSON.parse(body) as { track: { timestamps: unknown[] } }).track.timestamps.length;
    }
    latencies.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        bench: 'track',
        teams,
        fixes_per_team_day: 86_400,
        points_per_team_day: Math.round(points),
        bytes_per_team_day: Math.round(bytes),
        bytes_per_point: Math.round((bytes / points) * 10) / 10,
        chunks_per_team_day: Math.round(chunks),
        packed_bytes_per_team_day: Math.round(dataBytes),
        requests,
        load_p50_ms: Math.round(percentile(latencies, 50) * 10) / 10,
        load_p99_ms: Math.round(percentile(latencies, 99) * 10) / 10,
        answer_points: answerPoints,
        answer_bytes: answerBytes,
      }),
    );
  } finally {
    await server.stop();
  }
}
