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
  },
  zh: {
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
