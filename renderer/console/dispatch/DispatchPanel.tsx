import { memo, useEffect, useMemo, useState } from 'react';
import { INSTRUCTION_PRIORITIES, type InstructionView } from '../../../protocol/instruction.ts';
import type { Warning } from '../../../protocol/warning.ts';
import { PRIORITY_ZH, STATE_ZH, TEAM_STATUS_ZH, ageZh, deltaZh, errorMessage } from '../../lib/dispatch.ts';
import { ACTION_KIND_ZH } from '../../lib/labels.ts';
import { formatTime } from '../../lib/i18n.ts';
import { PanelTitle } from '../../lib/PanelTitle.tsx';
import { useStore } from '../../lib/store.ts';
import type { CourtOverviewModel } from '../courts/CourtOverviewModel.ts';
import { ActionList } from './ActionList.tsx';
import type { ActionsModel } from './ActionsModel.ts';
import type { DispatchModel } from './DispatchModel.ts';
import type { TeamRow } from './teamRows.ts';

/** The time now, once a second: ages (「12 秒前」) count up. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  return now;
}

/** Court short names by id, from the court overview already loaded. */
function useCourtNames(courts: CourtOverviewModel): ReadonlyMap<string, string> {
  const state = useStore(courts.state);
  return useMemo(() => new Map(state.kind === 'ready' ? state.courts.map((c) => [c.id, c.shortName]) : []), [state]);
}

/** 指挥调度: warnings on top, then teams with the composer, then instructions and their state per team. */
export function DispatchPanel({ model, actions, courts }: { model: DispatchModel; actions: ActionsModel; courts: CourtOverviewModel }) {
  const names = useCourtNames(courts);
  return (
    <aside className="dispatch" data-testid="dispatch-panel">
      <WarningList model={model} />
      <ActionList actions={actions} dispatch={model} />
      <TeamPicker model={model} names={names} />
      <Composer model={model} />
      <InstructionTracker model={model} />
    </aside>
  );
}

function WarningList({ model }: { model: DispatchModel }) {
  const warnings = useStore(model.warnings);
  const state = useStore(model.warningsState);
  const errors = useStore(model.ackErrors);
  const open = warnings.filter((w) => !w.acknowledgedAt).length;
  return (
    <section className="panel" aria-labelledby="warnings-title" data-testid="warning-panel">
      <PanelTitle id="warnings-title" title="dispatch.warnings" count={open} testId="warning-count" />
      {state.kind === 'forbidden' && <p className="empty">无权查看预警</p>}
      {state.kind === 'error' && <p className="empty tile-error">{state.message}</p>}
      {state.kind === 'ready' && warnings.length === 0 && <p className="empty">暂无预警</p>}
      <ul className="warning-list" data-testid="warning-list">
        {warnings.map((w) => (
          <WarningItem key={w.id} warning={w} error={errors[w.id]} onAck={() => void model.acknowledgeWarning(w.id)} />
        ))}
      </ul>
    </section>
  );
}

const KIND_ZH: Record<Warning['kind'], string> = { sos: 'SOS 求助', 'instruction-unacked': '指令未签收', 'team-lost': '队伍失联' };

const WarningItem = memo(function WarningItem({ warning: w, error, onAck }: { warning: Warning; error: string | undefined; onAck: () => void }) {
  return (
    <li
      className={`warning level-${w.level} kind-${w.kind} ${w.acknowledgedAt ? 'acked' : 'open'}`}
      data-testid="warning"
      data-kind={w.kind}
      data-warning-id={w.id}
      data-acked={w.acknowledgedAt ? 'true' : 'false'}
    >
      <div className="warning-head">
        <span className="warning-kind">{KIND_ZH[w.kind]}</span>
        <span className="muted">{formatTime(w.raisedAt)}</span>
        {w.acknowledgedAt ? (
          <span className="muted">已确认 {w.acknowledgedBy?.name ?? ''}</span>
        ) : (
          <button type="button" className="ack-button" data-testid="warning-ack" onClick={onAck}>
            确认
          </button>
        )}
      </div>
      <p className="warning-text">{w.text}</p>
      {w.position && (
        <p className="muted small">
          位置 {w.position.lng.toFixed(5)}, {w.position.lat.toFixed(5)}
        </p>
      )}
      {error && <p className="tile-error small">{error}</p>}
    </li>
  );
});

