import { memo, useEffect, useState } from 'react';
import type { InstructionView } from '../../protocol/instruction.ts';
import { PRIORITY_ZH, STATE_ZH, TEAM_STATUSES, TEAM_STATUS_ZH, errorMessage, isFinal } from '../lib/dispatch.ts';
import { formatTime } from '../lib/i18n.ts';
import { useStore } from '../lib/store.ts';
import { photoDataUrl, type FieldDispatch } from './FieldDispatch.ts';

/** 我的执行组: the team, its status, and four big buttons to set it. */
export function TeamCard({ dispatch }: { dispatch: FieldDispatch }) {
  const team = useStore(dispatch.team);
  const known = useStore(dispatch.teamKnown);
  const error = useStore(dispatch.teamError);
  return (
    <section className="field-card" aria-labelledby="team-title" data-testid="my-team">
      <h2 id="team-title">
        我的执行组 <small>My team</small>
      </h2>
      <p className="team-name">
        {team ? `${team.name}（${team.courtName}）` : known ? '未编入执行组 / in no team' : '读取中… / loading'}
        {team && (
          <span className={`team-status status-${team.status}`} data-testid="team-status" data-status={team.status}>
            {TEAM_STATUS_ZH[team.status]}
          </span>
        )}
        {team?.lost && <span className="team-lost">失联</span>}
      </p>
      <div className="status-buttons" role="group" aria-label="设置状态">
        {TEAM_STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            className={`status-button ${team?.status === s ? 'active' : ''}`}
            aria-pressed={team?.status === s}
            data-testid={`status-${s}`}
            onClick={() => void dispatch.setStatus(s)}
          >
            {TEAM_STATUS_ZH[s]}
          </button>
        ))}
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** GPS: 定位中 / 已定位 ±m / 定位失败, always visible. */
export function GpsBadge({ dispatch }: { dispatch: FieldDispatch }) {
  const gps = useStore(dispatch.gps);
  const text =
    gps.kind === 'fixed'
      ? `已定位 ±${Math.round(gps.accuracy)} 米`
      : gps.kind === 'locating'
        ? '定位中…'
        : gps.kind === 'error'
          ? `定位失败：${gps.message}`
          : '定位关闭';
  return (
    <p className={`gps gps-${gps.kind}`} data-testid="gps-state" data-state={gps.kind}>
      <span className="dot" aria-hidden="true" /> GPS {text}
    </p>
  );
}

/** The team's instructions, most urgent first. */
export function InstructionList({ dispatch }: { dispatch: FieldDispatch }) {
  const list = useStore(dispatch.instructions);
  const open = list.filter((v) => v.targets.some((t) => !isFinal(t.state))).length;
  return (
    <section className="field-card" aria-labelledby="instr-title">
      <h2 id="instr-title">
        执行指令 <span className="count" data-testid="instruction-count">{open}</span>
        <small>Instructions</small>
      </h2>
      {list.length === 0 ? (
        <p className="empty">暂无指令</p>
      ) : (
        <ul className="instr-list">
          {list.map((v) => (
            <InstructionCard key={v.id} view={v} dispatch={dispatch} />
          ))}
        </ul>
      )}
    </section>
  );
}

type Mode = 'none' | 'feedback' | 'refuse';

