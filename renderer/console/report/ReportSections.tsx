import type { ReactNode } from 'react';
import type { ActionReport, ReportChatMessage } from '../../../protocol/report.ts';
import { t } from '../../lib/i18n.ts';
import { reportPhotoUrl, reportTime } from './ReportModel.ts';

// The sections of the report page, in the PDF's order and words (server/report/reportPdf.ts).

type Props = { report: ActionReport };

/** A size as people read it: 1.4 MB, 820 KB, 96 B. */
export function byteSize(bytes: number | null): string {
  if (bytes === null) return '—';
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

function Section({ title, id, children }: { title: string; id: string; children: ReactNode }) {
  return (
    <section className="report-section" data-testid={`report-${id}`} aria-labelledby={`report-${id}-title`}>
      <h3 id={`report-${id}-title`}>{title}</h3>
      {children}
    </section>
  );
}

function Table({ head, rows, className }: { head: readonly string[]; rows: readonly (readonly ReactNode[])[]; className?: string }) {
  return (
    <table className={`report-table ${className ?? ''}`}>
      <thead>
        <tr>
          {head.map((h) => (
            <th key={h}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={i}>
            {row.map((cell, j) => (
              <td key={j}>{cell}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const None = () => <p className="report-none">{t('report.none')}</p>;

export function OverviewSection({ report }: Props) {
  const h = report.header;
  const p = h.plan;
  const risk = (colour: typeof h.riskColour, reasons: readonly string[]) => `${t(`risk.${colour}`)}${reasons.length > 0 ? `：${reasons.join('；')}` : ''}`;
  const rows: [string, ReactNode][] = [
    [t('report.caseNumber'), h.caseNumber],
    [t('report.court'), h.courtName],
    [t('report.kind'), t(`actionKind.${h.kind}`)],
    [t('report.status'), t(`actionStatus.${h.status}`)],
    [t('report.risk'), <span key="risk" className={`report-risk risk-${h.riskColour}`}>{risk(h.riskColour, h.riskReasons)}</span>],
    [t('report.plannedAt'), reportTime(h.plannedAt)],
    [t('report.startedAt'), h.startedAt === null ? t('report.notStarted') : reportTime(h.startedAt)],
    [t('report.endedAt'), reportTime(h.endedAt)],
    [t('report.site'), t('report.siteValue', { lng: h.lng.toFixed(6), lat: h.lat.toFixed(6), radius: h.siteRadiusM })],
  ];
  if (p) {
    const saved = { version: p.version, author: p.authorName, time: reportTime(p.savedAt) };
    rows.push(
      [t('report.plan'), p.frozen ? t('report.planFrozen', saved) : t('report.planLatest', saved)],
      [t('report.objective'), p.objective],
      [t('report.planRisk'), risk(p.riskColour, p.riskReasons)],
      [t('report.documents'), p.documents.length === 0 ? t('report.none') : p.documents.map((d) => `${d.name} ${d.number}`).join('\n')],
      [t('report.contingencies'), p.contingencies.length === 0 ? t('report.none') : p.contingencies.map((c) => `${c.risk}：${c.response}`).join('\n')],
    );
  } else rows.push([t('report.plan'), t('report.planNone')]);
  return (
    <Section title={t('report.overview')} id="overview">
      <table className="report-table report-facts">
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

export function TeamsSection({ report }: Props) {
  return (
    <Section title={t('report.teams', { n: report.teams.length })} id="teams">
      {report.teams.length === 0 ? (
        <None />
      ) : (
        <Table head={[t('report.team'), t('report.role'), t('report.task')]} rows={report.teams.map((x) => [x.name, x.role === null ? '—' : t(`plan.role.${x.role}`), x.task ?? '—'])} />
      )}
    </Section>
  );
}

export function TimelineSection({ report }: Props) {
  return (
    <Section title={t('report.timeline', { n: report.timeline.length })} id="timeline">
      {report.timelineTruncated && <p className="report-note">{t('report.timelineTruncated', { n: report.timeline.length })}</p>}
      <Table
        className="report-timeline"
        head={[t('report.time'), t('report.event'), t('report.actor')]}
        rows={report.timeline.map((e) => [
          reportTime(e.at),
          <>
            {e.text}
            {e.refs.sha256 && <code className="report-hash">SHA-256 {e.refs.sha256}</code>}
          </>,
          e.actor?.name ?? t('report.system'),
        ])}
      />
    </Section>
  );
}

export function InstructionsSection({ report }: Props) {
  return (
    <Section title={t('report.instructions', { n: report.instructions.length })} id="instructions">
      {report.instructions.length === 0 && <None />}
      {report.instructions.map((i, n) => (
        <div className="report-instruction" key={i.id} data-testid="report-instruction">
          <p className="report-instruction-text">
            {n + 1}. 【{t(`priority.${i.priority}`)}】{i.text}
          </p>
          <p className="report-note">{t('report.issued', { time: reportTime(i.issuedAt), name: i.issuedBy.name })}</p>
          <Table
            head={[t('report.team'), t('report.state'), t('report.delivered'), t('report.acknowledged'), t('report.finished'), t('report.feedback')]}
            rows={i.targets.map((x) => [
              x.teamName,
              t(`instructionState.${x.state}`),
              reportTime(x.deliveredAt),
              x.acknowledgedAt === null ? '—' : `${reportTime(x.acknowledgedAt)}${x.acknowledgedBy ? `\n${x.acknowledgedBy.name}` : ''}`,
              x.finishedAt === null ? '—' : `${reportTime(x.finishedAt)}${x.finishedBy ? `\n${x.finishedBy.name}` : ''}`,
              x.feedback ? `${x.feedback.text}${x.feedback.hasPhoto ? t('report.withPhoto') : ''}` : x.refuseReason ? t('report.refuseReason', { reason: x.refuseReason }) : '—',
            ])}
          />
        </div>
      ))}
    </Section>
  );
}

export function RecordingsSection({ report }: Props) {
  const teamName = new Map(report.teams.map((x) => [x.teamId, x.name]));
  return (
    <Section title={t('report.recordings', { n: report.recordings.length })} id="recordings">
      {report.recordings.length === 0 ? (
        <p className="report-none">{t('report.noRecordings')}</p>
      ) : (
        <Table
          className="report-recordings"
          head={[t('report.recorder'), t('report.mediaKind'), `${t('report.from')} — ${t('report.to')}`, t('report.size'), 'SHA-256']}
          rows={report.recordings.map((r) => [
            `${r.teamName ?? '—'}\n${r.officer}`,
            t(r.kind === 'audio' ? 'report.audio' : 'report.video'),
            `${reportTime(r.startedAt)}\n${reportTime(r.endedAt)}`,
            byteSize(r.bytes),
            <code key="sha" className="report-hash" data-testid="report-recording-hash">
              {r.sha256 ?? t(r.state === 'recording' ? 'report.unsealed' : 'report.fileMissing')}
            </code>,
          ])}
        />
      )}
      {report.gaps.length === 0 ? (
        <p className="report-note">{t('report.noGaps')}</p>
      ) : (
        <>
          <p className="report-note">{t('report.gaps', { n: report.gaps.length })}</p>
          <Table
            head={[t('report.team'), t('report.mediaKind'), t('report.gapFrom'), t('report.gapTo'), t('report.reason')]}
            rows={report.gaps.map((g) => [g.teamId === null ? '—' : (teamName.get(g.teamId) ?? '—'), t(g.kind === 'audio' ? 'report.audio' : 'report.video'), reportTime(g.from), reportTime(g.to), g.reason])}
          />
        </>
      )}
    </Section>
  );
}

function ChatItem({ actionId, item }: { actionId: string; item: ReportChatMessage }) {
  const m = item.message;
  return (
    <li className="report-chat-item" data-testid="report-chat-message">
      <p className="report-note">
        {reportTime(m.sentAt)} {m.sender.name}（{t(`role.${m.sender.role}`)} · {m.sender.teamName ?? m.sender.courtName}）
      </p>
      {m.text && <p className="report-chat-text">{m.text}</p>}
      {m.hasPhoto && (
        <figure className="report-photo">
          <a href={reportPhotoUrl(actionId, m.id)} target="_blank" rel="noreferrer">
            <img src={reportPhotoUrl(actionId, m.id)} alt={t('report.photoAlt', { name: m.sender.name })} loading="lazy" data-testid="report-photo" />
          </a>
          <figcaption>
            <code className="report-hash">{t('report.photoHash', { sha256: item.photoSha256 ?? '—' })}</code>
          </figcaption>
        </figure>
      )}
    </li>
  );
}

export function ChatSection({ report }: Props) {
  return (
    <Section title={t('report.chat', { n: report.chat.length })} id="chat">
      {report.chatTruncated && <p className="report-note">{t('report.chatTruncated', { n: report.chat.length })}</p>}
      {report.chat.length === 0 ? (
        <None />
      ) : (
        <ol className="report-chat">
          {report.chat.map((c) => (
            <ChatItem key={c.message.id} actionId={report.actionId} item={c} />
          ))}
        </ol>
      )}
    </Section>
  );
}

export function WatchersSection({ report }: Props) {
  return (
    <Section title={t('report.watchers', { n: report.watchers.length })} id="watchers">
      {report.watchers.length === 0 ? (
        <None />
      ) : (
        <Table
          head={[t('report.watcher'), t('report.watchText'), t('report.firstJoined'), t('report.lastLeft'), t('report.joins')]}
          rows={report.watchers.map((w) => [w.name, w.text, reportTime(w.firstJoinedAt), reportTime(w.lastLeftAt), String(w.joins)])}
        />
      )}
    </Section>
  );
}