function TeamPicker({ model, names }: { model: DispatchModel; names: ReadonlyMap<string, string> }) {
  const teams = useStore(model.teams);
  const state = useStore(model.teamsState);
  const selected = useStore(model.selected);
  const canIssue = useStore(model.canIssue);
  const now = useNow();
  return (
    <section className="panel" aria-labelledby="teams-title" data-testid="team-panel">
      <PanelTitle id="teams-title" title="dispatch.teams" count={teams.length} testId="team-count" />
      {state.kind === 'loading' && <p className="empty">正在加载执行组…</p>}
      {state.kind === 'error' && <p className="empty tile-error">{state.message}</p>}
      {state.kind === 'ready' && teams.length === 0 && <p className="empty">暂无执行组</p>}
      <ul className="team-list">
        {teams.map((team) => (
          <TeamItem
            key={team.id}
            team={team}
            court={names.get(team.courtId) ?? ''}
            age={team.fixedAt === null ? '无定位' : ageZh(team.fixedAt, now)}
            selectable={canIssue}
            selected={selected.has(team.id)}
            onToggle={() => model.toggleTeam(team.id)}
          />
        ))}
      </ul>
    </section>
  );
}

const TeamItem = memo(function TeamItem(p: { team: TeamRow; court: string; age: string; selectable: boolean; selected: boolean; onToggle: () => void }) {
  const { team } = p;
  return (
    <li className={`team-row ${p.selected ? 'selected' : ''}`} data-testid="team-row" data-team-id={team.id} data-court-id={team.courtId}>
      <label>
        {p.selectable && <input type="checkbox" checked={p.selected} onChange={p.onToggle} data-testid="team-select" />}
        <span className="team-name">
          {p.court} {team.name}
        </span>
      </label>
      <span className={`team-status status-${team.status}`} data-testid="team-row-status" data-status={team.status}>
        {TEAM_STATUS_ZH[team.status]}
      </span>
      {team.lost && <span className="team-lost">失联</span>}
      <span className="muted small team-age" data-testid="team-age">
        {p.age}
      </span>
    </li>
  );
});

function Composer({ model }: { model: DispatchModel }) {
  const canIssue = useStore(model.canIssue);
  const templates = useStore(model.templates);
  const priority = useStore(model.priority);
  const selected = useStore(model.selected);
  const action = useStore(model.targetAction);
  const state = useStore(model.issueState);
  const [text, setText] = useState('');
  if (!canIssue) return null;
  const sending = state.kind === 'sending';
  const none = selected.size === 0 && !action;
  return (
    <section className="panel composer" aria-labelledby="composer-title" data-testid="composer">
      <h2 id="composer-title">
        下达指令 <small>Issue</small>
      </h2>
      <p className="muted small" data-testid="composer-target">
        {action ? `目标：${ACTION_KIND_ZH[action.kind]} ${action.caseNumber}（${action.teams.length} 个执行组）` : `已选 ${selected.size} 个执行组`}
      </p>
      <div className="priority-group" role="radiogroup" aria-label="优先级">
        {INSTRUCTION_PRIORITIES.map((p) => (
          <button
            key={p}
            type="button"
            role="radio"
            aria-checked={priority === p}
            className={`prio-button prio-${p} ${priority === p ? 'active' : ''}`}
            data-testid={`priority-${p}`}
            onClick={() => model.setPriority(p)}
          >
            {PRIORITY_ZH[p]}
          </button>
        ))}
      </div>
      <div className="template-buttons">
        {templates.map((t) => (
          <button
            key={t.key}
            type="button"
            className="template-button"
            data-testid={`template-${t.key}`}
            disabled={sending || none}
            onClick={() => void model.issue({ template: t.key })}
          >
            {t.text}
          </button>
        ))}
      </div>
      <form
        className="free-text"
        onSubmit={(e) => {
          e.preventDefault();
          const clean = text.trim();
          if (clean) void model.issue({ text: clean }).then((ok) => ok && setText(''));
        }}
      >
        <input value={text} maxLength={500} placeholder="自定义指令内容" aria-label="自定义指令内容" onChange={(e) => setText(e.target.value)} data-testid="free-text" />
        <button type="submit" disabled={sending || none || !text.trim()} data-testid="send-text">
          发送
        </button>
      </form>
      {state.kind === 'sending' && <p className="muted small">发送中…</p>}
      {state.kind === 'sent' && <p className="muted small" data-testid="issue-sent">已下达</p>}
      {state.kind === 'error' && (
        <p className="tile-error small" role="alert">
          {state.message}{' '}
          {state.retryable && (
            <button type="button" onClick={() => void model.retry()}>
              重试
            </button>
          )}
        </p>
      )}
    </section>
  );
}

