import PDFDocument from 'pdfkit';
import type { ActionReport, ReportChatMessage } from '../../protocol/report.ts';
import type { ReportPhoto } from './ActionReports.ts';
import { ensureSpace, FONT, heading, paragraph, table, textWidth } from './pdfTable.ts';
import type { ReportFonts } from './reportFont.ts';
import { beijingTime, byteSize, COLOUR_NAMES, KIND_NAMES, PLAN_ROLE_NAMES, PRIORITY_NAMES, ROLE_NAMES, STATE_NAMES, STATUS_NAMES } from './reportLabels.ts';

/** Chat photos embedded in one PDF at most (each up to 600 KB); the rest are listed by hash. */
export const MAX_PDF_PHOTOS = 60;
/** A chat photo's box on the page (points): small, the page's thumbnail. */
const PHOTO_BOX: [number, number] = [150, 110];
/** An ideographic space: the gap between parts of a line of Chinese text. */
const GAP = '\u3000';
const MUTED = '#555555';
const MARGIN = 48;
/** Room below the bottom margin for the page footer. */
const FOOTER_Y = 26;

/**
 * The report as a PDF (A4, zh-CN): 执行行动报告 with its sections (概况, 执行组, 时间线, 指令, 录像,
 * 群聊, 观看), tables wrapped across pages, page numbers (第 k 页 / 共 n 页) and the time it was
 * generated in every footer. Its Chinese text is drawn in a subset of `fonts` embedded in the file,
 * so it reads the same on any machine; chat photos are embedded as small pictures with their SHA-256.
 */
