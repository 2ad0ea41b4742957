/**
 * The demo city 示范市 as an org sheet (the same CSV columns a real import uses), so the demo
 * goes through the real import path. All people are fictional; mobiles are 138-0000-xxxx
 * numbers in order of appearance; no platform ids (people bind themselves in chat).
 */
import { ORG_COLUMNS } from './org-parse.js';

/** [姓名, 科室, 角色] */
type P = readonly [string, string, string];
interface D {
  name: string;
  parent?: string;
  people: readonly P[];
}

const CITY = '示范市';
const EAST = '东湖区';
const WEST = '西山县';

const DEMO: readonly D[] = [
  { name: CITY, people: [['高明远', '市政府', '领导'], ['林书华', '市委', '领导'], ['韩志诚', '市政府', '领导']] },
  {
    name: '示范市机构编制委员会办公室', // 市委编办: the supervising office
    parent: CITY,
    people: [
      ['陈立新', '', '主要负责人'],
      ['王静怡', '监督检查科', '分管领导、监管员'],
      ['刘子航', '监督检查科', '监管员'],
      ['赵雨桐', '监督检查科', '监管员'],
      ['孙海峰', '机构编制科', '监管员'],
      ['周晓梅', '综合科', '监管员'],
    ],
  },
  {
    name: '示范市市场监督管理局',
    parent: CITY,
    people: [
      ['吴建军', '', '主要负责人'],
      ['郑丽娟', '办公室', '联络员'],
      ['冯国栋', '法规科', '分管领导'],
      ['何文博', '综合执法科', '分管领导'],
      ['许佳琪', '食品安全科', '信息员'],
    ],
  },
  {
    name: '示范市自然资源和规划局',
    parent: CITY,
    people: [['曹永强', '', '主要负责人'], ['彭小燕', '办公室', '联络员'], ['邓卫东', '执法监察科', '分管领导'], ['萧雅琴', '国土空间规划科', '信息员']],
  },
  {
    name: '示范市住房和城乡建设局',
    parent: CITY,
    people: [['谢德华', '', '主要负责人'], ['蒋欣然', '办公室', '联络员'], ['沈浩然', '建筑市场监管科', '分管领导']],
  },
  {
    name: '示范市生态环境局',
    parent: CITY,
    people: [['韦振宇', '', '主要负责人'], ['潘婷婷', '办公室', '联络员'], ['杜明辉', '环境执法科', '分管领导'], ['程思远', '大气环境科', '信息员']],
  },
  { name: '示范市交通运输局', parent: CITY, people: [['邹慧敏', '办公室', '联络员'], ['陆天宇', '综合执法科', '分管领导']] },
  {
    name: '示范市农业农村局',
    parent: CITY,
    people: [['姜红梅', '', '主要负责人'], ['范晓东', '办公室', '联络员'], ['石俊杰', '执法科', '分管领导']],
  },
  {
    name: '示范市卫生健康委员会',
    parent: CITY,
    people: [['金秀英', '', '主要负责人'], ['魏晨曦', '办公室', '联络员'], ['廖振华', '医政科', '分管领导'], ['方诗涵', '疾病预防控制科', '信息员']],
  },
  {
    name: '示范市教育局',
    parent: CITY,
    people: [['秦伟民', '', '主要负责人'], ['唐欣怡', '办公室', '联络员'], ['贺永康', '督导科', '分管领导'], ['包晓玲', '基础教育科', '信息员']],
  },
  { name: '示范市人力资源和社会保障局', parent: CITY, people: [['毛雪莹', '办公室', '联络员'], ['汤立伟', '劳动监察科', '分管领导']] },
  {
    name: '示范市应急管理局',
    parent: CITY,
    people: [['尹国庆', '', '主要负责人'], ['黎晓琳', '办公室', '联络员'], ['易志强', '安全生产监管科', '分管领导'], ['常梦瑶', '应急救援科', '信息员']],
  },
  {
    name: '示范市行政审批服务局',
    parent: CITY,
    people: [['武振国', '', '主要负责人'], ['乔雅婷', '办公室', '联络员'], ['赖文杰', '政务服务科', '分管领导']],
  },
  // 联动部门: they receive and act on findings the supervising office passes on.
  { name: '示范市纪委监委', parent: CITY, people: [['江海涛', '党风政风监督室', '联动部门'], ['聂婉清', '办公室', '联动部门']] },
  { name: '示范市审计局', parent: CITY, people: [['郝玉兰', '经济责任审计科', '联动部门'], ['屈文斌', '办公室', '联动部门']] },
  { name: '示范市信访局', parent: CITY, people: [['严锦程', '督查科', '联动部门'], ['褚佳音', '办公室', '联动部门']] },
  { name: '示范市委巡察办', parent: CITY, people: [['华晓峰', '巡察指导科', '联动部门'], ['舒雅文', '综合科', '联动部门']] },
  { name: '示范市委组织部', parent: CITY, people: [['温丽萍', '干部监督科', '联动部门'], ['阮志明', '办公室', '联动部门']] },
  { name: '示范市政府督查室', parent: CITY, people: [['鲁振兴', '督查一科', '联动部门'], ['祁海燕', '综合科', '联动部门']] },

  { name: EAST, parent: CITY, people: [['罗建华', '', '主要负责人'], ['田晓静', '区委编办', '联络员'], ['蔡俊', '区政府办公室', '信息员']] },
  {
    name: '东湖区市场监督管理局',
    parent: EAST,
    people: [['白宏伟', '', '主要负责人'], ['康雪', '办公室', '联络员'], ['邱子墨', '执法大队', '分管领导']],
  },
  { name: '东湖区住房和城乡建设局', parent: EAST, people: [['钟晓雯', '办公室', '联络员'], ['汪鹏', '建设管理科', '信息员']] },
  {
    name: '东湖街道',
    parent: EAST,
    people: [['崔永刚', '', '主要负责人'], ['段丽华', '党政办', '联络员'], ['任佳慧', '综合执法办', '信息员'], ['龚雨辰', '社区管理办', '信息员']],
  },
  { name: '湖滨街道', parent: EAST, people: [['雷振东', '', '主要负责人'], ['邵晓光', '党政办', '联络员'], ['侯思琪', '综合执法办', '信息员']] },

  { name: WEST, parent: CITY, people: [['孟德胜', '', '主要负责人'], ['万丽清', '县委编办', '联络员'], ['钱晓飞', '县政府办公室', '信息员']] },
  {
    name: '西山县市场监督管理局',
    parent: WEST,
    people: [['洪建明', '', '主要负责人'], ['熊丽娜', '办公室', '联络员'], ['戴文涛', '执法大队', '分管领导']],
  },
  { name: '西山县自然资源局', parent: WEST, people: [['薛晓燕', '办公室', '联络员'], ['董子轩', '执法监察股', '分管领导']] },
  {
    name: '青石镇',
    parent: WEST,
    people: [['覃志勇', '', '主要负责人'], ['黄佳怡', '党政办', '联络员'], ['葛文静', '综合执法办', '信息员'], ['陶春生', '农业农村办', '信息员']],
  },
  { name: '云岭镇', parent: WEST, people: [['殷海波', '', '主要负责人'], ['左明亮', '党政办', '联络员'], ['梁晓红', '综合执法办', '信息员']] },

  // Outside experts: universities and the press. Top-level organisations of their own.
  { name: '示范大学', people: [['叶清源', '公共管理学院', '专家'], ['朱慧琳', '法学院', '专家'], ['欧阳明', '公共管理学院', '专家']] },
  { name: '示范日报社', people: [['柏晓川', '评论部', '专家'], ['季雨萌', '新闻部', '专家']] },
];

/** The demo directory as UTF-8 CSV text (no BOM), header first. */
export function demoOrgCsv(): string {
  const header = ORG_COLUMNS.map(([label]) => label);
  const lines = [header.join(',')];
  let n = 0;
  for (const d of DEMO) {
    for (const [name, division, roles] of d.people) {
      const mobile = `138${String(++n).padStart(8, '0')}`;
      const cells: Record<string, string> = { 部门: d.name, 上级部门: d.parent ?? '', 科室: division, 姓名: name, 手机: mobile, 角色: roles };
      lines.push(header.map((h) => cells[h] ?? '').join(','));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
