import { spawnSync } from 'node:child_process';

/** Why recorder tests cannot run here (no ffmpeg/ffprobe), or null when they can. */
export function recorderUnavailable(): string | null {
  for (const bin of [process.env.FFMPEG_PATH ?? 'ffmpeg', 'ffprobe']) {
    const r = spawnSync(bin, ['-version'], { stdio: 'ignore' });
    if (r.error || r.status !== 0) return `${bin} not found: run \`npm run setup\` (it installs Debian's ffmpeg)`;
  }
  return null;
}

/** What ffprobe reads in a media file. */
export interface Probe {
  /** The container's duration in seconds (WebM writes it when ffmpeg quits cleanly). */
  duration: number;
  streams: { codec: string; kind: string; width?: number; height?: number }[];
  /** ffprobe's one-line summary, as printed in reports. */
  line: string;
}

/** ffprobe of `file`; throws with ffprobe's message when it cannot read it. */
export function probe(file: string): Probe {
  const r = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration,format_name,size,bit_rate:stream=codec_type,codec_name,width,height', '-of', 'json', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ffprobe ${file}: ${r.stderr}`);
  const j = JSON.parse(r.stdout) as { format: { duration?: string; format_name: string; size: string; bit_rate?: string }; streams: { codec_type: string; codec_name: string; width?: number; height?: number }[] };
  const streams = j.streams.map((s) => ({ codec: s.codec_name, kind: s.codec_type, width: s.width, height: s.height }));
  const duration = Number(j.format.duration ?? NaN);
  const line = `${j.format.format_name} duration=${duration.toFixed(3)}s size=${j.format.size}B bit_rate=${j.format.bit_rate ?? '?'} ${streams.map((s) => `${s.kind}:${s.codec}${s.width ? ` ${s.width}x${s.height}` : ''}`).join(' ')}`;
  return { duration, streams, line };
}

/** Presentation times (s) of the video key frames in `file`. */
export function keyFrameTimes(file: string): number[] {
  const r = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ffprobe ${file}: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l.includes('K')).map((l) => Number(l.split(',')[0]));
}
