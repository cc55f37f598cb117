import { existsSync } from 'node:fs';
import path from 'node:path';
import { DispatchError } from '../errors.ts';

/** A CJK font the PDF embeds a subset of: the file and, in a collection (.ttc), the face's PostScript name. */
export interface FontFace {
  file: string;
  postscriptName: string;
}

/** The faces of the report: body text and headings. */
export interface ReportFonts {
  regular: FontFace;
  bold: FontFace;
}

/**
 * Where systems put Noto Sans CJK (Debian's and Ubuntu's fonts-noto-cjk first; Fedora's and Arch's
 * beside it). The report never fetches a font at run time: the server's own system carries it.
 */
export const FONT_DIRS: readonly string[] = [
  '/usr/share/fonts/opentype/noto',
  '/usr/share/fonts/noto-cjk',
  '/usr/share/fonts/google-noto-sans-cjk-fonts',
  '/usr/share/fonts/google-noto-cjk',
];

/** The Simplified Chinese faces of the Noto Sans CJK collections. */
const FACES = {
  regular: { file: 'NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' },
  bold: { file: 'NotoSansCJK-Bold.ttc', postscriptName: 'NotoSansCJKsc-Bold' },
} as const;

/** The report's fonts from the first of `dirs` that holds both faces; null when none does. */
export function findReportFonts(dirs: readonly string[] = FONT_DIRS): ReportFonts | null {
  for (const dir of dirs) {
    const regular = path.join(dir, FACES.regular.file);
    const bold = path.join(dir, FACES.bold.file);
    if (existsSync(regular) && existsSync(bold)) {
      return { regular: { file: regular, postscriptName: FACES.regular.postscriptName }, bold: { file: bold, postscriptName: FACES.bold.postscriptName } };
    }
  }
  return null;
}

/** The report's font is not installed: the PDF cannot carry its Chinese text (the page still can). */
export class ReportFontMissingError extends DispatchError {
  constructor() {
    super('ERR_INTERNAL', `报告字体缺失，请安装 fonts-noto-cjk（npm run setup）/ the report font (Noto Sans CJK, Debian's fonts-noto-cjk) is not installed in ${FONT_DIRS.join(', ')}`, 503);
  }
}