export async function renderReportPdf(report: ActionReport, photos: ReadonlyMap<number, ReportPhoto>, fonts: ReportFonts): Promise<Buffer> {
  const h = report.header;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 10, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: {
      Title: `执行行动报告 ${h.caseNumber}`,
      Author: h.courtName,
      Subject: `${KIND_NAMES[h.kind]} ${h.caseNumber}`,
      CreationDate: new Date(report.generatedAt),
    },
    lang: 'zh-CN',
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  doc.registerFont(FONT.regular, fonts.regular.file, fonts.regular.postscriptName);
  doc.registerFont(FONT.bold, fonts.bold.file, fonts.bold.postscriptName);

  title(doc, report);
  overview(doc, report);
  teams(doc, report);
  timeline(doc, report);
  instructions(doc, report);
  recordings(doc, report);
  chat(doc, report, photos);
  watchers(doc, report);
  footers(doc, report);

  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

function title(doc: PDFKit.PDFDocument, r: ActionReport): void {
  const w = textWidth(doc);
  doc.font(FONT.bold).fontSize(22).text('执行行动报告', MARGIN, doc.y, { width: w, align: 'center' });
  doc.moveDown(0.2);
  doc.font(FONT.regular).fontSize(11).text(`${r.header.courtName}${GAP}${r.header.caseNumber}`, { width: w, align: 'center' });
  doc.fontSize(8).fillColor(MUTED).text(`生成时间：${beijingTime(r.generatedAt)}（北京时间）${GAP}本报告依据系统存储的记录生成`, { width: w, align: 'center' });
  doc.fillColor('#111111');
  doc.moveDown(0.5);
}

function overview(doc: PDFKit.PDFDocument, r: ActionReport): void {
  const h = r.header;
  const p = h.plan;
  heading(doc, '一、行动概况');
  const rows: string[][] = [
    ['案号', h.caseNumber],
    ['执行法院', h.courtName],
    ['行动类型', KIND_NAMES[h.kind]],
    ['行动状态', STATUS_NAMES[h.status]],
    ['风险等级', `${COLOUR_NAMES[h.riskColour]}${h.riskReasons.length > 0 ? `：${h.riskReasons.join('；')}` : ''}`],
    ['计划时间', beijingTime(h.plannedAt)],
    ['开始时间', h.startedAt === null ? '未开始' : beijingTime(h.startedAt)],
    ['结束时间', beijingTime(h.endedAt)],
    ['现场位置', `经度 ${h.lng.toFixed(6)}，纬度 ${h.lat.toFixed(6)}（WGS-84），电子围栏半径 ${h.siteRadiusM} 米`],
  ];
  if (p) {
    rows.push(
      ['预案', `第 ${p.version} 版${p.frozen ? '（行动开始时冻结）' : '（最后保存的版本，行动未开始）'}，${p.authorName} 保存于 ${beijingTime(p.savedAt)}`],
      ['行动目标', p.objective],
      ['预案风险研判', `${COLOUR_NAMES[p.riskColour]}${p.riskReasons.length > 0 ? `：${p.riskReasons.join('；')}` : ''}`],
      ['法律文书', p.documents.length === 0 ? '无' : p.documents.map((d) => `${d.name} ${d.number}`).join('\n')],
      ['应急处置', p.contingencies.length === 0 ? '无' : p.contingencies.map((c) => `${c.risk}：${c.response}`).join('\n')],
    );
  } else {
    rows.push(['预案', '无预案']);
  }
  table(doc, [{ header: '项目', width: 90 }, { header: '内容', width: textWidth(doc) - 90 }], rows, { header: false, fontSize: 9, boldColumns: [0] });
}

function teams(doc: PDFKit.PDFDocument, r: ActionReport): void {
  heading(doc, `二、执行组（${r.teams.length} 个）`);
  if (r.teams.length === 0) return paragraph(doc, '无');
  const w = textWidth(doc);
  table(
    doc,
    [{ header: '执行组', width: 130 }, { header: '分工', width: 70 }, { header: '任务', width: w - 200 }],
    r.teams.map((t) => [t.name, t.role === null ? '—' : PLAN_ROLE_NAMES[t.role], t.task ?? '—']),
  );
}

function timeline(doc: PDFKit.PDFDocument, r: ActionReport): void {
  heading(doc, `三、行动时间线（${r.timeline.length} 条）`);
  if (r.timelineTruncated) paragraph(doc, `记录过多，仅列出最早的 ${r.timeline.length} 条。`, { colour: MUTED });
  const w = textWidth(doc);
  table(
    doc,
    [{ header: '时间（北京时间）', width: 100 }, { header: '事项', width: w - 200 }, { header: '操作人', width: 100 }],
    r.timeline.map((e) => [beijingTime(e.at), e.refs.sha256 ? `${e.text}\nSHA-256：${e.refs.sha256}` : e.text, e.actor?.name ?? '系统']),
  );
}

function instructions(doc: PDFKit.PDFDocument, r: ActionReport): void {
  heading(doc, `四、指令及反馈（${r.instructions.length} 条）`);
  if (r.instructions.length === 0) return paragraph(doc, '无');
  const w = textWidth(doc);
  r.instructions.forEach((i, n) => {
    ensureSpace(doc, 70);
    paragraph(doc, `${n + 1}. 【${PRIORITY_NAMES[i.priority]}】${i.text}`, { bold: true, fontSize: 10 });
    paragraph(doc, `下达：${beijingTime(i.issuedAt)}${GAP}下达人：${i.issuedBy.name}`, { fontSize: 8, colour: MUTED });
    doc.moveDown(0.2);
    table(
      doc,
      [
        { header: '执行组', width: 80 },
        { header: '状态', width: 45 },
        { header: '送达', width: 66 },
        { header: '签收', width: 66 },
        { header: '反馈/拒收', width: 66 },
        { header: '反馈内容', width: w - 323 },
      ],
      i.targets.map((t) => [
        t.teamName,
        STATE_NAMES[t.state],
        beijingTime(t.deliveredAt),
        t.acknowledgedAt === null ? '—' : `${beijingTime(t.acknowledgedAt)}${t.acknowledgedBy ? `\n${t.acknowledgedBy.name}` : ''}`,
        t.finishedAt === null ? '—' : `${beijingTime(t.finishedAt)}${t.finishedBy ? `\n${t.finishedBy.name}` : ''}`,
        t.feedback ? `${t.feedback.text}${t.feedback.hasPhoto ? '（附照片）' : ''}` : t.refuseReason ? `拒收理由：${t.refuseReason}` : '—',
      ]),
    );
  });
}

function recordings(doc: PDFKit.PDFDocument, r: ActionReport): void {
  heading(doc, `五、执法记录（录像 ${r.recordings.length} 段）`);
  const w = textWidth(doc);
  if (r.recordings.length === 0) paragraph(doc, '无录像');
  else {
    table(
      doc,
      [
        { header: '执行组 · 警员', width: 82 },
        { header: '类型', width: 28 },
        { header: '开始 — 结束', width: 78 },
        { header: '大小', width: 42 },
        { header: 'SHA-256', width: w - 230, oneLine: true },
      ],
      r.recordings.map((x) => [
        `${x.teamName ?? '—'}\n${x.officer}`,
        x.kind === 'audio' ? '音频' : '视频',
        `${beijingTime(x.startedAt)}\n${beijingTime(x.endedAt)}`,
        byteSize(x.bytes),
        x.sha256 ?? (x.state === 'recording' ? '录制中，未封存' : '文件缺失'),
      ]),
    );
  }
  if (r.gaps.length === 0) return paragraph(doc, '录制中断：无', { fontSize: 8, colour: MUTED });
  paragraph(doc, `录制中断（${r.gaps.length} 次）`, { bold: true, fontSize: 9 });
  const teamName = new Map(r.teams.map((t) => [t.teamId, t.name]));
  table(
    doc,
    [{ header: '执行组', width: 100 }, { header: '类型', width: 40 }, { header: '自', width: 100 }, { header: '至', width: 100 }, { header: '原因', width: w - 340 }],
    r.gaps.map((g) => [g.teamId === null ? '—' : (teamName.get(g.teamId) ?? '—'), g.kind === 'audio' ? '音频' : '视频', beijingTime(g.from), beijingTime(g.to), g.reason]),
  );
}

function chat(doc: PDFKit.PDFDocument, r: ActionReport, photos: ReadonlyMap<number, ReportPhoto>): void {
  heading(doc, `六、行动群聊（${r.chat.length} 条）`);
  if (r.chatTruncated) paragraph(doc, `消息过多，仅列出最早的 ${r.chat.length} 条。`, { colour: MUTED });
  if (r.chat.length === 0) return paragraph(doc, '无');
  for (const c of r.chat) chatMessage(doc, c, photos.get(c.message.id));
}

function chatMessage(doc: PDFKit.PDFDocument, c: ReportChatMessage, photo: ReportPhoto | undefined): void {
  const m = c.message;
  const who = [ROLE_NAMES[m.sender.role], m.sender.teamName ?? m.sender.courtName].join(' · ');
  const w = textWidth(doc);
  doc.font(FONT.regular).fontSize(9);
  const textHeight = m.text ? doc.heightOfString(m.text, { width: w - 12 }) : 0;
  ensureSpace(doc, 14 + Math.min(textHeight, 300) + (photo ? PHOTO_BOX[1] + 14 : c.photoSha256 ? 12 : 0));
  paragraph(doc, `${beijingTime(m.sentAt)}${GAP}${m.sender.name}（${who}）`, { fontSize: 8, colour: MUTED });
  if (m.text) {
    doc.font(FONT.regular).fontSize(9).text(m.text, MARGIN + 12, doc.y, { width: w - 12 });
  }
  if (m.hasPhoto) {
    if (photo) {
      const y = doc.y + 2;
      try {
        doc.image(photo.bytes, MARGIN + 12, y, { fit: PHOTO_BOX });
        doc.y = y + PHOTO_BOX[1] + 2;
      } catch (err) {
        // A stored photo passed the JPEG/PNG signature check but its body may still not decode.
        doc.y = y;
        paragraph(doc, `（照片无法显示：${err instanceof Error ? err.message : String(err)}）`, { fontSize: 8, colour: MUTED });
      }
    } else {
      paragraph(doc, `（照片未嵌入：本报告至多嵌入 ${MAX_PDF_PHOTOS} 张）`, { fontSize: 8, colour: MUTED });
    }
    doc.font(FONT.regular).fontSize(7).fillColor(MUTED).text(`照片 SHA-256：${c.photoSha256 ?? '—'}`, MARGIN + 12, doc.y, { width: w - 12 });
    doc.fillColor('#111111');
  }
  doc.x = MARGIN;
  doc.moveDown(0.5);
}

function watchers(doc: PDFKit.PDFDocument, r: ActionReport): void {
  heading(doc, `七、远程观看（${r.watchers.length} 人）`);
  if (r.watchers.length === 0) return paragraph(doc, '无');
  const w = textWidth(doc);
  table(
    doc,
    [{ header: '观看人', width: 90 }, { header: '说明', width: w - 300 }, { header: '首次观看', width: 90 }, { header: '最后离开', width: 90 }, { header: '次数', width: 30 }],
    r.watchers.map((x) => [x.name, x.text, beijingTime(x.firstJoinedAt), x.lastLeftAt === null ? '—' : beijingTime(x.lastLeftAt), String(x.joins)]),
  );
}

/** 第 k 页 / 共 n 页 and the generation time at the foot of every page, once the page count is known. */
function footers(doc: PDFKit.PDFDocument, r: ActionReport): void {
  const range = doc.bufferedPageRange();
  const w = textWidth(doc);
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    // Text below the bottom margin would make pdfkit start a page of its own: lift the margin meanwhile.
    doc.page.margins.bottom = 0;
    const y = doc.page.height - FOOTER_Y;
    doc.lineWidth(0.5).moveTo(MARGIN, y - 6).lineTo(MARGIN + w, y - 6).stroke('#bbbbbb');
    doc.font(FONT.regular).fontSize(8).fillColor(MUTED);
    doc.text(`执行行动报告${GAP}${r.header.caseNumber}`, MARGIN, y, { width: w / 3, lineBreak: false });
    doc.text(`第 ${i - range.start + 1} 页 / 共 ${range.count} 页`, MARGIN + w / 3, y, { width: w / 3, align: 'center', lineBreak: false });
    doc.text(`生成于 ${beijingTime(r.generatedAt)}`, MARGIN + (2 * w) / 3, y, { width: w / 3, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.fillColor('#111111');
}
