// strings/classroom.js — classroom links: the teacher's panel and what a link shows (classroom.js): each key
// in English and Simplified Chinese (strings.js).

export default {
  'classroom.open': {
    en: 'Classroom link…',
    zh: '课堂链接…',
  },
  'classroom.heading': {
    en: 'Classroom link',
    zh: '课堂链接',
  },
  'classroom.intro': {
    en: 'A link to this experiment that also sets what your students see: controls hidden or locked, the charts shown, a lesson card or a note of yours, the language, and an embed mode for slides.',
    zh: '指向本实验的链接，同时设定学生看到的内容：隐藏或锁定的控件、显示的图表、课程卡片或你的说明、语言，以及用于幻灯片的嵌入模式。',
  },
  'classroom.charts': {
    en: 'Charts shown',
    zh: '显示的图表',
  },
  'classroom.chart.runs': {
    en: 'Runs table',
    zh: '运行表',
  },
  'classroom.chart.loss': {
    en: 'Loss',
    zh: '损失',
  },
  'classroom.chart.lr': {
    en: 'Learning rate',
    zh: '学习率',
  },
  'classroom.chart.data': {
    en: 'Data and fits',
    zh: '数据与拟合',
  },
  'classroom.chart.surface': {
    en: 'Loss surface or landscape',
    zh: '损失曲面或地形',
  },
  'classroom.chart.tune': {
    en: 'Tuning',
    zh: '调参',
  },
  'classroom.sections': {
    en: 'Sections of the form',
    zh: '表单的各部分',
  },
  'classroom.single': {
    en: 'Single controls',
    zh: '单个控件',
  },
  'classroom.section.experiment': {
    en: 'Experiment',
    zh: '实验',
  },
  'classroom.section.data': {
    en: 'Data',
    zh: '数据',
  },
  'classroom.section.model': {
    en: 'Model',
    zh: '模型',
  },
  'classroom.section.runs': {
    en: 'Runs',
    zh: '运行',
  },
  'classroom.mode.shown': {
    en: 'shown',
    zh: '显示',
  },
  'classroom.mode.locked': {
    en: 'locked',
    zh: '锁定',
  },
  'classroom.mode.hidden': {
    en: 'hidden',
    zh: '隐藏',
  },
  'classroom.lesson': {
    en: 'Lesson card',
    zh: '课程卡片',
  },
  'classroom.noLesson': {
    en: 'none',
    zh: '无',
  },
  'classroom.text': {
    en: 'Your note (plain text, at most {max} characters)',
    zh: '你的说明（纯文本，最多 {max} 个字符）',
  },
  'classroom.embed': {
    en: 'Embed mode: only the charts and Run/Play, for an iframe in slides or a course page',
    zh: '嵌入模式：只显示图表和运行/播放，用于幻灯片或课程页面中的 iframe',
  },
  'classroom.lang': {
    en: 'Language',
    zh: '语言',
  },
  'classroom.langAsIs': {
    en: 'as the reader\'s page is',
    zh: '随读者的页面',
  },
  'classroom.lang.en': {
    en: 'English',
    zh: 'English',
  },
  'classroom.lang.zh': {
    en: '中文',
    zh: '中文',
  },
  'classroom.url': {
    en: 'The classroom link',
    zh: '课堂链接',
  },
  'classroom.copy': {
    en: 'Copy',
    zh: '复制',
  },
  'classroom.close': {
    en: 'Close',
    zh: '关闭',
  },
  'classroom.copied': {
    en: 'Link copied to the clipboard.',
    zh: '链接已复制到剪贴板。',
  },
  'classroom.selectCopy': {
    en: 'Select the link and copy it (the clipboard is not available here).',
    zh: '请选中链接并复制（此处无法使用剪贴板）。',
  },
  'classroom.invalid': {
    en: 'The experiment is not valid: fix it before making a link.',
    zh: '实验无效：请先修正再生成链接。',
  },
  'classroom.refused': {
    en: 'This classroom link asks for a view this page cannot show; nothing from the link was applied:',
    zh: '此课堂链接要求的视图无法显示；链接中的任何内容都未应用：',
  },
  'classroom.locked': {
    en: 'locked by the link',
    zh: '已被链接锁定',
  },
  'classroom.note': {
    en: 'Note',
    zh: '说明',
  },
  'classroom.copyLesson': {
    en: 'Copy lesson link',
    zh: '复制课程链接',
  },
  'classroom.lessonCopied': {
    en: 'Lesson link copied to the clipboard.',
    zh: '课程链接已复制到剪贴板。',
  },
};