function InstructionTracker({ model }: { model: DispatchModel }) {
  const list = useStore(model.instructions);
  const state = useStore(model.instructionsState);
  return (
    <section className="panel" aria-labelledby="instructions-title" data-testid="instruction-panel">
      <PanelTitle id="instructions-title" title="dispatch.instructions" count={list.length} testId="console-instruction-count" />
      {state.kind === 'forbidden' && <p className="empty">无权查看指令</p>}
      {state.kind === 'error' && <p className="empty tile-error">{state.message}</p>}
      {state.kind === 'ready' && list.length === 0 && <p className="empty">暂无指令</p>}
      <ul className="instr-track">
        {list.map((v) => (
          <InstructionRow key={v.id} view={v} model={model} />
        ))}
      </ul>
    </section>
  );
}

const InstructionRow = memo(function InstructionRow({ view, model }: { view: InstructionView; model: DispatchModel }) {
  return (
    <li className={`instr prio-${view.priority}`} data-testid="console-instruction" data-instruction-id={view.id}>
      <div className="instr-head">
        <span className={`prio prio-${view.priority}`}>{PRIORITY_ZH[view.priority]}</span>
        <span className="instr-text">{view.text}</span>
        <span className="muted small">
          {formatTime(view.issuedAt)} · {view.issuedBy.name}
        </span>
      </div>
      <ul className="targets">
        {view.targets.map((t) => (
          <li key={t.teamId} className={`target state-${t.state}`} data-testid="target" data-team-id={t.teamId} data-state={t.state}>
            <span className="target-team">{t.teamName}</span>
            <span className="target-state" data-testid="target-state">
              {STATE_ZH[t.state]}
            </span>
            <span className="timings muted small">
              下达 {formatTime(view.issuedAt)}
              {t.deliveredAt && ` → 送达 ${deltaZh(view.issuedAt, t.deliveredAt)}`}
              {t.acknowledgedAt && ` → 签收 ${deltaZh(view.issuedAt, t.acknowledgedAt)}`}
              {t.finishedAt && ` → ${t.state === 'done' ? '完成' : STATE_ZH[t.state]} ${deltaZh(view.issuedAt, t.finishedAt)}`}
            </span>
            {t.feedback && (
              <span className="target-feedback small">
                反馈：{t.feedback.text}
                {t.feedback.hasPhoto && '（附照片）'}
              </span>
            )}
            {t.feedback?.hasPhoto && <FeedbackPhoto load={() => model.photo(view.id, t.teamId)} />}
            {t.refuseReason && <span className="target-feedback small">拒收原因：{t.refuseReason}</span>}
            {t.escalatedAt && <span className="team-lost small">已升级</span>}
          </li>
        ))}
      </ul>
    </li>
  );
});

/** 查看照片: the feedback photo is fetched only when asked for (it can be 600 KB). */
function FeedbackPhoto({ load }: { load: () => Promise<string> }) {
  const [state, setState] = useState<{ kind: 'closed' } | { kind: 'loading' } | { kind: 'open'; src: string } | { kind: 'error'; message: string }>({ kind: 'closed' });
  if (state.kind === 'open') {
    return (
      <span className="feedback-photo">
        <img src={state.src} alt="现场反馈照片" data-testid="feedback-photo-image" />
        <button type="button" onClick={() => setState({ kind: 'closed' })}>
          收起照片
        </button>
      </span>
    );
  }
  return (
    <span className="feedback-photo">
      <button
        type="button"
        data-testid="feedback-photo-open"
        disabled={state.kind === 'loading'}
        onClick={() => {
          setState({ kind: 'loading' });
          load().then(
            (src) => setState({ kind: 'open', src }),
            (err: unknown) => setState({ kind: 'error', message: errorMessage(err) }),
          );
        }}
      >
        {state.kind === 'loading' ? '加载中…' : '查看照片'}
      </button>
      {state.kind === 'error' && <span className="tile-error small">{state.message}</span>}
    </span>
  );
}