const InstructionCard = memo(function InstructionCard({ view, dispatch }: { view: InstructionView; dispatch: FieldDispatch }) {
  const step = useStore(dispatch.steps)[view.id];
  const [mode, setMode] = useState<Mode>('none');
  const [text, setText] = useState('');
  const [photo, setPhoto] = useState<string | null>(null);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const target = view.targets[0];
  const state = target?.state ?? 'issued';
  const busy = step?.kind === 'busy';
  useEffect(() => {
    if (isFinal(state)) setMode('none');
  }, [state]);

  async function submit() {
    if (!text.trim()) return;
    const ok = mode === 'feedback' ? await dispatch.feedback(view.id, text, photo) : await dispatch.refuse(view.id, text);
    if (ok) {
      setText('');
      setPhoto(null);
      setMode('none');
    }
  }

  return (
    <li className={`instr prio-${view.priority} state-${state}`} data-testid="field-instruction" data-instruction-id={view.id} data-state={state}>
      <div className="instr-head">
        <span className={`prio prio-${view.priority}`}>{PRIORITY_ZH[view.priority]}</span>
        <span className="instr-state" data-testid="field-instruction-state">{STATE_ZH[state]}</span>
        <span className="instr-time">{formatTime(view.issuedAt)} · {view.issuedBy.name}</span>
      </div>
      <p className="instr-text">{view.text}</p>
      {!isFinal(state) && mode === 'none' && (
        <div className="instr-actions">
          {state !== 'acknowledged' ? (
            <button type="button" className="big-button ack" disabled={busy} data-testid="ack" onClick={() => void dispatch.acknowledge(view.id)}>
              签收
            </button>
          ) : (
            <button type="button" className="big-button" disabled={busy} data-testid="feedback" onClick={() => setMode('feedback')}>
              反馈
            </button>
          )}
          <button type="button" className="big-button secondary" disabled={busy} data-testid="refuse" onClick={() => setMode('refuse')}>
            拒收
          </button>
        </div>
      )}
      {mode !== 'none' && (
        <form
          className="instr-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <label htmlFor={`text-${view.id}`}>{mode === 'feedback' ? '反馈内容' : '拒收原因'}</label>
          <textarea
            id={`text-${view.id}`}
            data-testid={mode === 'feedback' ? 'feedback-text' : 'refuse-reason'}
            value={text}
            maxLength={mode === 'feedback' ? 2000 : 500}
            rows={3}
            onChange={(e) => setText(e.target.value)}
          />
          {mode === 'feedback' && (
            <label className="photo-input">
              照片（可选）
              <input
                type="file"
                accept="image/jpeg,image/png,image/*"
                capture="environment"
                data-testid="feedback-photo"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  setPhotoError(null);
                  if (!file) return setPhoto(null);
                  photoDataUrl(file).then(setPhoto, (err: unknown) => setPhotoError(errorMessage(err)));
                }}
              />
              {photo && <img className="photo-preview" src={photo} alt="反馈照片预览" />}
              {photoError && <span className="field-error">{photoError}</span>}
            </label>
          )}
          <div className="instr-actions">
            <button type="submit" className="big-button" disabled={busy || !text.trim()} data-testid="submit-step">
              {mode === 'feedback' ? '提交反馈' : '确认拒收'}
            </button>
            <button type="button" className="big-button secondary" onClick={() => setMode('none')}>
              取消
            </button>
          </div>
        </form>
      )}
      {target?.feedback && <p className="muted">反馈：{target.feedback.text}</p>}
      {target?.refuseReason && <p className="muted">拒收原因：{target.refuseReason}</p>}
      {step?.kind === 'error' && (
        <p className="field-error" role="alert">
          {step.message}
        </p>
      )}
    </li>
  );
});

/** SOS: always at the bottom of the screen, red; a second press confirms. */
export function SosBar({ dispatch }: { dispatch: FieldDispatch }) {
  const sos = useStore(dispatch.sos);
  return (
    <div className="sos-bar" data-testid="sos-bar" data-state={sos.kind}>
      {sos.kind === 'confirm' ? (
        <>
          <button type="button" className="sos-button confirm" data-testid="sos-confirm" onClick={() => void dispatch.raiseSos()}>
            确认发送 SOS 求助
          </button>
          <button type="button" className="sos-cancel" onClick={() => dispatch.cancelSos()}>
            取消
          </button>
        </>
      ) : (
        <button type="button" className="sos-button" data-testid="sos" disabled={sos.kind === 'sending'} onClick={() => dispatch.askSos()}>
          SOS 紧急求助
          {sos.kind === 'sending' && <small>发送中…</small>}
          {sos.kind === 'sent' && <small data-testid="sos-sent">已发送 {formatTime(sos.at)}</small>}
          {sos.kind === 'error' && <small>发送失败，请重试：{sos.message}</small>}
        </button>
      )}
    </div>
  );
}
