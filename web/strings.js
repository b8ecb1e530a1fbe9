// strings.js — the user-visible strings of the lessons gallery, the lesson card and the explanation cards,
// in one table per language (the lessons' own texts live in their files, as {en: …, zh: …}; the cards' in
// cards.js). A translation is a table beside `en` with the same keys; `text()` falls back to English.
// Placeholders are {name}; no sentence is glued from fragments.

export const STRINGS = {
  en: {
    'lessons.heading': 'Lessons',
    'lessons.intro': 'Each lesson opens an experiment, says what to look at, and offers changes to try, one click each.',
    'lessons.count': '{count} lessons',
    'lessons.loading': 'Loading the lessons…',
    'lessons.failed': 'The lessons could not be loaded: {reason}',
    'lessons.open': 'Open lesson {index}: {title}',
    'lesson.label': 'Lesson {index} of {count}',
    'lesson.look': 'What to look at',
    'lesson.try': 'Try this',
    'lesson.notice': 'What to notice',
    'lesson.apply': 'Apply',
    'lesson.applied': 'Applied',
    'lesson.changes': 'Sets {changes}',
    'lesson.restart': 'Start the lesson over',
    'lesson.close': 'Close the lesson',
    'lesson.next': 'Next lesson: {title}',
    'lesson.all': 'All lessons',
    'lesson.stepFailed': 'This change could not be applied: {reason}',
    'card.open': 'About {kind}: update rule and intuition',
    'card.close': 'Close',
    'card.symbols': 'Symbols',
    'card.torch': 'In PyTorch: {torch}',
    'card.optimizer': 'Optimizer',
    'card.schedule': 'Learning-rate schedule',
    // classroom links (classroom.js)
    'classroom.open': 'Classroom link…',
    'classroom.heading': 'Classroom link',
    'classroom.intro': 'A link to this experiment that also sets what your students see: controls hidden or locked, the charts shown, a lesson card or a note of yours, the language, and an embed mode for slides.',
    'classroom.charts': 'Charts shown',
    'classroom.chart.runs': 'Runs table',
    'classroom.chart.loss': 'Loss',
    'classroom.chart.lr': 'Learning rate',
    'classroom.chart.data': 'Data and fits',
    'classroom.chart.surface': 'Loss surface or landscape',
    'classroom.chart.tune': 'Tuning',
    'classroom.sections': 'Sections of the form',
    'classroom.single': 'Single controls',
    'classroom.section.experiment': 'Experiment',
    'classroom.section.data': 'Data',
    'classroom.section.model': 'Model',
    'classroom.section.runs': 'Runs',
    'classroom.mode.shown': 'shown',
    'classroom.mode.locked': 'locked',
    'classroom.mode.hidden': 'hidden',
    'classroom.lesson': 'Lesson card',
    'classroom.noLesson': 'none',
    'classroom.text': 'Your note (plain text, at most {max} characters)',
    'classroom.embed': 'Embed mode: only the charts and Run/Play, for an iframe in slides or a course page',
    'classroom.lang': 'Language',
    'classroom.langAsIs': 'as the reader\'s page is',
    'classroom.lang.en': 'English',
    'classroom.lang.zh': '中文',
    'classroom.url': 'The classroom link',
    'classroom.copy': 'Copy',
    'classroom.close': 'Close',
    'classroom.copied': 'Link copied to the clipboard.',
    'classroom.selectCopy': 'Select the link and copy it (the clipboard is not available here).',
    'classroom.invalid': 'The experiment is not valid: fix it before making a link.',
    'classroom.refused': 'This classroom link asks for a view this page cannot show; nothing from the link was applied:',
    'classroom.locked': 'locked by the link',
    'classroom.note': 'Note',
    'classroom.copyLesson': 'Copy lesson link',
    'classroom.lessonCopied': 'Lesson link copied to the clipboard.',
  },
  zh: {
    // classroom links (classroom.js)
    'classroom.open': '课堂链接…',
    'classroom.heading': '课堂链接',
    'classroom.intro': '指向本实验的链接，同时设定学生看到的内容：隐藏或锁定的控件、显示的图表、课程卡片或你的说明、语言，以及用于幻灯片的嵌入模式。',
    'classroom.charts': '显示的图表',
    'classroom.chart.runs': '运行表',
    'classroom.chart.loss': '损失',
    'classroom.chart.lr': '学习率',
    'classroom.chart.data': '数据与拟合',
    'classroom.chart.surface': '损失曲面或地形',
    'classroom.chart.tune': '调参',
    'classroom.sections': '表单的各部分',
    'classroom.single': '单个控件',
    'classroom.section.experiment': '实验',
    'classroom.section.data': '数据',
    'classroom.section.model': '模型',
    'classroom.section.runs': '运行',
    'classroom.mode.shown': '显示',
    'classroom.mode.locked': '锁定',
    'classroom.mode.hidden': '隐藏',
    'classroom.lesson': '课程卡片',
    'classroom.noLesson': '无',
    'classroom.text': '你的说明（纯文本，最多 {max} 个字符）',
    'classroom.embed': '嵌入模式：只显示图表和运行/播放，用于幻灯片或课程页面中的 iframe',
    'classroom.lang': '语言',
    'classroom.langAsIs': '随读者的页面',
    'classroom.lang.en': 'English',
    'classroom.lang.zh': '中文',
    'classroom.url': '课堂链接',
    'classroom.copy': '复制',
    'classroom.close': '关闭',
    'classroom.copied': '链接已复制到剪贴板。',
    'classroom.selectCopy': '请选中链接并复制（此处无法使用剪贴板）。',
    'classroom.invalid': '实验无效：请先修正再生成链接。',
    'classroom.refused': '此课堂链接要求的视图无法显示；链接中的任何内容都未应用：',
    'classroom.locked': '已被链接锁定',
    'classroom.note': '说明',
    'classroom.copyLesson': '复制课程链接',
    'classroom.lessonCopied': '课程链接已复制到剪贴板。',
    'lessons.heading': '课程',
    'lessons.intro': '每一课打开一个实验，告诉你该看什么，并提供可以尝试的改动，每个改动点一下即可。',
    'lessons.count': '{count} 课',
    'lessons.loading': '正在加载课程…',
    'lessons.failed': '无法加载课程：{reason}',
    'lessons.open': '打开第 {index} 课：{title}',
    'lesson.label': '第 {index} 课，共 {count} 课',
    'lesson.look': '看什么',
    'lesson.try': '试一试',
    'lesson.notice': '注意什么',
    'lesson.apply': '应用',
    'lesson.applied': '已应用',
    'lesson.changes': '设置 {changes}',
    'lesson.restart': '重新开始本课',
    'lesson.close': '关闭本课',
    'lesson.next': '下一课：{title}',
    'lesson.all': '全部课程',
    'lesson.stepFailed': '无法应用这个改动：{reason}',
    'card.open': '关于 {kind}：更新规则与直观理解',
    'card.close': '关闭',
    'card.symbols': '符号',
    'card.torch': 'PyTorch 中：{torch}',
    'card.optimizer': '优化器',
    'card.schedule': '学习率调度',
  },
};

/** The page's language ('en' until a switch exists). */
let language = 'en';

/** Sets the language of text() (unknown languages fall back to English). */
export function setLanguage(lang) {
  language = Object.hasOwn(STRINGS, lang) ? lang : 'en';
}

/** The current language. */
export const currentLanguage = () => language;

/**
 * The string `key` in the current language with {placeholders} filled.
 * @param {string} key @param {Record<string, string|number>} [vars]
 */
export function text(key, vars = {}) {
  const template = STRINGS[language]?.[key] ?? STRINGS.en[key];
  if (template === undefined) throw new Error(`strings.js: no string ${key}`);
  return template.replace(/\{(\w+)\}/g, (m, name) => (Object.hasOwn(vars, name) ? String(vars[name]) : m));
}

/**
 * A localised field of a data file ({en: '…', zh: '…'}): the current language's, else English's.
 * @param {{[lang: string]: string}} field
 */
export function localized(field) {
  if (typeof field === 'string') return field;
  return field?.[language] ?? field?.en ?? '';
}
