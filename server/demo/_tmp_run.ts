import { Store } from '../store/Store.ts';
import { seedDemoData } from '../demo/generate.ts';
import { hashPassword } from '../auth/password.ts';
const n = Number(process.argv[2] ?? 50000);
const store = await Store.open({ dataDir: ':memory:' });
const t = performance.now();
const res = await seedDemoData(store.db, {
  seed: 42, cases: n, today: '2026-03-15',
  hashPassword: (p) => hashPassword(p, Number(process.env.COST ?? 1024)),
  assess: (f) => ({ colour: f.includes('violence_risk') || f.length >= 3 ? 'red' : f.length === 2 ? 'yellow' : f.length === 1 ? 'blue' : 'green', reasons: f.map((x) => ({ factor: x })) }),
  onProgress: (d, n, w) => { if (d === n) console.log('done', w, n, Math.round(performance.now() - t)); },
  stageDueOn: (stage, entered) => stage === 'closed' ? null : new Date(Date.parse(entered) + 30 * 86400000).toISOString().slice(0, 10),
});
console.log('ms', Math.round(performance.now() - t), JSON.stringify(res.counts));
console.log(res.accounts);
const db = store.db;
import { sql } from 'kysely';
const q = async (s: string) => console.log(s, JSON.stringify((await sql.raw(s).execute(db)).rows));
await q("select stage, count(*) n from cases group by stage");
await q("select risk_colour, count(*) n from cases group by risk_colour");
await q("select status, count(*) n from teams group by status");
await q("select case_number, applicant, respondent, amount_fen, filed_on, stage, track, tags, lng, lat from cases limit 8");
await q("select count(*) from cases where tags like '%裁执分离%'");
await q("select count(*) from cases where team_id is not null");
await q("select kind, status, count(*) from actions group by 1,2");
await q("select max(case_number) from cases where court_id='c330782'");
await q("select * from teams limit 3");
await q("select * from team_members limit 6");
await q("select * from devices limit 3");
await q("select * from case_events limit 6");
await q("select username, display_name, role, court_id from users limit 12");
await store.close();
