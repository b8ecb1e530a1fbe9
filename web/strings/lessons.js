// strings/lessons.js — the lessons gallery, the lesson card (lessons.js) and the explanation cards
// (explain.js): each key in English and Simplified Chinese (strings.js).

export default {
  'lessons.heading': {
    en: 'Lessons',
    zh: '课程',
  },
  'lessons.intro': {
    en: 'Each lesson opens an experiment, says what to look at, and offers changes to try, one click each.',
    zh: '每节课打开一个实验，说明要看什么，并提供可以尝试的改动，每个只需点一下。',
  },
  'lessons.count.one': {
    en: '{count} lesson',
    zh: '{count} 节课',
  },
  'lessons.count.other': {
    en: '{count} lessons',
    zh: '{count} 节课',
  },
  'lessons.loading': {
    en: 'Loading the lessons…',
    zh: '正在加载课程…',
  },
  'lessons.failed': {
    en: 'The lessons could not be loaded: {reason}',
    zh: '无法加载课程：{reason}',
  },
  'lessons.open': {
    en: 'Open lesson {index}: {title}',
    zh: '打开第 {index} 课：{title}',
  },
  'lesson.label': {
    en: 'Lesson {index} of {count}',
    zh: '第 {index} 课，共 {count} 课',
  },
  'lesson.look': {
    en: 'What to look at',
    zh: '要看什么',
  },
  'lesson.try': {
    en: 'Try this',
    zh: '试一试',
  },
  'lesson.notice': {
    en: 'What to notice',
    zh: '要注意什么',
  },
  'lesson.apply': {
    en: 'Apply',
    zh: '应用',
  },
  'lesson.applyStep': {
    en: 'Apply: {step}',
    zh: '应用：{step}',
  },
  'lesson.applied': {
    en: 'Applied',
    zh: '已应用',
  },
  'lesson.changes': {
    en: 'Sets {changes}',
    zh: '设置 {changes}',
  },
  'lesson.restart': {
    en: 'Start the lesson over',
    zh: '重新开始本课',
  },
  'lesson.close': {
    en: 'Close the lesson',
    zh: '关闭本课',
  },
  'lesson.nextPlain': {
    en: 'Next lesson',
    zh: '下一课',
  },
  'lesson.next': {
    en: 'Next lesson: {title}',
    zh: '下一课：{title}',
  },
  'lesson.all': {
    en: 'All lessons',
    zh: '全部课程',
  },
  'lesson.stepFailed': {
    en: 'This change could not be applied: {reason}',
    zh: '无法应用这项改动：{reason}',
  },
  'card.open': {
    en: 'About {kind}: update rule and intuition',
    zh: '关于 {kind}：更新规则与直观理解',
  },
  'card.close': {
    en: 'Close',
    zh: '关闭',
  },
  'card.symbols': {
    en: 'Symbols',
    zh: '符号',
  },
  'card.torch': {
    en: 'In PyTorch: {torch}',
    zh: '在 PyTorch 中：{torch}',
  },
  'card.optimizer': {
    en: 'Optimizer',
    zh: '优化器',
  },
  'card.schedule': {
    en: 'Learning-rate schedule',
    zh: '学习率调度',
  },
};
