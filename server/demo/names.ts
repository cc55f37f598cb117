// Names: parties are anonymised the way published judgments do it (王某华, 杭州某某贸易有限公司).
import type { Rng } from './rng.ts';

const SURNAMES = [
  '陈', '王', '张', '李', '吴', '徐', '周', '金', '林', '胡', '杨', '黄', '朱', '方', '叶', '沈', '钱', '何', '郑', '孙',
  '潘', '应', '楼', '俞', '章', '蒋', '赵', '刘', '许', '王', '毛', '施', '郭', '洪', '汪', '姚', '丁', '邵', '项', '卢',
  '董', '谢', '余', '韩', '蔡', '马', '高', '冯', '程', '骆', '陆', '严', '范', '夏', '傅', '钟', '袁', '戴', '任', '鲍',
] as const;
const GIVEN = [
  '华', '明', '国', '建', '伟', '芳', '红', '军', '平', '英', '丽', '强', '敏', '杰', '峰', '涛', '斌', '霞', '燕', '勇',
  '刚', '辉', '玲', '萍', '飞', '亮', '磊', '娟', '静', '超', '洁', '林', '琳', '鑫', '浩', '宇', '婷', '文', '云', '海',
  '东', '春', '晓', '秀', '美', '丹', '俊', '波', '佳', '宏', '志', '新', '兰', '青', '雪', '荣', '德', '成', '健', '忠',
] as const;
const INDUSTRIES = [
  '贸易', '建设工程', '实业', '科技', '置业', '纺织', '机械制造', '电子商务', '物流', '餐饮管理', '服饰', '五金制品',
  '汽车销售', '房地产开发', '建材', '进出口', '商贸', '印染', '食品', '装饰工程', '网络科技', '投资管理', '化工', '塑业',
] as const;
/** 裁执分离 applicants are administrative organs; 某某 keeps them from naming a real one. */
export const ORGANS = ['某某街道办事处', '某某镇人民政府', '某某乡人民政府', '某某开发区管理委员会'] as const;
/** Lending applicants, with {city} and {county} to fill in. */
export const LENDERS = ['某某银行股份有限公司{city}分行', '{city}某某农村商业银行股份有限公司', '{county}某某小额贷款有限公司', '某某融资担保有限公司'] as const;

/** Plate letters of the cities (浙A 杭州 … 浙L 舟山), for the teams' vehicles. */
export const PLATE_LETTER: Record<string, string> = {
  杭州市: 'A', 宁波市: 'B', 温州市: 'C', 绍兴市: 'D', 湖州市: 'E', 嘉兴市: 'F', 金华市: 'G', 衢州市: 'H', 台州市: 'J', 丽水市: 'K', 舟山市: 'L',
};

/** The letters a plate's series may start with. */
export const PLATE_SERIES = [...'DFGHJKLMNPQRSTUVWXYZ'];

/** A division's name without its 区/县/市 suffix (西湖区 → 西湖), as parties' names use it. */
export function stem(name: string): string {
  return name.replace(/(畲族自治县|自治县|区|县|市)$/, '');
}

/** A party who is a person, anonymised (王某华). */
export function person(rng: Rng): string {
  return `${rng.pick(SURNAMES)}某${rng.pick(GIVEN)}`;
}

/** A staff member's name (they are people of the demo courts, not parties, so not anonymised). */
export function staffName(rng: Rng): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.7) ? rng.pick(GIVEN) : '');
}

/** A party that is a company of `place`, anonymised (杭州某某贸易有限公司). */
export function company(rng: Rng, place: string): string {
  return `${place}某某${rng.pick(INDUSTRIES)}${rng.chance(0.08) ? '股份' : ''}有限公司`;
}

const CN_DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;
/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (team numbers). */
export function chineseNumber(n: number): string {
  if (n < 10) return CN_DIGITS[n]!;
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? '' : CN_DIGITS[tens]!}十${CN_DIGITS[n % 10]!}`;
}
